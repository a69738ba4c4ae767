"""Closing a meeting stops everything that runs and freezes the room; a follow-up carries
its lessons and open actions into a new meeting that opens with an accountability round."""

import pytest

from protocol.codes import ErrorCode
from server.domain import commands as c
from server.domain import decide, evolve, next_deadline, tick
from server.domain.closing import follow_up
from server.domain.state import SYSTEM, Room, TimerStatus
from server.domain.views import Viewer, snapshot
from tests.domain.rooms import ANN, BOB, CAT, FACILITATOR, T0, at_round, do, meeting, refusal
from tests.domain.test_lifecycle import BEFORE_CREATION


def _running():
    """At `ask`: Bob speaks since T0+10, Cat's hand is up, the timer runs, a lesson is written."""
    state = at_round(meeting(), "ask", now=T0)
    state = do(state, c.RaiseHand(), CAT)
    state = do(state, c.GiveFloor("p3"), now=T0 + 10)
    state = do(state, c.StartTimer(300), now=T0 + 10)
    return do(state, c.AddOutcome("lesson", "Ask early"), ANN)


def test_closing_ends_the_turn_lowers_the_hands_and_stops_the_clocks():
    state = do(_running(), c.CloseMeeting(), now=T0 + 70)
    assert state.closed_at == T0 + 70
    assert state.floor is None and state.queue == () and state.timer.status is TimerStatus.IDLE
    assert state.airtime["p3"].seconds == 60  # the turn cut short still counts
    assert state.history[-1].ended_at == T0 + 70
    assert next_deadline(state) is None and tick(state, T0 + 10_000) == []


CLOSED_REFUSES = [
    (cmd, actor) for cmd, actor in BEFORE_CREATION
    if type(cmd) not in (c.CloseMeeting, c.ReopenMeeting, c.MarkOnline, c.MarkOffline)
]


@pytest.mark.parametrize(("command", "actor"), CLOSED_REFUSES, ids=lambda x: type(x).__name__)
def test_a_closed_meeting_refuses_every_change(command, actor):
    closed = do(_running(), c.CloseMeeting(), now=T0 + 70)
    assert refusal(closed, command, actor) is ErrorCode.WRONG_STATE


def test_presence_still_counts_in_a_closed_meeting():
    closed = do(_running(), c.CloseMeeting())
    assert do(closed, c.MarkOffline("p3"), SYSTEM).people["p3"].online is False


def test_closing_twice_changes_nothing_and_only_a_facilitator_closes():
    closed = do(_running(), c.CloseMeeting())
    assert decide(closed, c.CloseMeeting(), FACILITATOR, T0) == []
    assert refusal(_running(), c.CloseMeeting(), ANN) is ErrorCode.FORBIDDEN


def test_reopening_runs_the_round_again_with_a_fresh_time_box_and_visit():
    closed = do(_running(), c.CloseMeeting(), now=T0 + 70)
    state = do(closed, c.ReopenMeeting(), now=T0 + 100)
    assert not state.closed and state.current == closed.current
    assert state.history[-1].started_at == T0 + 100 and state.history[-1].ended_at is None
    assert state.round_ends_at == T0 + 100 + state.round.minutes * 60
    assert do(state, c.RaiseHand(), BOB).queue[0].person == "p3"


def test_only_a_closed_meeting_reopens():
    assert refusal(_running(), c.ReopenMeeting()) is ErrorCode.WRONG_STATE


def test_a_meeting_closed_in_the_lobby_reopens_to_the_lobby():
    closed = do(meeting(), c.CloseMeeting())
    assert do(closed, c.ReopenMeeting()).current is None


def test_after_the_close_everyone_sees_the_airtime():
    state = _running()
    assert snapshot(state, Viewer("p4", False))["airtime"]["p3"]["seconds"] is None
    closed = do(state, c.CloseMeeting(), now=T0 + 70)
    assert snapshot(closed, Viewer("p4", False))["airtime"]["p3"]["seconds"] == 60


def _closed_with_outcomes():
    state = at_round(meeting(), "lessons")
    state = do(state, c.AddOutcome("lesson", "Ask early"), ANN)
    state = do(state, c.AddOutcome("action", "Pilot buddies", owner="Ann", due="2027-01-31"), ANN)
    state = do(state, c.AddOutcome("action", "Write a guide", owner="Bob"), ANN)
    state = do(state, c.AddOutcome("action", "Ask HR"), ANN)
    state = do(state, c.EditOutcome("o3", status="done"), ANN)
    state = do(state, c.EditOutcome("o4", status="dropped"), ANN)
    state = do(state, c.UpdateBrief(problem="New hires leave", objectives="Keep them", starts_at=T0 + 60))
    state = do(state, c.ConfirmOutcomes(), ANN)
    return do(state, c.CloseMeeting())


def test_a_follow_up_carries_the_lessons_and_the_actions_not_done_or_dropped():
    command = follow_up(_closed_with_outcomes(), "abc123", "Fay")
    assert [(row["text"], row["status"]) for row in command.carried] == [("Ask early", "open"), ("Pilot buddies", "open")]
    assert command.follows == "abc123" and command.method == "peer_assist"


def test_a_follow_up_carries_the_confirmed_version_not_later_changes():
    state = do(_closed_with_outcomes(), c.ReopenMeeting())
    state = do(do(state, c.EditOutcome("o1", text="Changed later"), ANN), c.CloseMeeting())
    assert follow_up(state, "abc123", "Fay").carried[0]["text"] == "Ask early"


def _opened(command: c.CreateRoom) -> Room:
    state = Room()
    for event in decide(state, command, SYSTEM, T0 + 86_400):
        state = evolve(state, event)
    return state


def test_the_follow_up_opens_with_an_accountability_round_after_the_opening():
    state = _opened(follow_up(_closed_with_outcomes(), "abc123", "Fay"))
    assert [r.kind for r in state.agenda[:3]] == ["opening", "accountability", "tell"]
    assert state.follows == "abc123"


def test_the_follow_up_starts_from_the_brief_without_the_old_planned_start():
    state = _opened(follow_up(_closed_with_outcomes(), "abc123", "Fay"))
    assert (state.brief.problem, state.brief.objectives, state.brief.starts_at) == ("New hires leave", "Keep them", None)


def test_carried_outcomes_are_marked_numbered_afresh_and_editable_in_the_follow_up():
    state = _opened(follow_up(_closed_with_outcomes(), "abc123", "Fay"))
    assert [(o.id, o.carried) for o in state.outcomes.values()] == [("o1", True), ("o2", True)]
    state = do(state, c.NextRound(), now=T0 + 86_500)
    state = do(state, c.NextRound(), now=T0 + 86_600)
    assert state.round.kind == "accountability"
    state = do(state, c.EditOutcome("o2", status="done", note="Two teams have buddies"))
    assert state.outcomes["o2"].note == "Two teams have buddies"
    assert list(do(state, c.AddOutcome("lesson", "New one")).outcomes)[-1] == "o3"
