"""The speaking queue and the floor: hands in the server's order, one speaker at a time."""

import pytest

from protocol.codes import ErrorCode
from server.domain import DomainError, decide
from server.domain import commands as c
from server.domain import events as e
from server.domain.state import Actor, Role
from tests.domain.rooms import ANN, BOB, CAT, FACILITATOR, T0, do, room


def _queue(state):
    return [(hand.person, hand.n) for hand in state.queue]


def _hands_up(*actors):
    state = room(3)
    for i, actor in enumerate(actors):
        state = do(state, c.RaiseHand(), actor, T0 + i)
    return state


def test_a_raised_hand_joins_the_end_of_the_queue_with_the_servers_next_number():
    state = _hands_up(BOB)
    assert decide(state, c.RaiseHand(), ANN, T0 + 7) == [e.HandRaised("p2", 2, T0 + 7)]
    assert _queue(do(state, c.RaiseHand(), ANN)) == [("p3", 1), ("p2", 2)]


def test_hand_numbers_keep_rising_after_the_queue_is_emptied():
    state = do(_hands_up(ANN, BOB), c.LowerAllHands())
    state = do(state, c.RaiseHand(), CAT)
    assert _queue(state) == [("p4", 3)]


def test_no_one_is_twice_in_the_queue():
    state = _hands_up(ANN, BOB)
    assert decide(state, c.RaiseHand(), ANN, T0 + 9) == []


def test_the_facilitator_may_raise_a_hand_too():
    assert _queue(_hands_up(FACILITATOR)) == [("p1", 1)]


def test_someone_who_is_not_in_the_meeting_cannot_raise_a_hand():
    stranger = Actor(Role.PARTICIPANT, "p99")
    with pytest.raises(DomainError) as refused:
        decide(room(), c.RaiseHand(), stranger, T0)
    assert refused.value.code is ErrorCode.NOT_FOUND


def test_raising_a_hand_while_holding_the_floor_changes_nothing():
    state = do(room(), c.GiveFloor("p2"))
    assert decide(state, c.RaiseHand(), ANN, T0) == []


@pytest.mark.parametrize("command", [c.LowerHand(), c.LowerHand("p2")], ids=["default", "named"])
def test_a_participant_lowers_their_own_hand(command):
    state = _hands_up(ANN, BOB)
    assert decide(state, command, ANN, T0) == [e.HandLowered("p2")]
    assert _queue(do(state, command, ANN)) == [("p3", 2)]


def test_a_participant_cannot_lower_someone_elses_hand():
    with pytest.raises(DomainError) as refused:
        decide(_hands_up(ANN, BOB), c.LowerHand("p3"), ANN, T0)
    assert refused.value.code is ErrorCode.FORBIDDEN


def test_a_facilitator_lowers_anyones_hand():
    state = _hands_up(ANN, BOB)
    assert decide(state, c.LowerHand("p3"), FACILITATOR, T0) == [e.HandLowered("p3")]


def test_lowering_a_hand_that_is_not_raised_changes_nothing():
    state = _hands_up(BOB)
    assert decide(state, c.LowerHand(), ANN, T0) == []
    assert decide(state, c.LowerHand("p2"), FACILITATOR, T0) == []


def test_lower_all_hands_empties_the_queue():
    state = _hands_up(ANN, BOB, CAT)
    assert decide(state, c.LowerAllHands(), FACILITATOR, T0) == [e.AllHandsLowered()]
    assert do(state, c.LowerAllHands()).queue == ()


def test_lowering_all_hands_of_an_empty_queue_changes_nothing():
    assert decide(room(), c.LowerAllHands(), FACILITATOR, T0) == []


def test_giving_the_floor_without_a_name_goes_to_the_first_hand():
    state = _hands_up(BOB, ANN)
    assert decide(state, c.GiveFloor(), FACILITATOR, T0 + 9) == [e.FloorGiven("p3", T0 + 9)]


def test_giving_the_floor_to_the_next_hand_when_none_is_raised_is_refused():
    with pytest.raises(DomainError) as refused:
        decide(room(), c.GiveFloor(), FACILITATOR, T0)
    assert refused.value.code is ErrorCode.QUEUE_EMPTY


def test_the_floor_may_go_to_a_named_person_whose_hand_is_down():
    assert decide(_hands_up(BOB), c.GiveFloor("p4"), FACILITATOR, T0) == [e.FloorGiven("p4", T0)]


def test_the_floor_cannot_go_to_someone_not_in_the_meeting():
    with pytest.raises(DomainError) as refused:
        decide(room(), c.GiveFloor("p99"), FACILITATOR, T0)
    assert refused.value.code is ErrorCode.NOT_FOUND


def test_the_new_speakers_hand_leaves_the_queue_and_the_others_keep_their_place():
    state = do(_hands_up(ANN, BOB, CAT), c.GiveFloor("p3"), FACILITATOR, T0 + 9)
    assert (state.floor.person, state.floor.since) == ("p3", T0 + 9)
    assert _queue(state) == [("p2", 1), ("p4", 3)]


def test_giving_the_floor_ends_the_previous_speakers_turn_first():
    state = do(_hands_up(ANN, BOB), c.GiveFloor(), FACILITATOR, T0 + 5)
    assert decide(state, c.GiveFloor(), FACILITATOR, T0 + 60) == [
        e.FloorEnded("p2", T0 + 60),
        e.FloorGiven("p3", T0 + 60),
    ]
    after = do(state, c.GiveFloor(), FACILITATOR, T0 + 60)
    assert after.floor.person == "p3" and after.queue == ()


def test_giving_the_floor_to_the_current_speaker_changes_nothing():
    state = do(room(), c.GiveFloor("p2"))
    assert decide(state, c.GiveFloor("p2"), FACILITATOR, T0) == []


def test_the_speaker_ends_their_own_turn():
    state = do(room(), c.GiveFloor("p2"))
    assert decide(state, c.EndFloor(), ANN, T0 + 3) == [e.FloorEnded("p2", T0 + 3)]
    assert do(state, c.EndFloor(), ANN).floor is None


def test_a_facilitator_ends_anyones_turn():
    state = do(room(), c.GiveFloor("p2"))
    assert decide(state, c.EndFloor(), FACILITATOR, T0) == [e.FloorEnded("p2", T0)]


def test_a_participant_cannot_end_someone_elses_turn():
    state = do(room(), c.GiveFloor("p2"))
    with pytest.raises(DomainError) as refused:
        decide(state, c.EndFloor(), BOB, T0)
    assert refused.value.code is ErrorCode.FORBIDDEN


def test_ending_the_turn_when_no_one_holds_the_floor_changes_nothing():
    assert decide(room(), c.EndFloor(), FACILITATOR, T0) == []
    assert decide(room(), c.EndFloor(), ANN, T0) == []


def test_after_their_turn_a_speaker_may_raise_a_hand_again():
    state = do(do(room(), c.GiveFloor("p2")), c.EndFloor(), ANN)
    assert decide(state, c.RaiseHand(), ANN, T0) == [e.HandRaised("p2", 1, T0)]
