"""The airtime ledger: for every person, seconds holding the floor and number of turns,
from the server's own floor events; those who facilitate see the seconds live, others
see the turns only."""

from server.domain import decide
from server.domain import commands as c
from server.domain import events as e
from server.domain.state import Airtime
from server.domain.views import Viewer, project, snapshot
from tests.domain.rooms import BOB, CAT, FACILITATOR, T0, at_round, do, guest, meeting


def _ledger(state):
    return {p: (a.seconds, a.turns) for p, a in state.airtime.items()}


def _ask():
    return at_round(meeting(), "ask")


def test_nobody_has_airtime_before_speaking():
    assert _ask().airtime == {}


def test_getting_the_floor_counts_a_turn_and_ending_it_counts_the_seconds():
    state = do(_ask(), c.GiveFloor("p3"), now=T0 + 10)
    assert _ledger(state) == {"p3": (0.0, 1)}
    state = do(state, c.EndFloor(), BOB, T0 + 75)
    assert _ledger(state) == {"p3": (65.0, 1)}


def test_airtime_adds_up_over_turns_and_people():
    state, now = _ask(), T0
    for person, seconds in [("p3", 30), ("p4", 12), ("p3", 20), ("p2", 5)]:
        state = do(state, c.GiveFloor(person), now=now)
        now += seconds
    state = do(state, c.EndFloor(), now=now)
    assert _ledger(state) == {"p3": (50.0, 2), "p4": (12.0, 1), "p2": (5.0, 1)}


def test_a_turn_cut_short_by_the_next_round_or_by_turns_starting_is_counted():
    state = do(_ask(), c.GiveFloor("p4"), now=T0)
    state = do(state, c.JumpToRound("r5"), now=T0 + 40)  # feedback: a round-robin
    assert _ledger(state) == {"p4": (40.0, 1)}
    state = do(do(state, c.GiveFloor("p2"), now=T0 + 50), c.StartTurns(), now=T0 + 53)
    assert _ledger(state)["p2"] == (3.0, 1)
    assert _ledger(state)["p3"] == (0.0, 1)  # the first turn has begun


def test_a_passed_turn_counts_as_a_turn_of_no_length():
    state = do(at_round(meeting(), "feedback"), c.StartTurns(), now=T0)
    state = do(state, c.PassTurn(), BOB, T0)
    assert _ledger(state)["p3"] == (0.0, 1)


def test_a_guest_has_airtime_by_name():
    state, gus = guest(_ask())
    state = do(do(state, c.GiveFloor(gus), now=T0), c.EndFloor(), now=T0 + 9)
    assert _ledger(state) == {gus: (9.0, 1)}
    assert state.people[gus].name == "Gus"


def test_airtime_is_never_lost_when_the_same_person_gets_the_floor_again():
    state = do(_ask(), c.GiveFloor("p3"), now=T0)
    assert decide(state, c.GiveFloor("p3"), FACILITATOR, T0 + 30) == []
    assert _ledger(do(state, c.GiveFloor("p4"), now=T0 + 30))["p3"] == (30.0, 1)


# --- who sees the seconds ----------------------------------------------------------------


def _spoken():
    state = do(_ask(), c.GiveFloor("p3"), now=T0)
    return do(do(state, c.GiveFloor("p4"), now=T0 + 30), c.EndFloor(), CAT, T0 + 45)


def test_a_facilitator_sees_the_seconds_and_others_see_the_turns_only():
    state = _spoken()
    assert snapshot(state, Viewer("p1", True))["airtime"] == {
        "p3": {"seconds": 30.0, "turns": 1}, "p4": {"seconds": 15.0, "turns": 1}
    }
    for viewer in (Viewer("p3", False), Viewer("p2", False), Viewer(None, False)):
        assert snapshot(state, viewer)["airtime"] == {
            "p3": {"seconds": None, "turns": 1}, "p4": {"seconds": None, "turns": 1}
        }


def test_a_floor_ended_event_carries_its_seconds_to_those_who_facilitate_only():
    state = do(_ask(), c.GiveFloor("p3"), now=T0)
    ended = {"seq": 5, **e.to_dict(decide(state, c.EndFloor(), BOB, T0 + 12)[0])}
    assert project(ended, Viewer("p1", True))["seconds"] == 12.0
    assert project(ended, Viewer("p3", False))["seconds"] is None  # not even the speaker
    assert project(ended, Viewer(None, False))["seconds"] is None


def test_ledger_entries_use_the_airtime_record():
    assert _spoken().airtime["p3"] == Airtime(30.0, 1)
