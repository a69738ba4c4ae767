"""RoomHub in-process against a real Redis: compaction, gap filling, the replay window."""

import msgpack
from redis.asyncio import Redis

from server.domain import Actor, Role
from server.domain.commands import AddItem
from server.domain.events import from_dict
from server.domain.views import Viewer, snapshot

EVERYTHING = Viewer(None, True)
from server.meetings import create_meeting, join_meeting
from server.realtime.batches import seal
from server.realtime.hub import REPLAY_WINDOW, SNAPSHOT_EVERY, RoomHub
from server.realtime.peer import Peer
from server.store.keys import RoomKeys
from server.store.rooms import RoomStore
from server.store.tokens import split_token

FACILITATOR = Actor(Role.FACILITATOR, "p1")


async def new_hub(store: RoomStore) -> RoomHub:
    meeting = await create_meeting(store, "Compaction")
    hub = RoomHub(meeting.room, store)
    assert await hub.load()
    return hub


def listener(hub: RoomHub, role: Role = Role.DISPLAY) -> Peer:
    return Peer(None, Actor(role), hub.room, "test")  # type: ignore[arg-type]


def frames(peer: Peer) -> list[dict]:
    return [msgpack.unpackb(frame) for frame in peer._outbox]


async def test_a_long_meeting_is_compacted_and_reloads_to_the_same_state(store: RoomStore, redis_client: Redis) -> None:
    hub = await new_hub(store)
    for i in range(SNAPSHOT_EVERY * 2 + 200):
        await hub.execute(FACILITATOR, AddItem("note", f"item {i}"))
    for task in list(hub._tasks):
        await task
    meta = await redis_client.hgetall(RoomKeys(hub.room).meta)
    assert int(meta[b"snap_seq"]) == SNAPSHOT_EVERY * 2
    first_kept = int((await redis_client.xrange(RoomKeys(hub.room).log, count=1))[0][0].split(b"-")[0])
    assert first_kept == SNAPSHOT_EVERY * 2 - REPLAY_WINDOW + 1  # the replay window survives the trim
    fresh = RoomHub(hub.room, store)
    assert await fresh.load()
    assert (fresh.seq, snapshot(fresh.state, EVERYTHING)) == (hub.seq, snapshot(hub.state, EVERYTHING))


async def test_a_client_inside_the_replay_window_resumes_and_one_outside_gets_a_snapshot(store: RoomStore) -> None:
    hub = await new_hub(store)
    for i in range(REPLAY_WINDOW + 50):
        await hub.execute(FACILITATOR, AddItem("note", f"n{i}"))
    near, far = listener(hub), listener(hub)
    hub.attach(near, hub.epoch, hub.seq - 10)
    hub.attach(far, hub.epoch, 3)
    resumed, = frames(near)
    assert [e["seq"] for e in resumed["events"]] == list(range(hub.seq - 9, hub.seq + 1))
    assert "state" in frames(far)[0] and len(frames(far)[0]["state"]["items"]) == REPLAY_WINDOW + 50


async def test_an_announcement_past_a_gap_is_applied_after_the_gap_is_filled_from_the_log(store: RoomStore) -> None:
    writer = await new_hub(store)
    reader = RoomHub(writer.room, store)
    assert await reader.load()
    peer = listener(reader)
    reader.attach(peer, None, None)
    for i in range(3):  # three commits whose announcements the reader never hears
        await writer.execute(FACILITATOR, AddItem("note", f"missed {i}"))
    await writer.execute(FACILITATOR, AddItem("note", "heard"))
    heard = seal(writer.seq, [from_dict(writer._recent[-1])])  # deliver only this one
    reader.on_announcement(writer.epoch, heard.first, heard.last, heard.frame)
    for task in list(reader._tasks):
        await task
    assert reader.seq == writer.seq
    assert snapshot(reader.state, EVERYTHING) == snapshot(writer.state, EVERYTHING)
    delivered = [e["seq"] for f in frames(peer)[1:] for e in f["events"]]
    assert delivered == list(range(writer.seq - 3, writer.seq + 1))


async def test_a_join_writes_the_person_and_their_token_in_one_commit(store: RoomStore) -> None:
    hub = await new_hub(store)
    token, person = await join_meeting(hub, "Ann")
    room, grant = await store.resolve(token)
    assert (room, grant.role, grant.person) == (hub.room, "participant", person)
    assert hub.state.people[person].name == "Ann"
    assert split_token(token)[0] == hub.room
