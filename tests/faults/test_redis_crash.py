"""Redis killed with SIGKILL in the middle of a meeting under load: with AOF, no change
that was acknowledged is lost, a retried change is applied once, and every client's
stream of events stays gap-free through the outage."""

import asyncio
import time

import msgpack
import pytest
from redis.asyncio import Redis

from tests.support.client import Client, create_room, join, token_of
from tests.support.processes import RedisServer

WRITERS = 6
CHANGES_EACH = 40
RETRY_DELAY_S = 0.1


async def write_until_acked(client: Client, op: str, text: str, acked: dict[str, int]) -> None:
    """The client's contract: resend the same op id until the server answers it."""
    while True:
        try:
            reply = await client.command("AddItem", op=op, kind="note", text=text)
        except asyncio.TimeoutError:
            continue
        if reply["t"] == "ack":
            acked[op] = reply["seq"]
            return
        assert reply["code"] in ("unavailable", "rate_limited"), reply
        await asyncio.sleep(RETRY_DELAY_S)


@pytest.mark.parametrize("appendfsync", ["everysec", "always"])
async def test_no_acknowledged_change_is_lost_when_redis_is_killed(start_server, tmp_path, appendfsync) -> None:
    redis = RedisServer(tmp_path / "redis", appendfsync=appendfsync).start()
    try:
        server = start_server(redis.url)
        room = await create_room(server.base)
        invite = token_of(room["links"]["participant"])
        watcher = await Client.connect(server.ws_url, token_of(room["links"]["display"]))
        writers = [await Client.connect(server.ws_url, await join(server.base, invite, f"W{i}")) for i in range(WRITERS)]
        acked: dict[str, int] = {}

        async def write(n: int, client: Client) -> None:
            for i in range(CHANGES_EACH):
                await write_until_acked(client, f"w{n}-{i}", f"w{n}-{i}", acked)

        async def crash() -> None:
            await asyncio.sleep(0.3)
            redis.kill()  # SIGKILL, mid-load
            await asyncio.sleep(1.0)
            redis.start()

        started = time.monotonic()
        await asyncio.gather(crash(), *(write(n, c) for n, c in enumerate(writers)))
        assert len(acked) == WRITERS * CHANGES_EACH
        assert time.monotonic() - started < 60

        client = Redis.from_url(redis.url)
        log = await client.xrange(f"{{room:{room['room']}}}:log")
        await client.aclose()
        events = [msgpack.unpackb(fields[b"e"]) for _, fields in log]
        written = [e["text"] for e in events if e["type"] == "ItemAdded"]
        assert sorted(written) == sorted(acked)  # every acknowledged change, each exactly once
        for op, seq in acked.items():
            assert events[seq - events[0]["seq"]]["text"] == op  # at the seq its ack named
        last = max(acked.values())
        for observer in [watcher, *writers]:
            await observer.wait_seq(last, timeout=15)
            assert not observer.gaps
    finally:
        redis.kill()
