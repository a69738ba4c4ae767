"""The batcher: many callers' commands in one pipeline, each caller its own reply, in the
order queued; a refused command fails only its caller; scripts survive a flushed cache."""

import asyncio

import pytest
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError

from server.store.batcher import BATCH_MAX, Batcher
from server.store.tokens import new_room_id
from tests.support.processes import free_port

ECHO = "return ARGV[1]"


class CountingBatcher(Batcher):
    """Counts the pipelines sent, to see that callers arriving together share one."""

    def __init__(self, redis: Redis) -> None:
        super().__init__(redis)
        self.pipelines: list[int] = []

    def _joined(self, batch):
        self.pipelines.append(len(batch))
        return super()._joined(batch)


async def test_callers_arriving_together_share_a_pipeline_in_the_order_they_queued(redis_client: Redis) -> None:
    batcher, key = CountingBatcher(redis_client), f"list:{new_room_id()}"
    replies = await asyncio.gather(*(batcher.call("RPUSH", key, n) for n in range(200)))
    assert replies == list(range(1, 201))  # each caller gets its own reply: the list's length after its push
    assert await redis_client.lrange(key, 0, -1) == [str(n).encode() for n in range(200)]
    assert batcher.pipelines == [200]


async def test_what_queues_while_a_pipeline_is_in_flight_goes_in_the_next_one_and_after_it(redis_client: Redis) -> None:
    batcher, key = CountingBatcher(redis_client), f"list:{new_room_id()}"

    async def later(n: int) -> int:
        await asyncio.sleep(0)  # queued once the first pipeline is on its way
        return await batcher.call("RPUSH", key, n)

    first = [batcher.call("RPUSH", key, n) for n in range(3)]
    replies = await asyncio.gather(*first, *(later(n) for n in range(3, 6)))
    assert replies == [1, 2, 3, 4, 5, 6]
    assert await redis_client.lrange(key, 0, -1) == [str(n).encode() for n in range(6)]
    assert batcher.pipelines == [3, 3]


async def test_a_long_queue_is_split_into_bounded_pipelines(redis_client: Redis) -> None:
    batcher, key = CountingBatcher(redis_client), f"count:{new_room_id()}"
    replies = await asyncio.gather(*(batcher.call("INCR", key) for _ in range(BATCH_MAX + 10)))
    assert replies == list(range(1, BATCH_MAX + 11))
    assert batcher.pipelines == [BATCH_MAX, 10]


async def test_a_refused_command_fails_only_its_caller(redis_client: Redis) -> None:
    batcher, room = Batcher(redis_client), new_room_id()
    await redis_client.set(f"plain:{room}", "not a hash")
    await redis_client.hset(f"hash:{room}", "f", "v")
    replies = await asyncio.gather(
        batcher.call("HGET", f"hash:{room}", "f"),
        batcher.call("HGET", f"plain:{room}", "f"),  # WRONGTYPE
        batcher.script("return redis.call('NOPE')", [], []),  # a script that errors
        batcher.call("HGET", f"hash:{room}", "f"),
        return_exceptions=True,
    )
    assert replies[0] == replies[3] == b"v"
    assert isinstance(replies[1], ResponseError) and "WRONGTYPE" in str(replies[1])
    assert isinstance(replies[2], ResponseError)


async def test_scripts_are_loaded_again_after_redis_lost_its_script_cache(redis_client: Redis) -> None:
    batcher, key = Batcher(redis_client), f"k:{new_room_id()}"
    assert await batcher.script(ECHO, [], ["one"]) == b"one"
    await redis_client.script_flush()  # as after a Redis restart
    replies = await asyncio.gather(batcher.script(ECHO, [], ["two"]), batcher.call("SET", key, "x"),
                                   batcher.script(ECHO, [], ["three"]))
    assert replies == [b"two", True, b"three"]


async def test_a_caller_that_gives_up_before_the_send_is_dropped_and_the_others_get_their_replies(
    redis_client: Redis,
) -> None:
    batcher, key = Batcher(redis_client), f"list:{new_room_id()}"
    calls = [asyncio.ensure_future(batcher.call("RPUSH", key, n)) for n in range(3)]
    await asyncio.sleep(0)  # all three queued; the pipeline goes on a later turn
    calls[1].cancel()
    done = await asyncio.gather(*calls, return_exceptions=True)
    assert done[0] == 1 and isinstance(done[1], asyncio.CancelledError) and done[2] == 2
    assert await redis_client.lrange(key, 0, -1) == [b"0", b"2"]


