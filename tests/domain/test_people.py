"""People: the server joins them, marks them online and offline; each renames only themselves."""

import pytest

from protocol.codes import ErrorCode
from server.domain import DomainError, decide
from server.domain import commands as c
from server.domain import events as e
from server.domain.rules import MAX_PEOPLE
from server.domain.state import SYSTEM, Actor, Role
from tests.domain.rooms import ANN, BOB, FACILITATOR, T0, do, room


def test_the_facilitator_is_the_first_person_of_the_room():
    state = room(0)
    host = state.people["p1"]
    assert (host.name, host.role, host.joined_at, host.online) == ("Fay", Role.FACILITATOR, T0, False)


def test_a_joiner_becomes_a_participant_with_the_next_person_id():
    state = room(2)
    assert decide(state, c.Join("Dan"), SYSTEM, T0 + 4) == [e.PersonJoined("p4", "Dan", "participant", T0 + 4)]
    dan = do(state, c.Join("Dan"), SYSTEM, T0 + 4).people["p4"]
    assert (dan.name, dan.role, dan.joined_at, dan.online) == ("Dan", Role.PARTICIPANT, T0 + 4, False)


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
    with pytest.raises(DomainError) as refused:
        decide(room(), c.Rename("Ghost"), Actor(Role.PARTICIPANT, "p99"), T0)
    assert refused.value.code is ErrorCode.NOT_FOUND
