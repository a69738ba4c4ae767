"""The store against a real redis-server: one Lua commit appends, checks and announces."""

import asyncio
import secrets
from collections.abc import AsyncIterator

import msgpack
import pytest
from redis.asyncio import Redis

from server.store.committer import CommitRequest, Outcome
from server.store.keys import RoomKeys
from server.store.lua import CLAIM_MS, CONFLICT_TAIL
from server.store.rooms import RoomStore
from server.store.tokens import Grant, new_room_id, new_token, token_field


def request(room: str, expected: int, n: int = 1, *, epoch: str = "e1", op: str = "", meta=()) -> CommitRequest:
    entries = [msgpack.packb({"seq": expected + i + 1, "type": "Noted", "i": i}) for i in range(n)]
    return CommitRequest.single(room, epoch, expected, op, entries, b"announce:%d" % (expected + 1), tuple(meta))


async def test_commits_append_gap_free_seqs_that_are_the_stream_ids(store: RoomStore, redis_client: Redis) -> None:
    room = new_room_id()
    assert (await store.commit(request(room, 0, 2))).seq == 2
    assert (await store.commit(request(room, 2, 3))).seq == 5
    ids = [entry_id for entry_id, _ in await redis_client.xrange(RoomKeys(room).log)]
    assert ids == [b"1-0", b"2-0", b"3-0", b"4-0", b"5-0"]
    assert [seq for seq, _ in await store.read_range(room, 2, 4)] == [2, 3, 4]


async def test_a_commit_on_a_stale_seq_is_refused_and_changes_nothing(store: RoomStore, redis_client: Redis) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 3))
    result = await store.commit(request(room, 1, 1, meta=[("x", "1")]))
    assert (result.outcome, result.seq) == (Outcome.CONFLICT, 3)
    assert await redis_client.xlen(RoomKeys(room).log) == 3
    assert await redis_client.hget(RoomKeys(room).meta, "x") is None


async def test_a_conflict_answers_with_the_entries_the_loser_missed(store: RoomStore) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 3))
    result = await store.commit(request(room, 1, 1))
    assert [seq for seq, _ in result.missed] == [2, 3]
    assert [msgpack.unpackb(raw)["seq"] for _, raw in result.missed] == [2, 3]


async def test_a_conflict_far_behind_answers_with_at_most_the_tail_limit(store: RoomStore) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, CONFLICT_TAIL + 10))
    result = await store.commit(request(room, 0, 1))
    assert result.seq == CONFLICT_TAIL + 10
    assert [seq for seq, _ in result.missed] == list(range(1, CONFLICT_TAIL + 1))  # the rest: read the log


def claiming(req: CommitRequest) -> CommitRequest:
    req.claims = True
    return req


@pytest.fixture
async def other_process(redis_client: Redis) -> AsyncIterator[RoomStore]:
    """A second process's store: a committer of its own, so a claimant of its own name."""
    other = RoomStore(redis_client)
    other.committer.start()
    yield other
    await other.committer.stop()


async def test_a_claimant_that_lost_the_race_has_the_next_turn_and_releases_it_by_committing(
        store: RoomStore, other_process: RoomStore, redis_client: Redis) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 2))
    lost = await other_process.commit(claiming(request(room, 1, 1)))  # stale: it loses, and claims
    assert lost.outcome is Outcome.CONFLICT
    other = await store.commit(claiming(request(room, 2, 1)))  # up to date, a claimant too, but not its turn
    assert other.outcome is Outcome.YIELDED and 0 < other.seq <= CLAIM_MS
    assert await redis_client.xlen(RoomKeys(room).log) == 2  # the yielder wrote nothing
    assert (await other_process.commit(claiming(request(room, 2, 1)))).outcome is Outcome.COMMITTED
    assert await redis_client.exists(RoomKeys(room).claim) == 0
    assert (await store.commit(request(room, 3, 1))).outcome is Outcome.COMMITTED


async def test_a_claim_nobody_uses_expires_by_itself(store: RoomStore, other_process: RoomStore) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 1))
    await other_process.commit(claiming(request(room, 0, 1)))  # claims, then is never heard from again
    assert (await store.commit(request(room, 1, 1))).outcome is Outcome.YIELDED
    await asyncio.sleep(CLAIM_MS / 1000 + 0.01)
    assert (await store.commit(request(room, 1, 1))).outcome is Outcome.COMMITTED


async def test_a_loser_that_claims_nothing_leaves_the_room_open(store: RoomStore) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 1))
    assert (await store.commit(request(room, 0, 1))).outcome is Outcome.CONFLICT
    assert (await store.commit(request(room, 1, 1))).outcome is Outcome.COMMITTED


async def test_a_retried_op_is_answered_with_its_original_seq_and_not_applied_again(store: RoomStore, redis_client: Redis) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 1))
    first = await store.commit(request(room, 1, 2, op="p2:abc"))
    retry = await store.commit(request(room, 3, 2, op="p2:abc"))
    assert (first.outcome, first.seq) == (Outcome.COMMITTED, 3)
    assert (retry.outcome, retry.seq) == (Outcome.DUPLICATE, 3)
    assert await redis_client.xlen(RoomKeys(room).log) == 3
    assert await store.op_seq(room, "p2:abc") == 3


