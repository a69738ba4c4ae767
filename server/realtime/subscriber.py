"""This process's one Redis pub/sub connection: a channel per room with local sockets.

Pub/sub is at-most-once, so it is only a fast path: the hubs check every seq and fill
gaps from the log. When the connection drops, redis-py reconnects and subscribes again;
that second confirmation of a channel is our cue that messages may have been missed.
"""

import asyncio
import logging
import secrets
from collections.abc import Callable

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

SUBSCRIBE_TIMEOUT_S = 5.0
RETRY_DELAY_S = 0.5
log = logging.getLogger("peercircle.subscriber")


class Subscriber:
    def __init__(
        self,
        redis: Redis,
        on_message: Callable[[str, bytes], None],
        on_resubscribed: Callable[[str | None], None],
    ) -> None:
        self._redis = redis
        self._pubsub = redis.pubsub()
        self._on_message = on_message
        self._on_resubscribed = on_resubscribed  # channel, or None for "all of them"
        self._confirmed: set[str] = set()
        self._waiting: dict[str, asyncio.Future[None]] = {}
        self._probes: dict[bytes, asyncio.Future[None]] = {}
        self._health = f"pc:health:{secrets.token_hex(8)}"
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.subscribe(self._health, wait=False)
        self._task = asyncio.create_task(self._read(), name="subscriber")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._pubsub.aclose()

    async def subscribe(self, channel: str, wait: bool = True) -> None:
        """Subscribe and, with `wait`, return once Redis confirmed it: from then on no
        commit to the channel can be missed without the hub seeing a seq gap."""
        future = asyncio.get_running_loop().create_future()
        self._waiting[channel] = future
        await self._pubsub.subscribe(channel)
        if wait:
            await asyncio.wait_for(future, SUBSCRIBE_TIMEOUT_S)

    async def unsubscribe(self, channel: str) -> None:
        self._confirmed.discard(channel)
        self._waiting.pop(channel, None)
        await self._pubsub.unsubscribe(channel)

    async def probe(self, timeout: float) -> bool:
        """A real publish/subscribe round trip through Redis."""
        nonce = secrets.token_bytes(8)
        future = asyncio.get_running_loop().create_future()
        self._probes[nonce] = future
        try:
            await asyncio.wait_for(self._round_trip(nonce, future), timeout)
            return True
        except (asyncio.TimeoutError, RedisConnectionError, RedisTimeoutError, OSError):
            return False
        finally:
            self._probes.pop(nonce, None)

    async def _round_trip(self, nonce: bytes, future: asyncio.Future[None]) -> None:
        await self._redis.publish(self._health, nonce)
        await future

    async def _read(self) -> None:
        while True:
            try:
                message = await self._pubsub.get_message(timeout=None)
            except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
                log.warning("pub/sub connection lost (%s); retrying", type(exc).__name__)
                await asyncio.sleep(RETRY_DELAY_S)
                continue
            if message is not None:
                self._handle(message)

    def _handle(self, message: dict) -> None:
        channel = message["channel"].decode()
        kind = message["type"]
        if kind == "message":
            if channel == self._health:
                future = self._probes.get(message["data"])
                if future and not future.done():
                    future.set_result(None)
            else:
                self._on_message(channel, message["data"])
        elif kind == "subscribe":
            waiting = self._waiting.pop(channel, None)
            if waiting and not waiting.done():
                waiting.set_result(None)
            if channel in self._confirmed:  # a resubscription after a reconnect
                self._on_resubscribed(None if channel == self._health else channel)
            self._confirmed.add(channel)
