"""Compaction snapshots keep everything evolve needs: dump then load gives the same room."""

import msgpack
import pytest

from server.domain import commands as c
from server.domain import events as e
from server.domain import snapshots
from server.domain.state import SYSTEM, Room
from tests.domain.rooms import ANN, BOB, CAT, T0, do, fold, room


def _lively_room():
    """Online people, an edited and a deleted item, hands, a floor, a paused timer, phase `ask`."""
    state = room(3)
    state = do(state, c.MarkOnline("p2"), SYSTEM)
    state = do(state, c.Rename("Ann B."), ANN)
    state = do(state, c.AdvancePhase())
    state = do(state, c.AdvancePhase())
    state = do(state, c.AddItem("question", "Why now?\nWhy here?"), ANN, T0 + 1)
    state = do(state, c.AddItem("note", "gone soon"), BOB, T0 + 2)
    state = do(state, c.AddItem("option", "Pilot first"), CAT, T0 + 3)
    state = do(state, c.EditItem("i1", kind="lesson"), ANN, T0 + 4)
    state = do(state, c.DeleteItem("i2"), BOB)
    state = do(state, c.RaiseHand(), BOB, T0 + 5)
    state = do(state, c.RaiseHand(), CAT, T0 + 6)
    state = do(state, c.GiveFloor("p2"), now=T0 + 7)
    state = do(state, c.StartTimer(90.0), now=T0 + 8)
    return do(state, c.PauseTimer(), now=T0 + 20)


ROOMS = {
    "empty": Room,
    "created": lambda: room(0),
    "lively": _lively_room,
    "expired-timer": lambda: fold(do(room(), c.StartTimer(5.0)), [e.TimeUp(T0 + 5)]),
}


@pytest.mark.parametrize("make", ROOMS.values(), ids=ROOMS.keys())
def test_load_of_dump_is_the_same_room(make):
    state = make()
    assert snapshots.load(snapshots.dump(state)) == state


@pytest.mark.parametrize("make", ROOMS.values(), ids=ROOMS.keys())
def test_a_snapshot_survives_msgpack_as_the_store_keeps_it(make):
    state = make()
    stored = msgpack.packb(snapshots.dump(state), use_bin_type=True)
    assert snapshots.load(msgpack.unpackb(stored, raw=False)) == state


def test_a_loaded_room_keeps_its_counters_so_ids_are_not_reused():
    loaded = snapshots.load(snapshots.dump(_lively_room()))
    assert list(do(loaded, c.AddItem("note", "next"), ANN).items)[-1] == "i4"  # i2's number stays spent
    assert do(loaded, c.RaiseHand()).queue[-1].n == 3  # the facilitator's hand, after Bob's 1 and Cat's 2
    assert list(do(loaded, c.Join("Dan"), SYSTEM).people)[-1] == "p5"


def test_a_loaded_room_keeps_the_order_of_items_people_and_queue():
    state = _lively_room()
    loaded = snapshots.load(snapshots.dump(state))
    assert list(loaded.items) == list(state.items) == ["i1", "i3"]
    assert list(loaded.people) == list(state.people)
    assert [h.person for h in loaded.queue] == ["p3", "p4"]


def test_a_snapshot_of_an_unknown_format_is_refused():
    data = snapshots.dump(room())
    data["format"] = snapshots.FORMAT + 1
    with pytest.raises(ValueError):
        snapshots.load(data)
