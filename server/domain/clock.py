"""Time as data: when a room next needs waking, and what time itself produces."""

from server.domain import events as e
from server.domain.state import Room, TimerStatus


def next_deadline(state: Room) -> float | None:
    """Server epoch seconds at which `tick` may produce events; None when nothing is due."""
    timer = state.timer
    return timer.ends_at if timer.status is TimerStatus.RUNNING else None


def tick(state: Room, now: float) -> list[e.Event]:
    """Events produced by the passing of time. Idempotent: once applied, it returns []."""
    timer = state.timer
    if timer.status is TimerStatus.RUNNING and timer.ends_at is not None and now >= timer.ends_at:
        return [e.TimeUp(timer.ends_at)]
    return []