async def test_a_commit_under_another_epoch_or_to_a_missing_room_is_refused(store: RoomStore) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 1, epoch="old"))
    assert (await store.commit(request(room, 1, 1, epoch="new"))).outcome is Outcome.GONE
    assert (await store.commit(request(new_room_id(), 4, 1))).outcome is Outcome.GONE


async def test_each_commit_is_announced_once_on_the_room_channel(store: RoomStore, redis_client: Redis) -> None:
    room = new_room_id()
    pubsub = redis_client.pubsub()
    await pubsub.subscribe(RoomKeys(room).channel)
    await pubsub.get_message(timeout=1)  # the subscribe confirmation
    await store.commit(request(room, 0, 2))
    await store.commit(request(room, 1, 1))  # a conflict: announces nothing
    await store.commit(request(room, 2, 1))
    received = []
    while (message := await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.3)) is not None:
        received.append(message["data"])
    assert received == [b"announce:1", b"announce:3"]
    await pubsub.aclose()


async def test_concurrent_commits_on_the_same_seq_let_exactly_one_win(store: RoomStore) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 1))
    results = await asyncio.gather(*(store.commit(request(room, 1, 1)) for _ in range(10)))
    assert sorted(r.outcome.name for r in results) == ["COMMITTED"] + ["CONFLICT"] * 9


async def test_many_rooms_commit_together_in_one_pipeline(store: RoomStore) -> None:
    rooms = [new_room_id() for _ in range(50)]
    results = await asyncio.gather(*(store.commit(request(room, 0, 1)) for room in rooms))
    assert all(r.outcome is Outcome.COMMITTED and r.seq == 1 for r in results)


async def test_a_commit_after_redis_forgot_its_scripts_still_succeeds(store: RoomStore, redis_client: Redis) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 1))
    await redis_client.script_flush()
    assert (await store.commit(request(room, 1, 1))).outcome is Outcome.COMMITTED


async def test_load_returns_the_snapshot_and_the_tail_of_the_log_together(store: RoomStore) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 5))
    assert await store.write_snapshot(room, "e1", 3, b"state@3", keep_from=2)
    loaded = await store.load(room, 1)
    assert (loaded.epoch, loaded.seq, loaded.snap_seq, loaded.snapshot) == ("e1", 5, 3, b"state@3")
    assert [seq for seq, _ in loaded.entries] == [2, 3, 4, 5]  # seq 1 was trimmed
    assert await store.load(new_room_id(), 1) is None


async def test_a_snapshot_trims_the_log_and_forgets_the_op_ids_it_trimmed(store: RoomStore) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 1, op="p1:old"))
    await store.commit(request(room, 1, 1, op="p1:new"))
    assert await store.write_snapshot(room, "e1", 2, b"s", keep_from=2)
    assert await store.op_seq(room, "p1:old") is None
    assert await store.op_seq(room, "p1:new") == 2


async def test_an_older_snapshot_never_replaces_a_newer_one(store: RoomStore) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 4))
    assert await store.write_snapshot(room, "e1", 4, b"new", keep_from=1)
    assert not await store.write_snapshot(room, "e1", 2, b"old", keep_from=1)
    assert not await store.write_snapshot(room, "other-epoch", 4, b"x", keep_from=1)
    assert (await store.load(room, 1)).snapshot == b"new"


async def test_tokens_resolve_by_hash_and_their_secret_is_never_stored(store: RoomStore, redis_client: Redis) -> None:
    room = new_room_id()
    token, field = new_token(room)
    await store.commit(request(room, 0, 1, meta=[(field, Grant("participant", "p4").encode())]))
    assert await store.resolve(token) == (room, Grant("participant", "p4"))
    secret = token.split(".", 1)[1]
    assert await store.resolve(f"{room}.{secrets.token_urlsafe(24)}") is None
    assert await store.resolve("not a token") is None
    assert await store.resolve(f"{new_room_id()}.{secret}") is None  # another room's id
    for key in RoomKeys(room).all():
        dump = await redis_client.dump(key)
        assert dump is None or secret.encode() not in dump
    assert field == token_field(secret) and secret not in field


async def test_keep_restarts_the_clock_of_every_key_of_the_room_and_of_its_join_code(store: RoomStore, redis_client: Redis) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 1))
    keys = RoomKeys(room)
    await redis_client.hset(keys.presence, "p1|c1", "1")
    code = await store.reserve_code(room)
    await redis_client.hset(keys.meta, "code", code)  # as the room's creation records it
    await store.keep(room, 500)
    existing = [key for key in keys.all() if await redis_client.exists(key)]
    assert keys.meta in existing and keys.log in existing and keys.presence in existing
    for key in [*existing, f"code:{code}"]:
        assert 490 < await redis_client.ttl(key) <= 500, key
    await store.keep(room, 100)  # shorter too: a closed meeting's clock runs from its close
    assert 90 < await redis_client.ttl(f"code:{code}") <= 100


async def test_keep_of_a_room_without_a_join_code_renews_its_keys_only(store: RoomStore, redis_client: Redis) -> None:
    room = new_room_id()
    await store.commit(request(room, 0, 1))
    await store.keep(room, 300)
    assert 290 < await redis_client.ttl(RoomKeys(room).meta) <= 300
