"""The speaking queue and the floor: hands in the server's order, one speaker at a time.

The order rule (SPEC "Floor control"): direct responses first, then plain hands by the
order they were raised or, when progressive, least airtime first; each event that
changes the order carries the whole of it.
"""

import pytest

from protocol.codes import ErrorCode
from server.domain import decide
from server.domain import commands as c
from server.domain import events as e
from server.domain.state import Actor, Role
from tests.domain.rooms import (
    ANN, BOB, CAT, DAN, FACILITATOR, SAM, T0, assign, at_round, do, fold, guest, meeting, refusal, room,
)


def _queue(state):
    return [(hand.person, hand.n) for hand in state.queue]


def _order(state):
    return [hand.person for hand in state.queue]


def _hands_up(*actors, state=None):
    state = state if state is not None else room(3)
    for i, actor in enumerate(actors):
        state = do(state, c.RaiseHand(), actor, T0 + i)
    return state


def test_a_raised_hand_joins_the_end_of_the_queue_with_the_servers_next_number():
    state = _hands_up(BOB)
    assert decide(state, c.RaiseHand(), ANN, T0 + 7) == [e.HandRaised("p2", 2, False, T0 + 7, ["p3", "p2"])]
    assert _queue(do(state, c.RaiseHand(), ANN)) == [("p3", 1), ("p2", 2)]


def test_hand_numbers_keep_rising_after_the_queue_is_emptied():
    state = do(_hands_up(ANN, BOB), c.LowerAllHands())
    state = do(state, c.RaiseHand(), CAT)
    assert _queue(state) == [("p4", 3)]


def test_no_one_is_twice_in_the_queue():
    state = _hands_up(ANN, BOB)
    assert decide(state, c.RaiseHand(), ANN, T0 + 9) == []
    assert decide(state, c.RaiseHand(direct=True), ANN, T0 + 9) == []


def test_the_facilitator_may_raise_a_hand_too():
    assert _queue(_hands_up(FACILITATOR)) == [("p1", 1)]


def test_someone_who_is_not_in_the_meeting_cannot_raise_a_hand():
    assert refusal(room(), c.RaiseHand(), Actor(Role.FACILITATOR, "p99")) is ErrorCode.NOT_FOUND


def test_raising_a_hand_while_holding_the_floor_changes_nothing():
    state = do(room(), c.GiveFloor("p2"))
    assert decide(state, c.RaiseHand(), ANN, T0) == []


# --- direct responses and progressive order -------------------------------------------


def test_a_direct_response_goes_ahead_of_plain_hands_but_behind_earlier_direct_ones():
    state = _hands_up(ANN, BOB)
    state = do(state, c.RaiseHand(direct=True), CAT, T0 + 5)
    assert _order(state) == ["p4", "p2", "p3"]
    events = decide(state, c.RaiseHand(direct=True), FACILITATOR, T0 + 6)
    assert events == [e.HandRaised("p1", 4, True, T0 + 6, ["p4", "p1", "p2", "p3"])]


def test_giving_the_floor_to_the_next_takes_the_direct_response_first():
    state = do(_hands_up(ANN, BOB), c.RaiseHand(direct=True), CAT, T0 + 5)
    assert do(state, c.GiveFloor()).floor.person == "p4"


def _spoken(state, *talks):
    """Each (actor, seconds): they hold the floor that long, one after the other."""
    now = T0 + 1_000
    for actor, seconds in talks:
        state = do(state, c.GiveFloor(actor.person), now=now)
        state = do(state, c.EndFloor(), now=now + seconds)
        now += seconds + 1
    return state


def test_progressive_order_puts_the_least_airtime_first_and_says_so_with_the_whole_queue():
    state = _spoken(room(3), (ANN, 300), (BOB, 30), (CAT, 120))
    state = _hands_up(ANN, CAT, BOB, state=state)
    assert _order(state) == ["p2", "p4", "p3"]  # raised order
    assert decide(state, c.SetProgressive(True), FACILITATOR, T0) == [e.QueueReordered(True, ["p3", "p4", "p2"])]
    state = do(state, c.SetProgressive(True))
    assert (_order(state), state.progressive) == (["p3", "p4", "p2"], True)
    assert decide(state, c.SetProgressive(True), FACILITATOR, T0) == []
    assert _order(do(state, c.SetProgressive(False))) == ["p2", "p4", "p3"]


def test_with_progressive_order_a_new_hand_takes_its_place_by_airtime_and_direct_still_goes_first():
    state = do(_spoken(room(4), (ANN, 300), (BOB, 30)), c.SetProgressive(True))
    state = _hands_up(ANN, BOB, state=state)
    state = do(state, c.RaiseHand(), CAT)  # never spoke
    assert _order(state) == ["p4", "p3", "p2"]
    state = do(state, c.RaiseHand(direct=True), DAN)
    assert _order(state) == ["p5", "p4", "p3", "p2"]


