"""Small Redis commands from many callers, sent together: one pipeline per round trip.

A reconnect storm brings thousands of connections at once, each wanting a token looked
up and, once attached, its revocation re-checked and its presence recorded. Sent one by
one, each is a redis-py round trip of its own (a pooled connection taken and given back,
the command packed, written and read), and the callers queue for the pool's
connections. Here every request queued while a pipeline is in flight goes out in the
next one, as the committer does for commits ("smart batching"): the first request of a
quiet moment is sent on the next turn of the loop, and a busy moment costs one round
trip for many callers. The batcher keeps one connection of its own (command_wire): the
server accepts one connection per loop turn, so a storm's pipelines are short (a handful
of requests), and a pool checkout plus redis-py's pipeline machinery per pipeline would
cost more than the commands themselves. For the same reason the usual round trip is
written and answered in callbacks, without a task (python -m bench.wire).

Contract: requests reach Redis in the order they were queued and each caller gets its
own reply, as redis-py would give it for that command without options. A caller that
gives up (is cancelled) before its pipeline is sent has its command dropped; after, the
command runs. A command Redis refuses fails only its caller. A connection that fails
fails every caller of that pipeline, except that a pipeline whose connection broke
before any reply came back is sent once more on a fresh connection, as redis-py's own
retry would: queue only commands that may run twice. A script is called by its SHA;
when Redis answers NOSCRIPT (it restarted and lost its script cache), the script is
loaded again and those calls are sent again, after the rest of their pipeline.
"""

import asyncio
import functools
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError
from redis.exceptions import TimeoutError as RedisTimeoutError

from server.store.command_wire import CommandWire
from server.store.resp import command, connect, handshake

log = logging.getLogger("peercircle.store")

BATCH_MAX = 512  # requests per pipeline: a longer queue waits for the next round trip


class _Unanswered(RedisConnectionError):
    """The connection broke before any reply of the pipeline came back."""


@dataclass(slots=True)
class _Request:
    args: tuple[Any, ...]  # the command, as redis-py's execute_command takes it
    future: asyncio.Future[Any] | None  # its reply, unless `then` is called with it instead
    script: str | None = None  # the Lua source of a script call (args then start with EVALSHA, its SHA)
    retried: bool = False
    encoded: bytes = b""  # the command in RESP, made when queued
    then: Callable[[Any], None] | None = None

    @property
    def waiting(self) -> bool:
        return self.then is not None if self.future is None else not self.future.done()

    def answer(self, reply: Any) -> None:
        """The reply, or the exception the caller hears instead (a refusal, a lost
        connection); once: a request already answered stays so."""
        if (then := self.then) is not None:
            self.then = None
            try:
                then(reply)
            except Exception:  # the caller's bug must not fail the pipeline's other callers
                log.exception("a batched command's reader failed")
        elif self.future is not None and not self.future.done():
            if isinstance(reply, BaseException):
                self.future.set_exception(reply)
            else:
                self.future.set_result(reply)


