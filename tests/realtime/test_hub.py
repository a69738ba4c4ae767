"""RoomHub in-process against a real Redis: compaction, gap filling, the replay window, the
loser of a race for a room."""

import asyncio

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
from server.store.lua import CONFLICT_TAIL
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


async def log_reads(redis_client: Redis) -> int:
    """How many times the log was read outside a commit (read_since: a MULTI with XRANGE)."""
    return (await redis_client.info("commandstats")).get("cmdstat_multi", {}).get("calls", 0)


async def a_race(store: RoomStore, missed: int) -> tuple[RoomHub, RoomHub, Peer, int]:
    winner = await new_hub(store)
    loser = RoomHub(winner.room, store)
    assert await loser.load()
    peer = listener(loser)
    loser.attach(peer, None, None)
    start = loser.seq
    for i in range(missed):  # commits whose announcements the loser never hears
        await winner.execute(FACILITATOR, AddItem("note", f"won {i}"))
    await loser.execute(FACILITATOR, AddItem("note", "late"))
    return winner, loser, peer, start


async def test_the_loser_of_a_race_catches_up_from_the_conflicts_answer_without_reading_the_log(
        store: RoomStore, redis_client: Redis) -> None:
    before = await log_reads(redis_client)
    winner, loser, peer, start = await a_race(store, 3)
    assert await log_reads(redis_client) == before
    assert loser.seq == winner.seq + 1
    delivered = [e["seq"] for f in frames(peer)[1:] for e in f["events"]]
    assert delivered == list(range(start + 1, loser.seq + 1))  # all of it, in order, once
    assert [item.text for item in loser.state.items.values()][-4:] == ["won 0", "won 1", "won 2", "late"]


async def test_a_loser_further_behind_than_the_conflicts_answer_reads_the_rest_of_the_log(
        store: RoomStore, redis_client: Redis) -> None:
    before = await log_reads(redis_client)
    winner, loser, peer, start = await a_race(store, CONFLICT_TAIL + 5)
    assert await log_reads(redis_client) == before + 1
    assert loser.seq == winner.seq + 1
    delivered = [e["seq"] for f in frames(peer)[1:] for e in f["events"]]
    assert delivered == list(range(start + 1, loser.seq + 1))


async def test_two_processes_racing_for_one_busy_room_both_get_every_command_through(redis_server) -> None:
    clients = [Redis.from_url(redis_server.url) for _ in range(2)]
    stores = [RoomStore(client) for client in clients]  # two processes: two batchers, two names
    for store in stores:
        store.committer.start()
    meeting = await create_meeting(stores[0], "Busy")
    hubs = [RoomHub(meeting.room, store) for store in stores]
    for hub in hubs:
        assert await hub.load()  # neither hears the other's announcements: every commit of one is news

    async def keep_adding(hub: RoomHub, name: str) -> None:
        for i in range(150):
            await hub.execute(FACILITATOR, AddItem("note", f"{name} {i}"))

    await asyncio.gather(*(keep_adding(hub, f"{n}/{k}") for k in range(2) for n, hub in enumerate(hubs)))
    log = [msgpack.unpackb(fields[b"e"]) for _, fields in await clients[0].xrange(RoomKeys(meeting.room).log)]
    texts = [event["text"] for event in log if event["type"] == "ItemAdded"]
    assert len(texts) == len(set(texts)) == 600  # nobody starved into UNAVAILABLE, nothing twice
    assert [event["seq"] for event in log] == list(range(1, len(log) + 1))
    for store, client in zip(stores, clients):
        await store.committer.stop()
        await client.aclose()
