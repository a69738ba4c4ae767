"""People: the server joins them, marks them online and offline; each renames only
themselves; the facilitator assigns duties; anyone marks themselves done."""

import pytest

from protocol.codes import ErrorCode
from server.domain import DomainError, decide
from server.domain import commands as c
from server.domain import events as e
from server.domain.rules import MAX_PEOPLE
from server.domain.state import SYSTEM, Actor, Role
from tests.domain.rooms import ANN, BOB, CAT, FACILITATOR, T0, at_round, do, refusal, room


def test_the_facilitator_is_the_first_person_of_the_room():
    state = room(0)
    host = state.people["p1"]
    assert (host.name, host.role, host.joined_at, host.online) == ("Fay", Role.FACILITATOR, T0, False)
    assert (host.duties, host.guest) == ({"facilitator"}, False)


def test_a_joiner_becomes_a_peer_with_the_next_person_id():
    state = room(2)
    assert decide(state, c.Join("Dan"), SYSTEM, T0 + 4) == [
        e.PersonJoined("p4", "Dan", "participant", ["peer"], False, T0 + 4)
    ]
    dan = do(state, c.Join("Dan"), SYSTEM, T0 + 4).people["p4"]
    assert (dan.name, dan.role, dan.joined_at, dan.online) == ("Dan", Role.PARTICIPANT, T0 + 4, False)
    assert (dan.duties, dan.guest) == ({"peer"}, False)


def test_two_people_may_share_a_name_and_still_be_two_people():
    state = do(room(1), c.Join("Ann"), SYSTEM)
    assert [p.name for p in state.people.values()] == ["Fay", "Ann", "Ann"]
    assert list(state.people) == ["p1", "p2", "p3"]


def _crowd(size: int):
    state = room(0)
    for n in range(size - 1):
        state = do(state, c.Join(f"Guest {n}"), SYSTEM)
    assert len(state.people) == size
    return state


def test_the_room_takes_people_up_to_its_limit():
    assert decide(_crowd(MAX_PEOPLE - 1), c.Join("Last"), SYSTEM, T0)


def test_a_full_room_refuses_one_more_person():
    with pytest.raises(DomainError) as refused:
        decide(_crowd(MAX_PEOPLE), c.Join("One too many"), SYSTEM, T0)
    assert refused.value.code is ErrorCode.LIMIT_REACHED


# --- presence ------------------------------------------------------------------------


def test_a_person_comes_online_once():
    state = room()
    assert decide(state, c.MarkOnline("p2"), SYSTEM, T0) == [e.PersonCameOnline("p2")]
    state = do(state, c.MarkOnline("p2"), SYSTEM)
    assert state.people["p2"].online is True
    assert decide(state, c.MarkOnline("p2"), SYSTEM, T0) == []


def test_a_person_goes_offline_once():
    state = do(room(), c.MarkOnline("p2"), SYSTEM)
    assert decide(state, c.MarkOffline("p2"), SYSTEM, T0) == [e.PersonWentOffline("p2")]
    state = do(state, c.MarkOffline("p2"), SYSTEM)
    assert state.people["p2"].online is False
    assert decide(state, c.MarkOffline("p2"), SYSTEM, T0) == []


def test_a_new_person_is_offline_until_marked_online():
    assert decide(room(), c.MarkOffline("p2"), SYSTEM, T0) == []


@pytest.mark.parametrize("command", [c.MarkOnline("p99"), c.MarkOffline("p99")], ids=["online", "offline"])
def test_presence_of_someone_unknown_changes_nothing(command):
    assert decide(room(), command, SYSTEM, T0) == []


def test_a_full_room_takes_no_guest_either():
    with pytest.raises(DomainError) as refused:
        decide(_crowd(MAX_PEOPLE), c.AddGuest("Gus"), FACILITATOR, T0)
    assert refused.value.code is ErrorCode.LIMIT_REACHED


