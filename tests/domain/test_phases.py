"""The Peer Assist phases: a facilitator walks them in order, one step at a time."""

import pytest

from protocol.codes import ErrorCode
from server.domain import DomainError, decide
from server.domain import commands as c
from server.domain import events as e
from server.domain.phases import PHASES
from tests.domain.rooms import FACILITATOR, T0, do, room

MEETING_ORDER = ("opening", "tell", "ask", "analyse", "feedback", "lessons", "close")


def test_the_meeting_has_seven_phases_in_the_peer_assist_order():
    assert PHASES == MEETING_ORDER


def test_a_new_room_opens_in_the_first_phase():
    assert room().phase == "opening"


def test_advancing_walks_every_phase_in_order_and_names_the_previous_one():
    state = room()
    seen = [state.phase]
    for previous, target in zip(MEETING_ORDER, MEETING_ORDER[1:]):
        events = decide(state, c.AdvancePhase(), FACILITATOR, T0)
        assert events == [e.PhaseChanged(target, previous)]
        state = do(state, c.AdvancePhase())
        seen.append(state.phase)
    assert tuple(seen) == MEETING_ORDER


def test_advancing_past_the_last_phase_is_refused():
    state = room()
    for _ in range(6):
        state = do(state, c.AdvancePhase())
    assert state.phase == "close"
    with pytest.raises(DomainError) as refused:
        decide(state, c.AdvancePhase(), FACILITATOR, T0)
    assert refused.value.code is ErrorCode.WRONG_STATE


def test_stepping_back_walks_every_phase_in_reverse():
    state = room()
    for _ in range(6):
        state = do(state, c.AdvancePhase())
    seen = [state.phase]
    for _ in range(6):
        previous = state.phase
        events = decide(state, c.StepBackPhase(), FACILITATOR, T0)
        assert events == [e.PhaseChanged(MEETING_ORDER[MEETING_ORDER.index(previous) - 1], previous)]
        state = do(state, c.StepBackPhase())
        seen.append(state.phase)
    assert tuple(reversed(seen)) == MEETING_ORDER


def test_stepping_back_before_the_first_phase_is_refused():
    with pytest.raises(DomainError) as refused:
        decide(room(), c.StepBackPhase(), FACILITATOR, T0)
    assert refused.value.code is ErrorCode.WRONG_STATE


def test_a_phase_change_leaves_the_board_the_queue_and_the_timer_alone():
    state = do(room(), c.AddItem("note", "kept"))
    state = do(state, c.RaiseHand())
    state = do(state, c.StartTimer(60))
    after = do(state, c.AdvancePhase())
    assert (after.items, after.queue, after.timer) == (state.items, state.queue, state.timer)
