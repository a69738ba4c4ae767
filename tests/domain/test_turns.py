"""Round-robin turns: an order (seated or shuffled), one timed turn each, pass and skip,
absent people passed over, and one clear signal when everyone has had a turn.

The room: the incident method at its information round (`question_round`: 90 s a
turn, the case owner answers and takes no turn). Seated order: Bob p3, Cat p4, Dan p5, Eve p6.
"""

from dataclasses import replace

import pytest

from protocol.codes import ErrorCode
from server.domain import decide, next_deadline, tick
from server.domain import commands as c
from server.domain import events as e
from server.domain.floor import shuffled
from server.domain.methods import ROUND_TYPES
from server.domain.state import Floor
from tests.domain.rooms import (
    BOB, CAT, DAN, EVE, FACILITATOR, T0, assign, at_round, do, fold, guest, meeting, offline, online, refusal,
)

SEATED = ["p3", "p4", "p5", "p6"]
TURN = 90


def _round(state=None):
    return at_round(state if state is not None else meeting("incident"), "question_round")


def _going(now=T0):
    return do(_round(), c.StartTurns(), now=now)


def test_turns_start_in_seated_order_and_the_first_turn_begins_with_its_countdown():
    assert decide(_round(), c.StartTurns(), FACILITATOR, T0 + 5) == [
        e.TurnsStarted(SEATED), e.FloorGiven("p3", T0 + 5, T0 + 5 + TURN)
    ]
    state = _going()
    assert (state.turns.order, state.turns.index, state.turns.passed) == (tuple(SEATED), 0, ())


def test_people_who_are_not_here_are_left_out_of_the_order_but_guests_are_in():
    state, gus = guest(offline(meeting("incident"), CAT))
    state = do(_round(state), c.StartTurns())
    assert state.turns.order == ("p3", "p5", "p6", gus)


def test_the_facilitator_scribe_and_timekeeper_take_no_turn_unless_they_are_peers_too():
    state = meeting("incident", helpers=True)
    assert do(_round(state), c.StartTurns()).turns.order == tuple(SEATED)
    state = assign(state, "p7", "peer")
    assert do(_round(state), c.StartTurns()).turns.order == (*SEATED, "p7")


def test_nobody_to_take_a_turn_is_refused():
    state = offline(meeting("incident"), BOB, CAT, DAN, EVE)
    assert refusal(_round(state), c.StartTurns()) is ErrorCode.WRONG_STATE


def test_turns_start_only_in_a_round_robin_round():
    assert refusal(at_round(meeting("incident"), "analyse"), c.StartTurns()) is ErrorCode.NOT_NOW
    assert refusal(meeting("incident"), c.StartTurns()) is ErrorCode.NOT_NOW  # the lobby


def test_starting_turns_ends_the_current_speaker_first():
    state = do(_round(), c.GiveFloor("p2"), now=T0)
    events = decide(state, c.StartTurns(), FACILITATOR, T0 + 20)
    assert events[0] == e.FloorEnded("p2", T0 + 20, 20.0, False, [])


# --- shuffled -------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 42, 2**62 + 7])
def test_a_shuffled_order_is_a_permutation_of_the_seated_one_and_the_same_for_the_same_seed(seed):
    first = decide(_round(), c.StartTurns(shuffle=True, seed=seed), FACILITATOR, T0)
    again = decide(_round(), c.StartTurns(shuffle=True, seed=seed), FACILITATOR, T0)
    assert first == again
    assert sorted(first[0].order) == SEATED
    assert first[1] == e.FloorGiven(first[0].order[0], T0, T0 + TURN)


def test_different_seeds_give_different_orders():
    orders = {tuple(decide(_round(), c.StartTurns(shuffle=True, seed=s), FACILITATOR, T0)[0].order) for s in range(1, 40)}
    assert len(orders) > 10  # 24 orders of four people are possible


def test_the_seed_counts_only_when_shuffling():
    assert decide(_round(), c.StartTurns(seed=99), FACILITATOR, T0)[0].order == SEATED


def test_shuffling_reaches_every_position_for_every_person():
    people = [f"p{n}" for n in range(10)]
    seen = {(p, i) for s in range(1, 300) for i, p in enumerate(shuffled(people, s))}
    assert len(seen) == 100


# --- pass, end, skip -------------------------------------------------------------------------


def test_ending_a_turn_hands_the_floor_to_the_next_with_a_fresh_countdown():
    state = _going(T0)
    assert decide(state, c.EndFloor(), BOB, T0 + 30) == [
        e.FloorEnded("p3", T0 + 30, 30.0, False, []), e.FloorGiven("p4", T0 + 30, T0 + 30 + TURN)
    ]
    state = do(state, c.EndFloor(), BOB, T0 + 30)
    assert (state.turns.index, state.floor.person, state.turns.passed) == (1, "p4", ())


def test_passing_a_turn_is_recorded_and_the_next_one_follows():
    state = _going(T0)
    assert decide(state, c.PassTurn(), BOB, T0 + 2) == [
        e.FloorEnded("p3", T0 + 2, 2.0, True, []), e.FloorGiven("p4", T0 + 2, T0 + 2 + TURN)
    ]
    assert do(state, c.PassTurn(), BOB, T0 + 2).turns.passed == ("p3",)