async def test_a_failed_connection_fails_its_callers_and_the_next_call_starts_afresh(redis_client: Redis) -> None:
    nowhere = Redis(port=free_port(), socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0))
    batcher = Batcher(nowhere)
    replies = await asyncio.gather(*(batcher.call("PING") for _ in range(3)), return_exceptions=True)
    assert all(isinstance(reply, RedisConnectionError) for reply in replies)
    with pytest.raises(RedisConnectionError):
        await batcher.call("PING")
    await nowhere.aclose()
    assert await Batcher(redis_client).call("PING") is True


async def test_a_connection_redis_dropped_between_pipelines_is_replaced_without_failing_anyone(
    redis_client: Redis,
) -> None:
    batcher, key = Batcher(redis_client), f"list:{new_room_id()}"
    assert await batcher.call("RPUSH", key, "before") == 1
    await redis_client.execute_command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")  # the batcher's too
    assert await asyncio.gather(batcher.call("RPUSH", key, "after"), batcher.call("LLEN", key)) == [2, 2]


async def test_a_pipeline_cut_after_some_replies_fails_its_callers_and_is_not_sent_again(redis_client: Redis) -> None:
    batcher, key = Batcher(redis_client), f"list:{new_room_id()}"
    me = await batcher.call("CLIENT", "ID")
    calls = [asyncio.ensure_future(batcher.call("RPUSH", key, "once")),
             asyncio.ensure_future(batcher.call("BLPOP", f"never:{key}", 0))]
    for _ in range(200):  # until the pop blocks: the push has been answered by then
        if (await redis_client.info("clients"))["blocked_clients"] >= 1:
            break
        await asyncio.sleep(0.01)
    await redis_client.execute_command("CLIENT", "KILL", "ID", me)
    done = await asyncio.gather(*calls, return_exceptions=True)
    assert all(isinstance(outcome, RedisConnectionError) for outcome in done)
    assert await redis_client.lrange(key, 0, -1) == [b"once"]  # the push ran, and only once
    assert await batcher.call("LLEN", key) == 1  # the next call opens a fresh connection
    batcher.close()


async def test_a_closed_batcher_fails_what_is_queued_and_every_later_call(redis_client: Redis) -> None:
    batcher = Batcher(redis_client)
    assert await batcher.call("PING") is True
    queued = asyncio.ensure_future(batcher.call("PING"))
    await asyncio.sleep(0)  # queued; sent or not, it must fail
    batcher.close()
    with pytest.raises(RedisConnectionError):
        await queued
    with pytest.raises(RedisConnectionError):
        await batcher.call("PING")


async def test_an_argument_redis_cannot_be_sent_fails_its_caller_at_once_and_no_one_else(redis_client: Redis) -> None:
    batcher, key = Batcher(redis_client), f"list:{new_room_id()}"
    with pytest.raises(TypeError):
        await batcher.call("RPUSH", key, None)
    assert await asyncio.gather(batcher.call("RPUSH", key, "a"), batcher.call("LLEN", key)) == [1, 1]
    batcher.close()


async def test_a_scripts_reader_hears_its_reply_and_what_it_queues_goes_in_the_next_pipeline(
    redis_client: Redis,
) -> None:
    batcher, key = CountingBatcher(redis_client), f"list:{new_room_id()}"
    heard: list = []
    done = asyncio.get_running_loop().create_future()

    def first(reply: object) -> None:
        heard.append(reply)
        batcher.script_then("return redis.call('RPUSH', KEYS[1], ARGV[1])", [key], ["second"], second)

    def second(reply: object) -> None:
        heard.append(reply)
        done.set_result(None)

    batcher.script_then("return redis.call('RPUSH', KEYS[1], ARGV[1])", [key], ["first"], first)
    await asyncio.wait_for(done, 2)
    assert heard == [1, 2]
    assert await redis_client.lrange(key, 0, -1) == [b"first", b"second"]
    assert batcher.pipelines[-2:] == [1, 1]


async def test_a_scripts_reader_hears_a_refusal_as_an_exception_and_only_once(redis_client: Redis) -> None:
    batcher, room = Batcher(redis_client), new_room_id()
    await redis_client.set(f"plain:{room}", "text")
    heard: list = []
    batcher.script_then("return redis.call('HGET', KEYS[1], 'f')", [f"plain:{room}"], [], heard.append)
    assert await batcher.call("PING") is True  # the next pipeline: the script's has been answered
    assert len(heard) == 1 and isinstance(heard[0], ResponseError) and "WRONGTYPE" in str(heard[0])
