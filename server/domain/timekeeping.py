"""Time as data: the facilitator's timer, the round's time box and the turn's countdown.

All three are deadlines in the state (server epoch seconds); clients count down from
them. `next_deadline` tells the I/O layer when to wake; `tick` returns what time itself
produced, each at most once: it is idempotent.
"""

from protocol.codes import ErrorCode
from server.domain import commands as c
from server.domain import events as e
from server.domain.agenda import next_round_events
from server.domain.errors import DomainError
from server.domain.handlers import handles, refuse
from server.domain.methods import Advance
from server.domain.state import Actor, Room, TimerStatus


def next_deadline(state: Room) -> float | None:
    """When `tick` may next produce events; None when nothing is due."""
    due = []
    if state.timer.status is TimerStatus.RUNNING and state.timer.ends_at is not None:
        due.append(state.timer.ends_at)
    if state.current and state.round_ends_at is not None and not state.time_box_over:
        due.append(state.round_ends_at)
    if state.floor and state.floor.ends_at is not None and not state.floor.warned:
        due.append(state.floor.ends_at)
    return min(due, default=None)


def tick(state: Room, now: float) -> list:
    """Events produced by the passing of time. Once applied, the same `now` gives []."""
    events: list = []
    timer = state.timer
    if timer.status is TimerStatus.RUNNING and timer.ends_at is not None and now >= timer.ends_at:
        events.append(e.TimeUp(timer.ends_at))
    floor = state.floor
    if floor and floor.ends_at is not None and not floor.warned and now >= floor.ends_at:
        events.append(e.TurnTimeUp(floor.person, floor.ends_at))
    current = state.round
    if current and state.round_ends_at is not None and not state.time_box_over and now >= state.round_ends_at:
        events.append(e.TimeBoxOver(current.id, state.round_ends_at))
        if current.rules.advance is Advance.ON_TIME_BOX:
            try:
                events += next_round_events(state, now)
            except DomainError:
                pass  # the last round: nothing to move on to
    return events


@handles(c.StartTimer)
def _start(state: Room, cmd: c.StartTimer, actor: Actor, now: float) -> list:
    return [e.TimerStarted(cmd.seconds, now + cmd.seconds)]


@handles(c.PauseTimer)
def _pause(state: Room, cmd: c.PauseTimer, actor: Actor, now: float) -> list:
    timer = state.timer
    if timer.status is TimerStatus.PAUSED:
        return []
    if timer.status is not TimerStatus.RUNNING or timer.ends_at is None:
        raise refuse(ErrorCode.WRONG_STATE, "The timer is not running.")
    return [e.TimerPaused(max(0.0, timer.ends_at - now))]


@handles(c.ResumeTimer)
def _resume(state: Room, cmd: c.ResumeTimer, actor: Actor, now: float) -> list:
    timer = state.timer
    if timer.status is TimerStatus.RUNNING:
        return []
    if timer.status is not TimerStatus.PAUSED or timer.remaining is None:
        raise refuse(ErrorCode.WRONG_STATE, "The timer is not paused.")
    return [e.TimerResumed(now + timer.remaining)]


@handles(c.ExtendTimer)
def _extend(state: Room, cmd: c.ExtendTimer, actor: Actor, now: float) -> list:
    timer, more = state.timer, cmd.seconds
    if timer.status is TimerStatus.RUNNING and timer.ends_at is not None:
        return [e.TimerExtended(more, timer.duration + more, timer.ends_at + more, None)]
    if timer.status is TimerStatus.PAUSED and timer.remaining is not None:
        return [e.TimerExtended(more, timer.duration + more, None, timer.remaining + more)]
    if timer.status is TimerStatus.EXPIRED:  # "one more minute" after time is up
        return [e.TimerExtended(more, more, now + more, None)]
    raise refuse(ErrorCode.WRONG_STATE, "Start the timer first.")


@handles(c.ResetTimer)
def _reset(state: Room, cmd: c.ResetTimer, actor: Actor, now: float) -> list:
    return [] if state.timer.status is TimerStatus.IDLE else [e.TimerReset()]