class Batcher:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._pending: list[_Request] = []
        self._flusher: asyncio.Task[None] | None = None  # only while a round trip has to wait
        self._busy = False  # a pipeline is in flight or about to be sent
        self._closed = False
        self._wire: CommandWire | None = None  # opened at first use, kept
        self._loaded: set[str] = set()  # SHAs this Redis is known to hold
        self._loop: asyncio.AbstractEventLoop | None = None

    async def call(self, *args: Any) -> Any:
        """Run one command (e.g. `"HGET", key, field`) in the next pipeline; its reply."""
        return await self._enqueue(_Request(args, self._new_future(), encoded=self._encode(args)))

    async def script(self, source: str, keys: Sequence[str], args: Sequence[Any]) -> Any:
        """Run a Lua script in the next pipeline; its reply."""
        full = ("EVALSHA", _sha(source), len(keys), *keys, *args)
        return await self._enqueue(_Request(full, self._new_future(), source, encoded=self._encode(full)))

    def script_then(self, source: str, keys: Sequence[str], args: Sequence[Any], then: Callable[[Any], None]) -> None:
        """`script` without a coroutine or a future: `then` is called with its reply, or
        with the exception `script` would raise, straight from the code that read it (no
        loop turn in between). `then` may queue more; what it raises is logged."""
        full = ("EVALSHA", _sha(source), len(keys), *keys, *args)
        self._enqueue(_Request(full, None, source, encoded=self._encode(full), then=then))

    @staticmethod
    def _encode(args: tuple[Any, ...]) -> bytes:
        # when queued, so that an argument Redis cannot be sent (None, an object) fails its
        # caller at once with TypeError, never a pipeline shared with others
        return command(*args)

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        # Python 3.11 makes a getpid() system call in every get_running_loop(): learn it once.
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        return self._loop

    def _new_future(self) -> asyncio.Future[Any]:
        return self._running_loop().create_future()

    def _enqueue(self, request: _Request) -> "asyncio.Future[Any] | None":
        if self._closed:
            raise RedisConnectionError("the batcher is closed")
        self._pending.append(request)
        if not self._busy:
            self._busy = True
            self._running_loop().call_soon(self._next)
        return request.future

    # One pipeline in flight at a time. The common round trip (the wire open, its scripts
    # known) runs in callbacks: written here, answered from the wire's data_received, the
    # next one written from there; no task, no coroutine and no future per round trip.
    # Connecting, loading scripts and the retry after a broken connection need awaiting: a task.

    def _next(self) -> None:
        """Send what is queued (up to BATCH_MAX); once nothing is, stand idle."""
        batch = self._take()
        if not batch:
            self._busy = False
            return
        wire = self._wire
        if self._closed or wire is None or not wire.open or not self._known(batch):
            self._flusher = self._running_loop().create_task(self._flush(batch), name="batcher")
            return
        replies: list[Any] = []
        wire.send_then(self._joined(batch), len(batch), replies, functools.partial(self._answered, batch, replies))

    def _take(self) -> list[_Request]:
        batch, self._pending = self._pending[:BATCH_MAX], self._pending[BATCH_MAX:]
        return [request for request in batch if request.waiting]  # callers who gave up: not sent

    def _known(self, batch: list[_Request]) -> bool:
        return all(request.script is None or request.args[1] in self._loaded for request in batch)

    @staticmethod
    def _joined(batch: list[_Request]) -> bytes:
        """One pipeline: every command of `batch` at once."""
        return b"".join([request.encoded for request in batch])

    def _answered(self, batch: list[_Request], replies: list[Any], failure: Exception | None) -> None:
        if failure is None:
            try:
                self._deliver(batch, self._with_callbacks(batch, replies))
            except Exception as exc:  # a reply redis-py's callback could not read: this pipeline hears it
                self._fail(batch, exc)
            self._next()  # whatever happened, the queue moves on
        elif replies or self._closed:  # some of them ran: their callers must hear it
            self._fail(batch, failure)
            self._next()
        else:  # broken before any reply: once more, on a fresh connection
            self._flusher = self._running_loop().create_task(self._flush(batch, retry=False), name="batcher")

    async def _flush(self, batch: list[_Request], retry: bool = True) -> None:
        """The round trip that has to wait: connect, load scripts, or send again."""
        try:
            if self._closed:
                raise RedisConnectionError("the batcher is closed")
            await self._load([request.script for request in batch if request.script])
            replies = await (self._round_trip(batch) if retry else self._exchange(batch))
        except asyncio.CancelledError:  # the loop is shutting down: nobody may wait for ever
            for request in (*batch, *self._pending):
                if request.future is None:
                    request.answer(asyncio.CancelledError())
                else:
                    request.future.cancel()
            self._pending, self._busy = [], False
            raise
        except Exception as exc:  # the connection failed: every caller in this pipeline hears it
            self._fail(batch, exc)
        else:
            self._deliver(batch, replies)
        finally:
            self._flusher = None
        self._next()

    def _fail(self, batch: list[_Request], exc: Exception) -> None:
        for request in batch:
            request.answer(exc)

    def _deliver(self, batch: list[_Request], replies: list[Any]) -> None:
        for request, reply in zip(batch, replies):
            if isinstance(reply, NoScriptError) and not request.retried:
                self._loaded.discard(request.args[1])
                request.retried = True
                self._pending.append(request)  # again, once the script is loaded
            else:
                request.answer(reply)  # nothing if its caller gave up waiting

    async def _round_trip(self, batch: list[_Request]) -> list[Any]:
        """Every command's reply, in order (a refused command's is its ResponseError)."""
        try:
            return await self._exchange(batch)
        except _Unanswered:
            return await self._exchange(batch)  # broken before any reply: once more, on a fresh connection

    async def _exchange(self, batch: list[_Request]) -> list[Any]:
        """Write every command at once and wait for the replies. A wire that failed is
        never used again (its stream may be out of step): the next exchange opens a
        fresh one. Raises _Unanswered when it failed before any reply came back."""
        wire = self._wire if self._wire is not None and self._wire.open else await self._connect()
        replies: list[Any] = []
        try:
            await wire.send(self._joined(batch), len(batch), replies)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            if replies:
                raise  # some of them ran: their callers must hear it
            raise _Unanswered(str(exc)) from exc
        return self._with_callbacks(batch, replies)

    def _with_callbacks(self, batch: list[_Request], replies: list[Any]) -> list[Any]:
        """Each reply as redis-py gives it for that command without options."""
        callbacks = self._redis.response_callbacks
        for i, (request, reply) in enumerate(zip(batch, replies)):
            if not isinstance(reply, Exception) and (callback := callbacks.get(str(request.args[0]))):
                replies[i] = callback(reply)
        return replies

    async def _connect(self) -> CommandWire:
        self._wire = None
        try:
            wire = await connect(self._redis, CommandWire)
        except (OSError, asyncio.TimeoutError) as exc:  # as redis-py would say it
            raise RedisConnectionError(f"Error connecting to Redis: {exc or type(exc).__name__}") from exc
        greeting = handshake(self._redis, select=True)
        if greeting:
            answers: list[Any] = []
            await wire.send(b"".join(greeting), len(greeting), answers)
            if refused := next((answer for answer in answers if isinstance(answer, Exception)), None):
                wire.close()
                raise refused
        self._wire = wire
        return wire

    def close(self) -> None:
        """Close the kept connection, for good (at shutdown): what is still queued or in
        flight fails with ConnectionError, and so does any later call."""
        self._closed = True
        if self._wire is not None:
            self._wire.close()
            self._wire = None

    async def _load(self, sources: list[str]) -> None:
        for source in dict.fromkeys(sources):
            sha = _sha(source)
            if sha not in self._loaded:
                await self._redis.script_load(source)
                self._loaded.add(sha)


@functools.cache
def _sha(source: str) -> str:
    return hashlib.sha1(source.encode()).hexdigest()
