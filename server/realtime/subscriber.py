"""This process's one Redis pub/sub connection: a channel per room with local sockets.

Pub/sub is at-most-once, so it is only a fast path: the hubs check every seq and fill
gaps from the log. When the connection drops we reconnect and subscribe again; that
second confirmation of a channel is our cue that messages may have been missed.

Every room announcement of the process comes in here, so the connection is our own
asyncio protocol parsing with hiredis (pubsub_wire), not redis-py's PubSub: its
get_message took about ten times the CPU per message (python -m bench.intake). The
PUBLISH of a probe goes through the ordinary redis-py client.
"""

import asyncio
import logging
import secrets
from collections.abc import Callable

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from server.realtime.pubsub_wire import PubSubWire
from server.store.resp import command, connect, handshake

SUBSCRIBE_TIMEOUT_S = 5.0
RETRY_DELAY_S = 0.5
STOP_TIMEOUT_S = 2.0
CHANNELS_PER_COMMAND = 1000  # keeps one SUBSCRIBE's size bounded after a reconnect
log = logging.getLogger("peercircle.subscriber")


class Subscriber:
    """Delivers `on_message(channel, data)` synchronously, in Redis's order, for every
    message on a subscribed room channel; calls `on_resubscribed(channel)` (None for the
    health channel, meaning "all of them") when a channel is confirmed again after a
    reconnect. Connection settings are those of `redis`'s pool."""

    def __init__(
        self,
        redis: Redis,
        on_message: Callable[[str, bytes], None],
        on_resubscribed: Callable[[str | None], None],
    ) -> None:
        self._redis = redis
        self._on_message = on_message
        self._on_resubscribed = on_resubscribed
        self._health = f"pc:health:{secrets.token_hex(8)}"  # always wanted while started
        self._health_wire = self._health.encode()
        self._wanted: dict[bytes, str] = {}  # the room channels we mean to hear, by wire name
        self._confirmed: set[str] = set()  # confirmed at least once since last subscribed
        self._live: set[str] = set()  # confirmed on the current connection
        self._waiting: dict[str, asyncio.Future[None]] = {}
        self._probes: dict[bytes, asyncio.Future[None]] = {}
        self._dirty: dict[str, None] = {}  # changed since the last flush, in order
        self._flush_scheduled = False
        self._wire: PubSubWire | None = None  # while connected
        self._outage = False
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Connect and subscribe the health channel; raises asyncio.TimeoutError (and stops
        again) if Redis cannot be reached within SUBSCRIBE_TIMEOUT_S."""
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="subscriber")
        try:
            await self.subscribe(self._health)
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """End the connection task and close the connection; nothing keeps running."""
        wire, self._stopping = self._wire, True
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if wire:  # closed by _run; wait (briefly) until the socket is really gone
            await asyncio.wait([wire.closed], timeout=STOP_TIMEOUT_S)

    async def subscribe(self, channel: str, wait: bool = True) -> None:
        """Subscribe and, with `wait`, return once Redis confirmed it: from then on no
        commit to the channel can be missed without the hub seeing a seq gap. During an
        outage the subscription takes effect on reconnecting; the wait is bounded by
        SUBSCRIBE_TIMEOUT_S (asyncio.TimeoutError)."""
        if channel in self._live:
            return
        future = self._waiting.get(channel)
        if future is None or future.done():
            future = self._waiting[channel] = asyncio.get_running_loop().create_future()
        if channel != self._health:
            self._wanted[channel.encode()] = channel
        self._touch(channel)
        if wait:
            async with asyncio.timeout(SUBSCRIBE_TIMEOUT_S):
                await asyncio.shield(future)

    async def unsubscribe(self, channel: str) -> None:
        """No message of the channel is delivered after this returns."""
        self._wanted.pop(channel.encode(), None)
        self._confirmed.discard(channel)
        self._live.discard(channel)
        self._waiting.pop(channel, None)
        self._touch(channel)

    async def probe(self, timeout: float) -> bool:
        """A real publish/subscribe round trip through Redis."""
        nonce = secrets.token_bytes(8)
        future = asyncio.get_running_loop().create_future()
        self._probes[nonce] = future
        try:
            async with asyncio.timeout(timeout):
                await self._redis.publish(self._health, nonce)
                await future
            return True
        except (asyncio.TimeoutError, RedisConnectionError, RedisTimeoutError, OSError):
            return False
        finally:
            self._probes.pop(nonce, None)

    # The connection

    # asyncio.timeout rather than wait_for throughout: on 3.11 wait_for can swallow a
    # cancellation that meets a finished connect, and stop() would wait forever.

    async def _run(self) -> None:
        while not self._stopping:
            try:
                wire = await self._connect()
            except (OSError, asyncio.TimeoutError) as exc:
                self._lost(exc)
                await asyncio.sleep(RETRY_DELAY_S)
                continue
            try:
                self._wire = wire
                self._dirty.clear()  # a fresh connection hears exactly what is wanted
                wire.send(self._handshake() + self._subscribe_commands([self._health, *self._wanted.values()]))
                reason = await asyncio.shield(wire.closed)
            finally:
                self._wire = None
                self._live.clear()
                wire.close()
            was_healthy = not self._outage  # it confirmed a subscription
            self._lost(reason)
            if not was_healthy:  # reconnect at once after a cut, then every RETRY_DELAY_S
                await asyncio.sleep(RETRY_DELAY_S)

    async def _connect(self) -> PubSubWire:
        return await connect(self._redis, lambda: PubSubWire(self._wanted, self._on_message, self._on_reply))

    def _handshake(self) -> bytes:
        return b"".join(handshake(self._redis, select=False))  # channels are not per db

    def _lost(self, reason: BaseException | None) -> None:
        if not self._outage:
            self._outage = True
            log.warning(
                "pub/sub connection to Redis lost (%s); retrying every %.1f s", reason or "closed by Redis", RETRY_DELAY_S
            )

    # Subscriptions: changes in one loop iteration go out as one SUBSCRIBE and one UNSUBSCRIBE

    def _touch(self, channel: str) -> None:
        self._dirty[channel] = None
        if not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        if self._wire is None:
            return  # the next connection subscribes everything wanted
        dirty, self._dirty = list(self._dirty), {}
        subscribe = [c for c in dirty if self._is_wanted(c)]  # the latest call wins
        unsubscribe = [c for c in dirty if not self._is_wanted(c)]
        self._wire.send(self._subscribe_commands(subscribe) + self._subscribe_commands(unsubscribe, b"UNSUBSCRIBE"))

    @staticmethod
    def _subscribe_commands(channels: list[str], verb: bytes = b"SUBSCRIBE") -> bytes:
        return b"".join(
            command(verb, *channels[i : i + CHANNELS_PER_COMMAND]) for i in range(0, len(channels), CHANNELS_PER_COMMAND)
        )

    def _is_wanted(self, channel: str) -> bool:
        return channel == self._health or channel.encode() in self._wanted

    # Replies other than room messages (those go from the wire straight to on_message),
    # in order. A message on a channel no longer wanted is dropped here.

    def _on_reply(self, reply: object) -> None:
        if not isinstance(reply, list):
            return  # +OK to AUTH or CLIENT SETNAME
        if reply[0] == b"message" and reply[1] == self._health_wire:
            if (future := self._probes.get(reply[2])) and not future.done():
                future.set_result(None)
        elif reply[0] == b"subscribe":
            self._confirmed_now(reply[1].decode())

    def _confirmed_now(self, channel: str) -> None:
        if self._outage:
            self._outage = False
            log.info("pub/sub connection to Redis restored")
        if not self._is_wanted(channel):
            return  # unsubscribed before the confirmation came
        self._live.add(channel)
        if (waiting := self._waiting.pop(channel, None)) and not waiting.done():
            waiting.set_result(None)
        if channel in self._confirmed:  # a resubscription after a reconnect
            self._on_resubscribed(None if channel == self._health else channel)
        self._confirmed.add(channel)
