"""Closing the meeting, and opening it again when it was closed too soon.

Closing ends the current turn (its seconds count), lowers every hand and stops the timer,
so nothing keeps running in a closed room; afterwards the room refuses every change
but a reopen (rules.OPEN_AFTER_CLOSE). The outcomes are closed as they stand, confirmed
or not: the summary says which.
"""

from protocol.codes import ErrorCode
from server.domain import commands as c
from server.domain import events as e
from server.domain.floor import floor_handover
from server.domain.handlers import handles, refuse
from server.domain.outcomes import ACTION, outcome_row
from server.domain.preparation import brief_row
from server.domain.state import ActionStatus, Actor, Room, TimerStatus


@handles(c.CloseMeeting)
def _close(state: Room, cmd: c.CloseMeeting, actor: Actor, now: float) -> list:
    if state.closed:
        return []
    events = floor_handover(state, now)
    if state.queue:
        events.append(e.AllHandsLowered())
    if state.timer.status is not TimerStatus.IDLE:
        events.append(e.TimerReset())
    return [*events, e.MeetingClosed(now)]


@handles(c.ReopenMeeting)
def _reopen(state: Room, cmd: c.ReopenMeeting, actor: Actor, now: float) -> list:
    if not state.closed:
        raise refuse(ErrorCode.WRONG_STATE, "The meeting is not closed.")
    current = state.round
    return [e.MeetingReopened(now, now + current.minutes * 60 if current else None)]


def follow_up(state: Room, room: str, facilitator_name: str) -> c.CreateRoom:
    """The command creating a follow-up of `room` (whose state is `state`): the same title, method and brief (without a planned
    start), its lessons and the actions not yet done or dropped carried forward."""
    outcomes = state.confirmed.outcomes if state.confirmed else tuple(state.outcomes.values())
    carried = tuple(
        {**outcome_row(o), "note": ""} for o in outcomes
        if o.kind != ACTION or o.status in (ActionStatus.OPEN, ActionStatus.DOING)
    )
    brief = {**brief_row(state.title, state.brief), "starts_at": None}
    return c.CreateRoom(state.title, facilitator_name, state.method, follows=room, carried=carried, brief=brief)
