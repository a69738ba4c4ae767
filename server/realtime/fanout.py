"""One committed batch out to a room's sockets: encoded once per group of identical views
(once for everyone when nothing in it is for some eyes only), and the acks of the batch's
own senders in the same write as its events."""

from collections.abc import Iterable

from protocol import messages
from server.domain import Room
from server.domain.rules import steers
from server.domain.views import Viewer, audience, project, refreshes, sensitive
from server.realtime.abort import framed
from server.realtime.batches import Batch
from server.realtime.peer import Peer


def viewer_of(state: Room, peer: Peer) -> Viewer:
    return Viewer(peer.actor.person, steers(state, peer.actor))


def fan_out(peers: Iterable[Peer], batch: Batch, state: Room, acks: dict[Peer, tuple[bytes, ...]],
            refreshing: bool) -> list[Peer]:
    """Push the batch to every peer (with its acks, if it sent some of it); return the peers
    who, after a refreshing batch, may now see more or less of what came before and so need a
    fresh snapshot. `state` is the room after the batch."""
    shared = (batch.frame, framed(batch.frame)) if not sensitive(batch.events) else None
    views: dict[tuple, tuple[bytes, bytes]] = {}  # one frame per group of identical views
    for peer in peers:
        frame, wired = shared or _view_of(viewer_of(state, peer), batch.events, views)
        mine = acks.get(peer) if acks else None
        if mine is None:
            peer.push(frame, wired)
        else:
            peer.push_all((frame, *mine))
    if not refreshing:
        return []
    return [peer for peer in peers if refreshes(batch.events, viewer_of(state, peer))]


def _view_of(viewer: Viewer, events: list[dict], views: dict[tuple, tuple[bytes, bytes]]) -> tuple[bytes, bytes]:
    key = audience(events, viewer)
    if key not in views:
        frame = messages.events([project(event, viewer) for event in events])
        views[key] = (frame, framed(frame))
    return views[key]