def test_only_the_one_whose_turn_it_is_may_pass():
    assert refusal(_going(), c.PassTurn(), CAT) is ErrorCode.WRONG_STATE
    assert refusal(_going(), c.PassTurn(), FACILITATOR) is ErrorCode.WRONG_STATE
    assert refusal(_round(), c.PassTurn(), BOB) is ErrorCode.WRONG_STATE


def test_the_facilitator_skips_a_turn():
    state = _going(T0)
    assert decide(state, c.SkipTurn(), FACILITATOR, T0 + 4) == [
        e.FloorEnded("p3", T0 + 4, 4.0, True, []), e.FloorGiven("p4", T0 + 4, T0 + 4 + TURN)
    ]
    assert refusal(state, c.SkipTurn(), BOB) is ErrorCode.FORBIDDEN


def test_a_facilitator_ending_a_turn_also_moves_on():
    assert do(_going(), c.EndFloor()).floor.person == "p4"


def test_someone_else_cannot_end_the_turn():
    assert refusal(_going(), c.EndFloor(), CAT) is ErrorCode.FORBIDDEN


def test_absent_people_are_passed_over_when_their_turn_comes():
    state = offline(_going(), CAT, DAN)
    assert decide(state, c.EndFloor(), BOB, T0 + 10)[-1] == e.FloorGiven("p6", T0 + 10, T0 + 10 + TURN)
    state = do(state, c.EndFloor(), BOB, T0 + 10)
    assert state.turns.index == 3


def test_someone_back_online_before_their_turn_takes_it():
    state = online(offline(_going(), CAT), CAT)
    assert do(state, c.EndFloor(), BOB).floor.person == "p4"


def test_turns_completed_once_everyone_has_had_a_turn_and_not_again():
    state, now = _going(T0), T0
    for actor in (BOB, CAT, DAN):
        now += 10
        state = do(state, c.EndFloor(), actor, now)
    assert decide(state, c.PassTurn(), EVE, now + 10) == [
        e.FloorEnded("p6", now + 10, 10.0, True, []), e.TurnsCompleted(now + 10)
    ]
    state = do(state, c.PassTurn(), EVE, now + 10)
    assert state.turns.complete and state.turns.index == 4 and state.floor is None
    assert state.turns.passed == ("p6",)
    assert refusal(state, c.SkipTurn()) is ErrorCode.WRONG_STATE
    assert refusal(state, c.PassTurn(), EVE) is ErrorCode.WRONG_STATE
    assert decide(state, c.EndFloor(), FACILITATOR, now + 20) == []


def test_when_the_last_ones_are_absent_the_turns_complete_at_once():
    state = offline(do(_going(), c.EndFloor(), BOB), DAN, EVE)
    assert decide(state, c.EndFloor(), CAT, T0 + 3) == [
        e.FloorEnded("p4", T0 + 3, 3.0, False, []), e.TurnsCompleted(T0 + 3)
    ]


def test_skipping_the_last_turn_completes_the_turns():
    state = _going()
    for _ in range(3):
        state = do(state, c.SkipTurn())
    events = decide(state, c.SkipTurn(), FACILITATOR, T0)
    assert isinstance(events[-1], e.TurnsCompleted)


def test_turns_may_start_again_in_the_same_round():
    state = _going()
    for _ in range(4):
        state = do(state, c.SkipTurn())
    state = do(state, c.StartTurns())
    assert (state.turns.index, state.turns.passed, state.floor.person) == (0, (), "p3")


def test_a_new_round_forgets_the_turns():
    assert do(_going(), c.NextRound()).turns is None


# --- the turn's countdown --------------------------------------------------------------------


def test_time_up_for_a_turn_comes_once_per_turn_and_does_not_end_it():
    state = _going(T0)
    assert next_deadline(state) == T0 + TURN
    assert tick(state, T0 + TURN - 1) == []
    assert tick(state, T0 + TURN + 5) == [e.TurnTimeUp("p3", T0 + TURN)]
    state = fold(state, tick(state, T0 + TURN + 5))
    assert state.floor.warned and state.floor.person == "p3"
    assert tick(state, T0 + TURN + 5) == [] and tick(state, T0 + 5 * TURN) == []  # (the round's 15 minutes run longer)
    state = do(state, c.EndFloor(), BOB, T0 + 100)
    assert not state.floor.warned
    assert tick(state, T0 + 100 + TURN) == [e.TurnTimeUp("p4", T0 + 100 + TURN)]


def test_a_floor_given_by_hand_has_no_countdown():
    state = do(_round(), c.GiveFloor("p2"))
    assert state.floor.ends_at is None
    assert all(not isinstance(ev, e.TurnTimeUp) for ev in tick(state, T0 + 10_000))


def test_a_round_without_turn_seconds_gives_untimed_turns(monkeypatch):
    monkeypatch.setitem(ROUND_TYPES, "question_round", replace(ROUND_TYPES["question_round"], turn_seconds=None))
    state = _going()
    assert state.floor.ends_at is None
    assert do(state, c.EndFloor(), BOB).floor == Floor("p4", T0, None, False)


def test_turns_cannot_start_again_while_they_go_round():
    """A double click must not reshuffle the order halfway."""
    state = do(_going(), c.EndFloor(), BOB)
    assert refusal(state, c.StartTurns(shuffle=True, seed=7)) is ErrorCode.WRONG_STATE
