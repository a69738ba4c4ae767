"""The command wire: pipelines answered in order on one connection, a refused command's
reply is its redis-py exception (not raised), a reply split over many reads is whole, and a
connection that ends fails what was not answered while keeping what was."""

import asyncio

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError, ResponseError

from server.store.command_wire import CommandWire
from server.store.resp import command, connect
from server.store.tokens import new_room_id


async def test_pipelines_sent_back_to_back_are_answered_each_with_its_own_replies_in_order(redis_client: Redis) -> None:
    wire, key = await connect(redis_client, CommandWire), f"list:{new_room_id()}"
    first: list = []
    second: list = []
    sent = [wire.send(command("RPUSH", key, "a") + command("RPUSH", key, "b"), 2, first),
            wire.send(command("LLEN", key) + command("LRANGE", key, 0, -1), 2, second)]
    await asyncio.gather(*sent)
    assert first == [1, 2]
    assert second == [2, [b"a", b"b"]]
    wire.close()


async def test_a_refused_command_is_its_redis_py_exception_among_the_others_replies(redis_client: Redis) -> None:
    wire, room = await connect(redis_client, CommandWire), new_room_id()
    await redis_client.set(f"plain:{room}", "text")
    replies: list = []
    await wire.send(
        command("HGET", f"plain:{room}", "f") + command("EVALSHA", "0" * 40, 0) + command("GET", f"plain:{room}"),
        3, replies,
    )
    assert isinstance(replies[0], ResponseError) and "WRONGTYPE" in str(replies[0])
    assert isinstance(replies[1], NoScriptError)  # what the batcher's script reloading relies on
    assert replies[2] == b"text"
    wire.close()


async def test_a_reply_larger_than_one_read_arrives_whole(redis_client: Redis) -> None:
    wire, key = await connect(redis_client, CommandWire), f"big:{new_room_id()}"
    value = bytes(range(256)) * 8192  # 2 MiB: many reads of the socket
    replies: list = []
    await wire.send(command("SET", key, value) + command("GET", key), 2, replies)
    assert replies == [b"OK", value]
    wire.close()


async def test_a_connection_that_ends_fails_the_unanswered_pipeline_and_keeps_what_came(redis_client: Redis) -> None:
    wire, key = await connect(redis_client, CommandWire), f"list:{new_room_id()}"
    replies: list = []
    me = await _client_id(wire)
    # the push is answered, then the connection is killed before the blocking pop can be
    sent = wire.send(command("RPUSH", key, "x") + command("BLPOP", f"never:{key}", 0), 2, replies)
    await _wait_until_blocked(redis_client, me)
    await redis_client.execute_command("CLIENT", "KILL", "ID", me)
    with pytest.raises(RedisConnectionError):
        await sent
    assert replies == [1]  # the push ran: a caller must not think nothing did
    failed: list = []
    with pytest.raises(RedisConnectionError):
        await wire.send(command("PING"), 1, failed)  # a closed wire refuses at once
    assert not wire.open


async def _client_id(wire: CommandWire) -> int:
    replies: list = []
    await wire.send(command("CLIENT", "ID"), 1, replies)
    return replies[0]


async def _wait_until_blocked(redis: Redis, client_id: int) -> None:
    for _ in range(200):
        if f"id={client_id} " in (await redis.execute_command("CLIENT", "LIST", "TYPE", "normal")).decode() and \
                (await redis.info("clients"))["blocked_clients"] >= 1:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the BLPOP never blocked")


async def test_a_reader_given_to_send_then_is_called_in_the_read_that_completed_its_pipeline(
    redis_client: Redis,
) -> None:
    wire, key = await connect(redis_client, CommandWire), f"list:{new_room_id()}"
    replies: list = []
    heard: list = []
    reads = 0
    received = wire.data_received

    def counted(data: bytes) -> None:
        nonlocal reads
        reads += 1
        received(data)

    wire.data_received = counted  # type: ignore[method-assign]
    wire.send_then(command("RPUSH", key, "a") + command("LLEN", key), 2, replies,
                   lambda error: heard.append((reads, error, list(replies))))
    while not heard:
        await asyncio.sleep(0.001)
    assert heard == [(reads, None, [1, 1])]  # no loop turn between the read and its reader


async def test_a_reader_that_raises_leaves_the_wire_in_step_for_the_next_pipeline(redis_client: Redis) -> None:
    wire, key = await connect(redis_client, CommandWire), f"list:{new_room_id()}"

    def broken(error: Exception | None) -> None:
        raise RuntimeError("a bug in the caller")

    wire.send_then(command("RPUSH", key, "a"), 1, [], broken)
    after: list = []
    await wire.send(command("LLEN", key), 1, after)
    assert after == [1] and wire.open
    wire.close()


async def test_a_reader_hears_the_connection_end_before_its_replies(redis_client: Redis) -> None:
    wire, key = await connect(redis_client, CommandWire), f"list:{new_room_id()}"
    me = await _client_id(wire)
    heard: list = []
    replies: list = []
    wire.send_then(command("RPUSH", key, "x") + command("BLPOP", f"never:{key}", 0), 2, replies, heard.append)
    await _wait_until_blocked(redis_client, me)
    await redis_client.execute_command("CLIENT", "KILL", "ID", me)
    while not heard:
        await asyncio.sleep(0.001)
    assert len(heard) == 1 and isinstance(heard[0], RedisConnectionError)
    assert replies == [1]  # what came before the cut is kept
