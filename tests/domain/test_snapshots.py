"""Compaction snapshots keep everything evolve needs: dump then load gives the same room."""

import msgpack
import pytest

from server.domain import commands as c
from server.domain import events as e
from server.domain import decide, snapshots
from server.domain.state import SYSTEM, Room
from server.domain.views import Viewer, snapshot
from tests.domain.rooms import ANN, BOB, CAT, T0, at_round, do, fold, guest, meeting, room, start


def _lively_room():
    """The incident method at its information round: online people, duties, a guest, an
    edited and a deleted item, a private item still hidden and one revealed, a skipped
    and an added round, history, airtime, turns going round (Bob passed), a done signal,
    a paused timer."""
    state = meeting("incident")
    state = do(state, c.Rename("Ann B."), ANN)
    state, gus = guest(state)
    state = do(state, c.SkipRound("r1"))
    state = do(state, c.AddRound("clarify", position=4, minutes=3))
    state = start(state, now=T0)  # r2 tell
    state = do(state, c.AddItem("note", "gone soon"), ANN, T0 + 2)
    state = do(state, c.GiveFloor("p2"), now=T0 + 3)
    state = do(state, c.NextRound(), now=T0 + 300)  # r3 write_questions: private
    state = do(state, c.AddItem("question", "Why now?\nWhy here?"), BOB, T0 + 301)
    state = do(state, c.AddItem("question", "Who decided?"), CAT, T0 + 302)
    state = do(state, c.EditItem("i2", text="Why now, and why here?"), BOB, T0 + 303)
    state = do(state, c.DeleteItem("i1"), ANN)
    state = do(state, c.RevealItems("p4"), now=T0 + 304)
    state = do(state, c.NextRound(), now=T0 + 400)  # r4 question_round
    state = do(state, c.StartTurns(), now=T0 + 401)
    state = do(state, c.PassTurn(), BOB, T0 + 410)
    state = do(state, c.MarkDone(), CAT, T0 + 411)
    state = do(state, c.SetProgressive(True))
    state = do(state, c.StartTimer(90.0), now=T0 + 412)
    state = do(state, c.PauseTimer(), now=T0 + 420)
    assert [i.hidden for i in state.items.values()] == [True, False]
    assert state.turns.passed == ("p3",) and state.floor.person == "p4" and gus in state.people
    return state


ROOMS = {
    "empty": Room,
    "created": lambda: room(0),
    "lively": _lively_room,
    "hands": lambda: do(do(at_round(meeting(), "ask"), c.RaiseHand(), BOB), c.RaiseHand(direct=True), CAT),
    "expired-timer": lambda: fold(do(room(), c.StartTimer(5.0)), [e.TimeUp(T0 + 5)]),
    "closed": lambda: _closed_room(),
}


def _closed_room():
    """Prepared, run, with outcomes confirmed then changed, and closed."""
    state = do(meeting(), c.UpdateBrief(problem="New hires leave", context="https://example.org", starts_at=T0 + 60))
    state = do(state, c.PlanRole("Zoe", "scribe", True))
    state = do(start(state), c.AddOutcome("action", "Pilot buddies", owner="Ann", due="2027-01-31"), ANN)
    state = do(state, c.AddOutcome("lesson", "Ask early"), ANN)
    state = do(do(state, c.ConfirmOutcomes(), ANN), c.EditOutcome("o1", status="doing"), ANN)
    return do(state, c.CloseMeeting(), now=T0 + 900)


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
    assert list(do(loaded, c.AddItem("note", "next"), ANN).items)[-1] == "i4"  # i1's number stays spent
    assert list(do(loaded, c.Join("Hal"), SYSTEM).people)[-1] == "p8"
    assert do(loaded, c.AddRound("close")).agenda[-1].id == "r12"


def test_a_loaded_room_keeps_the_order_of_items_people_and_agenda():
    state = _lively_room()
    loaded = snapshots.load(snapshots.dump(state))
    assert list(loaded.items) == list(state.items) == ["i2", "i3"]
    assert list(loaded.people) == list(state.people)
    assert [r.id for r in loaded.agenda] == [r.id for r in state.agenda]


def test_a_compaction_snapshot_keeps_hidden_texts_that_no_viewer_gets():
    state = _lively_room()
    assert snapshots.dump(state)["items"][0]["text"] == "Why now, and why here?"
    assert snapshot(state, Viewer("p1", True))["items"][0]["text"] == ""


def test_a_loaded_room_continues_the_round_robin_where_it_was():
    state = _lively_room()
    loaded = snapshots.load(snapshots.dump(state))
    assert decide(loaded, c.EndFloor(), CAT, T0 + 500) == decide(state, c.EndFloor(), CAT, T0 + 500)


def test_a_snapshot_from_before_the_brief_and_outcomes_loads_with_them_empty():
    data = snapshots.dump(room())
    for name in ("brief", "roster", "outcomes", "confirmed", "closed_at", "follows", "last_outcome"):
        del data[name]
    data["format"] = 2
    assert snapshots.load(data) == room()


def test_a_snapshot_of_an_unknown_format_is_refused():
    data = snapshots.dump(room())
    data["format"] = snapshots.FORMAT + 1
    with pytest.raises(ValueError):
        snapshots.load(data)
