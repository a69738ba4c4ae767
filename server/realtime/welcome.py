"""What a socket gets first: a `welcome` holding either the events it missed since the
(epoch, seq) it last saw, when the hub still holds them all and none of them changes what
its viewer may see of the past, or else a snapshot of the room as that viewer sees it.

Pure: the hub passes its position and the clock in."""

from collections import deque
from typing import NamedTuple

from protocol import messages
from server.domain.state import Room
from server.domain.views import Viewer, project, refreshes, snapshot


class Position(NamedTuple):
    """Where a hub's room stands: its epoch, its last seq, and its most recent events in seq
    order (the replay window: at most the hub's REPLAY_WINDOW)."""

    epoch: str
    seq: int
    recent: deque[dict]


def welcome(state: Room, at: Position, you: dict, viewer: Viewer, epoch: str | None, last_seq: int | None,
            now: float) -> bytes:
    """The welcome frame for a socket that last saw (`epoch`, `last_seq`); (None, None) for
    one that saw nothing, or that must start over from a snapshot."""
    common = {"you": you, "now": now, "epoch": at.epoch, "seq": at.seq}
    missed = missed_since(at, last_seq) if epoch == at.epoch else None
    if missed is None or refreshes(missed, viewer):
        return messages.welcome(**common, state=snapshot(state, viewer), events=None)
    return messages.welcome(**common, state=None, events=[project(event, viewer) for event in missed])


def missed_since(at: Position, last_seq: int | None) -> list[dict] | None:
    """The events after `last_seq`, or None when they cannot all be replayed: no seq, a seq
    ahead of the room's (another epoch's), or one older than the replay window."""
    if last_seq is None or last_seq > at.seq:
        return None
    if last_seq == at.seq:
        return []
    recent = at.recent
    if not recent or recent[0]["seq"] > last_seq + 1:
        return None  # outside the replay window
    start = last_seq + 1 - recent[0]["seq"]
    return [recent[i] for i in range(start, len(recent))]
