"""Fan-out: one batch to a room's sockets, encoded once per group of identical views, with
a sender's acks in the same push as its events."""

import msgpack

from protocol import messages
from server.domain import Actor, Role, Room
from server.realtime.batches import Batch
from server.realtime.fanout import fan_out
from server.realtime.peer import Peer


def peer(role: Role, person: str | None = None) -> Peer:
    return Peer(None, Actor(role, person), "room", "test")  # type: ignore[arg-type]


def batch(*events: dict) -> Batch:
    numbered = [{"seq": i + 1, **event} for i, event in enumerate(events)]
    return Batch(numbered, messages.events(numbered))


def added(author: str, text: str, hidden: bool) -> dict:
    return {"type": "ItemAdded", "item": "i1", "kind": "note", "text": text, "author": author, "hidden": hidden}


def texts(p: Peer) -> list[str]:
    return [event["text"] for frame in p._outbox for event in msgpack.unpackb(frame)["events"]]


def test_an_open_batch_is_one_frame_for_everyone() -> None:
    author, other, display = peer(Role.PARTICIPANT, "p2"), peer(Role.PARTICIPANT, "p3"), peer(Role.DISPLAY)
    open_batch = batch(added("p2", "shared idea", hidden=False))
    assert fan_out([author, other, display], open_batch, Room(), {}, refreshing=False) == []
    assert author._outbox[0] is other._outbox[0] is display._outbox[0] is open_batch.frame


def test_a_hidden_item_reaches_its_author_alone_and_the_rest_share_one_blanked_frame() -> None:
    author, other, display = peer(Role.PARTICIPANT, "p2"), peer(Role.PARTICIPANT, "p3"), peer(Role.DISPLAY)
    fan_out([author, other, display], batch(added("p2", "my private thought", hidden=True)), Room(), {}, False)
    assert texts(author) == ["my private thought"]
    assert texts(other) == texts(display) == [""]
    assert other._outbox[0] is display._outbox[0]  # projected and encoded once for both


def test_a_senders_acks_follow_its_events_in_the_same_push() -> None:
    sender, other = peer(Role.PARTICIPANT, "p2"), peer(Role.PARTICIPANT, "p3")
    ack = messages.ack("op1", 1, 1796494227.5)
    b = batch(added("p2", "idea", hidden=False))
    fan_out([sender, other], b, Room(), {sender: (ack,)}, False)
    assert list(sender._outbox) == [b.frame, ack]
    assert list(other._outbox) == [b.frame]


def test_a_refreshing_batch_names_the_viewers_who_need_a_fresh_snapshot() -> None:
    named, other = peer(Role.PARTICIPANT, "p2"), peer(Role.PARTICIPANT, "p3")
    duties = {"type": "DutiesChanged", "person": "p2", "duties": ["scribe"]}
    assert fan_out([named, other], batch(duties), Room(), {}, refreshing=True) == [named]
