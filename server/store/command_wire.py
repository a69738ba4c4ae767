"""The batcher's one Redis connection as an asyncio protocol: pipelines written straight
to the transport, replies parsed by hiredis in `data_received`, each pipeline's future
resolved there, or its reader called there.

Every commit and token lookup of the process takes this path, once per round trip. Through
redis-py's connection it cost a command packer, a stream writer's drain, and a reader
task woken per reply; here a reply costs a hiredis `gets()` and, per pipeline, one future
(python -m bench.wire measures both ways).
"""

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import hiredis
from redis._parsers.base import BaseParser
from redis.exceptions import ConnectionError as RedisConnectionError

log = logging.getLogger("peercircle.store")


@dataclass(slots=True)
class _Pipeline:
    expected: int
    future: asyncio.Future[None] | None  # resolved when answered, unless `then` is called instead
    replies: list[Any]
    then: Callable[[Exception | None], None] | None = None


class CommandWire(asyncio.Protocol):
    """Pipelines on one connection, answered in order. `send(data, count, replies)` writes
    `count` encoded commands, appends each reply to `replies` as it comes (a refused
    command's is its redis-py exception: ResponseError, NoScriptError, ...; not raised) and
    returns a future that resolves once all `count` are in. When the connection ends, every
    pipeline not yet answered fails with redis-py's ConnectionError; what its `replies`
    holds by then tells whether any of its commands had run."""

    def __init__(self) -> None:
        self._reader = hiredis.Reader()
        self._transport: asyncio.Transport | None = None
        self._waiting: deque[_Pipeline] = deque()
        self._loop = asyncio.get_running_loop()
        self._error: Exception | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, only alike
        self._transport = cast(asyncio.Transport, transport)

    @property
    def open(self) -> bool:
        return self._transport is not None and not self._transport.is_closing()

    def send(self, data: bytes, count: int, replies: list[Any]) -> "asyncio.Future[None]":
        future = self._loop.create_future()
        if not self.open:
            future.set_exception(RedisConnectionError("Connection closed by server."))
            return future
        self._waiting.append(_Pipeline(count, future, replies))
        cast(asyncio.Transport, self._transport).write(data)
        return future

    def send_then(self, data: bytes, count: int, replies: list[Any], then: Callable[[Exception | None], None]) -> None:
        """`send`, answered by calling `then(None)` straight from `data_received` once all
        `count` replies are in (`then(error)` if the connection ends first), not by a
        future: the replies are read in the loop turn that received them, not a turn later.
        `then` may send again; what it raises is logged, never the wire's."""
        if not self.open:
            self._loop.call_soon(then, RedisConnectionError("Connection closed by server."))
            return
        self._waiting.append(_Pipeline(count, None, replies, then))
        cast(asyncio.Transport, self._transport).write(data)

    def data_received(self, data: bytes) -> None:
        self._reader.feed(data)
        gets, waiting = self._reader.gets, self._waiting
        try:
            while (reply := gets()) is not False:
                if not waiting:  # a reply nobody asked for: the stream is out of step
                    self.close(RedisConnectionError("Redis sent a reply nobody asked for."))
                    return
                pipeline = waiting[0]
                if isinstance(reply, hiredis.ReplyError):  # returned, not raised, by hiredis
                    reply = BaseParser.parse_error(str(reply))
                pipeline.replies.append(reply)
                if len(pipeline.replies) == pipeline.expected:
                    waiting.popleft()
                    _answer(pipeline, None)
        except hiredis.ProtocolError as exc:  # the stream is unusable from here on
            self.close(RedisConnectionError(f"Redis protocol error: {exc}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None
        error = self._error or RedisConnectionError(f"Connection to Redis lost: {exc or 'closed by server'}.")
        while self._waiting:
            _answer(self._waiting.popleft(), RedisConnectionError(str(error)))

    def close(self, reason: Exception | None = None) -> None:
        self._error = self._error or reason
        if self._transport is not None:
            self._transport.close()


def _answer(pipeline: _Pipeline, error: Exception | None) -> None:
    if pipeline.then is not None:
        try:
            pipeline.then(error)
        except Exception:  # the caller's bug: the stream itself is still in step
            log.exception("a pipeline's reader failed")
    elif pipeline.future is not None and not pipeline.future.done():
        if error is None:
            pipeline.future.set_result(None)
        else:
            pipeline.future.set_exception(error)