def test_presence_leaves_the_hand_and_the_floor_alone():
    state = do(room(), c.RaiseHand(), BOB)
    state = do(state, c.GiveFloor("p2"))
    state = do(state, c.MarkOnline("p3"), SYSTEM)
    after = do(state, c.MarkOffline("p3"), SYSTEM)
    assert (after.queue, after.floor) == (state.queue, state.floor)


# --- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(("actor", "person"), [(ANN, "p2"), (FACILITATOR, "p1")], ids=["participant", "facilitator"])
def test_a_person_renames_themselves(actor, person):
    state = room()
    assert decide(state, c.Rename("New name"), actor, T0) == [e.PersonRenamed(person, "New name")]
    after = do(state, c.Rename("New name"), actor)
    assert after.people[person].name == "New name"
    assert {p: x.name for p, x in after.people.items() if p != person} == {
        p: x.name for p, x in state.people.items() if p != person
    }


def test_renaming_to_the_same_name_changes_nothing():
    assert decide(room(), c.Rename("Ann"), ANN, T0) == []


def test_someone_not_in_the_room_cannot_rename():
    """A stranger has no duties at all; a facilitator link that names no person has no name."""
    assert refusal(room(), c.Rename("Ghost"), Actor(Role.PARTICIPANT, "p99")) is ErrorCode.FORBIDDEN
    assert refusal(room(), c.Rename("Ghost"), Actor(Role.FACILITATOR, "p99")) is ErrorCode.NOT_FOUND


# --- duties ------------------------------------------------------------------------------


def test_the_facilitator_adds_and_removes_duties_and_each_change_carries_the_whole_set():
    state = room(2)
    assert decide(state, c.SetDuty("p2", "case_owner", True), FACILITATOR, T0) == [
        e.DutiesChanged("p2", ["case_owner", "peer"])
    ]
    state = do(state, c.SetDuty("p2", "case_owner", True))
    assert decide(state, c.SetDuty("p2", "peer", False), FACILITATOR, T0) == [e.DutiesChanged("p2", ["case_owner"])]
    assert do(state, c.SetDuty("p2", "peer", False)).people["p2"].duties == {"case_owner"}


def test_a_duty_given_twice_or_taken_when_absent_changes_nothing():
    state = room(2)
    assert decide(state, c.SetDuty("p2", "peer", True), FACILITATOR, T0) == []
    assert decide(state, c.SetDuty("p2", "scribe", False), FACILITATOR, T0) == []


def test_a_duty_for_someone_unknown_is_refused():
    assert refusal(room(2), c.SetDuty("p9", "peer", True)) is ErrorCode.NOT_FOUND


def test_there_may_be_several_case_owners_and_several_facilitators():
    state = do(do(room(3), c.SetDuty("p2", "case_owner", True)), c.SetDuty("p3", "case_owner", True))
    state = do(state, c.SetDuty("p4", "facilitator", True))
    assert [p.id for p in state.people.values() if "case_owner" in p.duties] == ["p2", "p3"]
    assert [p.id for p in state.people.values() if "facilitator" in p.duties] == ["p1", "p4"]


# --- done signals -----------------------------------------------------------------------


def test_anyone_marks_themselves_done_and_undone():
    state = at_round(room(3), "ask")
    assert decide(state, c.MarkDone(), ANN, T0) == [e.PersonMarkedDone("p2", True)]
    state = do(do(state, c.MarkDone(), ANN), c.MarkDone(), CAT)
    assert state.done == {"p2", "p4"}
    assert decide(state, c.MarkDone(), ANN, T0) == []
    assert decide(state, c.MarkDone(False), BOB, T0) == []
    assert do(state, c.MarkDone(False), ANN).done == {"p4"}


def test_done_signals_start_afresh_in_every_round():
    state = do(at_round(room(3), "ask"), c.MarkDone(), ANN)
    assert do(state, c.NextRound()).done == frozenset()