def test_with_progressive_order_equal_airtime_keeps_the_raising_order():
    state = do(room(3), c.SetProgressive(True))
    assert _order(_hands_up(CAT, ANN, BOB, state=state)) == ["p4", "p2", "p3"]


def test_with_progressive_order_the_airtime_of_a_finished_turn_counts_for_the_next_hand():
    state = do(_spoken(room(3), (BOB, 50)), c.SetProgressive(True))
    state = _hands_up(ANN, BOB, state=state)  # Ann 0 s, Bob 50 s
    state = do(state, c.GiveFloor("p2"), now=T0 + 2_000)
    state = do(state, c.RaiseHand(), CAT, T0 + 2_001)
    assert _order(state) == ["p4", "p3"]
    ended = decide(state, c.EndFloor(), ANN, T0 + 2_100)  # Ann now has 100 s
    assert ended == [e.FloorEnded("p2", T0 + 2_100, 100.0, False, ["p4", "p3"])]
    state = fold(state, ended)
    state = do(state, c.RaiseHand(), ANN, T0 + 2_101)
    assert _order(state) == ["p4", "p3", "p2"]


# --- lowering ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [c.LowerHand(), c.LowerHand("p2")], ids=["default", "named"])
def test_a_participant_lowers_their_own_hand(command):
    state = _hands_up(ANN, BOB)
    assert decide(state, command, ANN, T0) == [e.HandLowered("p2")]
    assert _queue(do(state, command, ANN)) == [("p3", 2)]


def test_a_participant_cannot_lower_someone_elses_hand():
    assert refusal(_hands_up(ANN, BOB), c.LowerHand("p3"), ANN) is ErrorCode.FORBIDDEN


def test_a_facilitator_lowers_anyones_hand():
    assert decide(_hands_up(ANN, BOB), c.LowerHand("p3"), FACILITATOR, T0) == [e.HandLowered("p3")]


def test_lowering_a_hand_that_is_not_raised_changes_nothing():
    state = _hands_up(BOB)
    assert decide(state, c.LowerHand(), ANN, T0) == []
    assert decide(state, c.LowerHand("p2"), FACILITATOR, T0) == []


def test_lower_all_hands_empties_the_queue():
    state = _hands_up(ANN, BOB, CAT)
    assert decide(state, c.LowerAllHands(), FACILITATOR, T0) == [e.AllHandsLowered()]
    assert do(state, c.LowerAllHands()).queue == ()
    assert decide(room(), c.LowerAllHands(), FACILITATOR, T0) == []


# --- guests: in the room without a device ---------------------------------------------


def _with_guest():
    state = assign(room(3), "p4", "scribe", only=True)  # Cat scribes
    return guest(state, "Gus")


def test_a_guest_joins_as_a_peer_without_a_device():
    state, gus = _with_guest()
    person = state.people[gus]
    assert (gus, person.name, person.guest, person.online, person.duties) == ("p5", "Gus", True, False, {"peer"})


@pytest.mark.parametrize("actor", [FACILITATOR, CAT], ids=["facilitator", "scribe"])
def test_a_facilitator_or_scribe_raises_and_lowers_a_guests_hand(actor):
    state, gus = _with_guest()
    state = _hands_up(BOB, state=state)
    assert decide(state, c.RaiseHand(person=gus), actor, T0 + 5) == [e.HandRaised(gus, 2, False, T0 + 5, ["p3", gus])]
    state = do(state, c.RaiseHand(person=gus), actor)
    assert decide(state, c.LowerHand(gus), actor, T0) == [e.HandLowered(gus)]


def test_a_peer_cannot_raise_a_guests_hand():
    state, gus = _with_guest()
    assert refusal(state, c.RaiseHand(person=gus), BOB) is ErrorCode.FORBIDDEN


def test_nobody_raises_a_hand_for_someone_with_a_device():
    state, _ = _with_guest()
    assert refusal(state, c.RaiseHand(person="p3"), FACILITATOR) is ErrorCode.FORBIDDEN
    assert refusal(state, c.RaiseHand(person="p2"), CAT) is ErrorCode.FORBIDDEN


def test_a_scribe_lowers_a_guests_hand_but_not_a_peers():
    state, gus = _with_guest()
    state = do(do(state, c.RaiseHand(), BOB), c.RaiseHand(person=gus))
    assert refusal(state, c.LowerHand("p3"), CAT) is ErrorCode.FORBIDDEN
    assert do(state, c.LowerHand(gus), CAT).queue[0].person == "p3"


def test_a_guest_gets_the_floor_and_airtime_by_name():
    state, gus = _with_guest()
    state = do(state, c.RaiseHand(person=gus))
    state = do(state, c.GiveFloor(), now=T0 + 10)
    state = do(state, c.EndFloor(), now=T0 + 55)
    assert (state.airtime[gus].seconds, state.airtime[gus].turns) == (45.0, 1)


