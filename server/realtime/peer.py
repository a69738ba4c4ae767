"""One connected socket: its identity, its bounded outbox and, only when needed, a writer.

Fan-out only ever calls `push`, which never awaits. While nothing is queued and the
transport takes data, the frame is written straight to it (`Wire.send`): no task wakes
per delivery, and an idle connection holds no writer task at all. Otherwise the frame is
queued and a writer task is started, which sends through ASGI (so it waits for the
transport to drain) and ends once the outbox is empty. When the outbox is over its
bounds the socket is marked for closing with TOO_SLOW: one slow browser costs the room
nothing but the frames it will never read.
"""

import asyncio
import logging
import time
from collections import deque

from starlette.websockets import WebSocket

from protocol.codes import CloseCode
from protocol.limits import OUTBOX_MAX_BYTES, OUTBOX_MAX_FRAMES
from server.domain import Actor
from server.realtime.abort import Wire, aborter, wire_of

CLOSE_TIMEOUT_S = 1.0
log = logging.getLogger("peercircle.peer")


class Peer:
    __slots__ = (
        "websocket", "actor", "room", "connection", "token_field", "close_code", "close_reason",
        "heard_at", "ping_sent_at", "_wire", "_drop", "_outbox", "_queued_bytes", "_writer", "_abort_timer",
    )

    def __init__(self, websocket: WebSocket, actor: Actor, room: str, connection: str, token_field: str = "") -> None:
        self.websocket = websocket  # None in tests that only look at what was queued
        self.actor = actor
        self.room = room
        self.connection = connection
        self.token_field = token_field  # the hash its token is stored under: revocation names it
        self.close_code: CloseCode | None = None
        self.close_reason = ""
        self.heard_at = time.monotonic()  # the last message from it (its Reader sets it): see keepalive.py
        self.ping_sent_at = 0.0  # when the keepalive's ping went out, while it waits for any answer
        self._wire = wire_of(websocket.scope) if websocket is not None else None
        # Taken now: the scope forgets it once the session returns, and a close asked for
        # just before may still need it then (see forget).
        self._drop = aborter(websocket.scope) if websocket is not None else None
        if self._wire is not None:
            self._wire.release_handshake()
        self._outbox: deque[bytes] = deque()
        self._queued_bytes = 0
        self._writer: asyncio.Task[None] | None = None
        self._abort_timer: asyncio.TimerHandle | None = None

    @property
    def wire(self) -> Wire | None:
        return self._wire

    @property
    def queued(self) -> int:
        return len(self._outbox)

    def push(self, frame: bytes, framed: bytes | None = None) -> None:
        """Send `frame`, or queue it; `framed` is the same frame behind its header
        (abort.framed), when the caller made it once for many sockets."""
        if self.close_code is not None:
            return
        if not self._outbox and self._wire is not None and (
            self._wire.write(framed) if framed is not None else self._wire.send(frame)
        ):
            return  # written: the common case, no queue and no task switch
        if len(self._outbox) >= OUTBOX_MAX_FRAMES or self._queued_bytes + len(frame) > OUTBOX_MAX_BYTES:
            log.info("closing a slow socket in room %s", self.room)
            self.close(CloseCode.TOO_SLOW, "too slow")
            return
        self._outbox.append(frame)
        self._queued_bytes += len(frame)
        self._start_writer()

    def push_all(self, frames: tuple[bytes, ...]) -> None:
        """Several frames, in one write when the transport takes them now."""
        if self.close_code is not None:
            return
        if not self._outbox and self._wire is not None and self._wire.send_all(frames):
            return
        for frame in frames:
            self.push(frame)

    def close(self, code: CloseCode, reason: str = "") -> None:
        """Have the writer close the socket; frames still queued are dropped. A peer too
        slow to take even the close frame is dropped after CLOSE_TIMEOUT_S."""
        if self.close_code is None:
            self.close_code, self.close_reason = code, reason
            self._outbox.clear()
            self._queued_bytes = 0
            loop = asyncio.get_running_loop()
            self._abort_timer = loop.call_later(CLOSE_TIMEOUT_S, self.abort)
            self._start_writer()

    def abort(self) -> None:
        if self._drop is not None:
            self._drop()

    async def closed(self) -> None:
        """Once asked to close: wait until the close frame went out or the socket was
        dropped (bounded by CLOSE_TIMEOUT_S)."""
        if self._writer is not None:
            await asyncio.shield(self._writer)

    def forget(self) -> None:
        """The session is over: nothing left to write, and nothing more taken (an ack for
        a command it sent may still come: its commit outlives the socket). A close asked
        for keeps its deadline: uvicorn ends the session as soon as it has the close frame,
        whether or not the peer ever reads it, and a peer that does not answer it within
        CLOSE_TIMEOUT_S is dropped all the same (a no-op if it answered)."""
        if self._writer is not None and self.close_code is None:
            self._writer.cancel()
        if self.close_code is None:
            self.close_code = CloseCode.GOING_AWAY

    def _start_writer(self) -> None:
        if self._writer is None and self.websocket is not None:
            self._writer = asyncio.get_running_loop().create_task(self.write_loop())

    async def write_loop(self) -> None:
        """Send queued frames in order until the outbox is empty; if asked to close,
        then close the socket. A later push starts a new writer."""
        try:
            while self._outbox and self.close_code is None:
                # The frame stays queued until written, so `push` never overtakes it.
                frame = self._outbox[0]
                if self._wire is None or not self._wire.send(frame):
                    await self.websocket.send_bytes(frame)  # waits until the transport drains
                if self._outbox and self.close_code is None:
                    self._outbox.popleft()
                    self._queued_bytes -= len(frame)
            if self.close_code is not None:
                try:
                    await asyncio.wait_for(
                        self.websocket.close(self.close_code, self.close_reason), CLOSE_TIMEOUT_S
                    )
                except (asyncio.TimeoutError, RuntimeError, OSError):
                    self.abort()  # the peer stopped reading or is gone
        except Exception:  # the socket broke; the reader sees the disconnect too
            if self.close_code is None:  # queue nothing more for it
                self.close_code = CloseCode.GOING_AWAY
                self._outbox.clear()
                self._queued_bytes = 0
        finally:
            if asyncio.current_task() is self._writer:
                self._writer = None