def test_adding_a_guest_needs_a_facilitator_or_scribe():
    assert refusal(room(3), c.AddGuest("Gus"), BOB) is ErrorCode.FORBIDDEN
    state, gus = guest(assign(room(3), "p4", "scribe", only=True), "Gus", actor=CAT)
    assert state.people[gus].guest


# --- the floor ---------------------------------------------------------------------------


def test_giving_the_floor_without_a_name_goes_to_the_first_hand():
    state = _hands_up(BOB, ANN)
    assert decide(state, c.GiveFloor(), FACILITATOR, T0 + 9) == [e.FloorGiven("p3", T0 + 9, None)]


def test_giving_the_floor_to_the_next_hand_when_none_is_raised_is_refused():
    assert refusal(room(), c.GiveFloor()) is ErrorCode.QUEUE_EMPTY


def test_the_floor_may_go_to_a_named_person_whose_hand_is_down():
    assert decide(_hands_up(BOB), c.GiveFloor("p4"), FACILITATOR, T0) == [e.FloorGiven("p4", T0, None)]


def test_the_floor_cannot_go_to_someone_not_in_the_meeting():
    assert refusal(room(), c.GiveFloor("p99")) is ErrorCode.NOT_FOUND


def test_the_new_speakers_hand_leaves_the_queue_and_the_others_keep_their_place():
    state = do(_hands_up(ANN, BOB, CAT), c.GiveFloor("p3"), FACILITATOR, T0 + 9)
    assert (state.floor.person, state.floor.since, state.floor.ends_at) == ("p3", T0 + 9, None)
    assert _queue(state) == [("p2", 1), ("p4", 3)]


def test_giving_the_floor_ends_the_previous_speakers_turn_first():
    state = do(_hands_up(ANN, BOB), c.GiveFloor(), FACILITATOR, T0 + 5)
    assert decide(state, c.GiveFloor(), FACILITATOR, T0 + 60) == [
        e.FloorEnded("p2", T0 + 60, 55.0, False, ["p3"]),
        e.FloorGiven("p3", T0 + 60, None),
    ]
    after = do(state, c.GiveFloor(), FACILITATOR, T0 + 60)
    assert after.floor.person == "p3" and after.queue == ()


def test_giving_the_floor_to_the_current_speaker_changes_nothing():
    state = do(room(), c.GiveFloor("p2"))
    assert decide(state, c.GiveFloor("p2"), FACILITATOR, T0) == []


def test_the_speaker_ends_their_own_turn():
    state = do(room(), c.GiveFloor("p2"))
    assert decide(state, c.EndFloor(), ANN, T0 + 3) == [e.FloorEnded("p2", T0 + 3, 3.0, False, [])]
    assert do(state, c.EndFloor(), ANN).floor is None


def test_a_facilitator_ends_anyones_turn():
    state = do(room(), c.GiveFloor("p2"))
    assert decide(state, c.EndFloor(), FACILITATOR, T0) == [e.FloorEnded("p2", T0, 0.0, False, [])]


def test_a_participant_cannot_end_someone_elses_turn():
    assert refusal(do(room(), c.GiveFloor("p2")), c.EndFloor(), BOB) is ErrorCode.FORBIDDEN


def test_ending_the_turn_when_no_one_holds_the_floor_changes_nothing():
    assert decide(room(), c.EndFloor(), FACILITATOR, T0) == []
    assert decide(room(), c.EndFloor(), ANN, T0) == []


def test_after_their_turn_a_speaker_may_raise_a_hand_again():
    state = do(do(room(), c.GiveFloor("p2")), c.EndFloor(), ANN)
    assert decide(state, c.RaiseHand(), ANN, T0) == [e.HandRaised("p2", 1, False, T0, ["p2"])]


# --- the round's rules (every round type is in test_methods.py) ---------------------------


@pytest.mark.parametrize(("kind", "code"), [("tell", ErrorCode.NOT_NOW), ("write_questions", ErrorCode.NOT_NOW),
                                            ("question_round", ErrorCode.NOT_NOW), ("ask", None), ("gossip", None)])
def test_hands_are_welcome_only_where_the_round_takes_them(kind, code):
    state = at_round(meeting("incident"), kind)
    if code is None:
        assert decide(state, c.RaiseHand(), BOB, T0)
    else:
        assert refusal(state, c.RaiseHand(), BOB) is code
        assert refusal(state, c.RaiseHand(direct=True), BOB) is code


def test_a_scribe_cannot_raise_a_hand_for_a_guest_where_hands_are_not_taken():
    state, gus = guest(meeting(helpers=True), actor=SAM)
    state = at_round(state, "tell")
    assert refusal(state, c.RaiseHand(person=gus), SAM) is ErrorCode.NOT_NOW
