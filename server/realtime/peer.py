"""One connected socket: its identity, its bounded outbox and its single writer.

Fan-out only ever calls `push`, which never awaits. While nothing is queued and the
transport takes data, the frame is written straight to it (`Wire.send`): no task wakes
per delivery. Otherwise it is queued for the writer, which sends through ASGI and so
waits for the transport to drain; when the outbox is over its bounds the socket is
marked for closing with TOO_SLOW. So one slow browser costs the room nothing but the
frames it will never read.
"""

import asyncio
import logging
from collections import deque

from starlette.websockets import WebSocket

from protocol.codes import CloseCode
from protocol.limits import OUTBOX_MAX_BYTES, OUTBOX_MAX_FRAMES
from server.domain import Actor
from server.realtime.abort import aborter, wire_of

CLOSE_TIMEOUT_S = 1.0
log = logging.getLogger("peercircle.peer")


class Peer:
    def __init__(self, websocket: WebSocket, actor: Actor, room: str, connection: str, token_field: str = "") -> None:
        self.websocket = websocket
        self.actor = actor
        self.room = room
        self.connection = connection
        self.token_field = token_field  # the hash its token is stored under: revocation names it
        self._wire = wire_of(websocket.scope) if websocket is not None else None
        self._outbox: deque[bytes] = deque()
        self._queued_bytes = 0
        self._wake = asyncio.Event()
        self.close_code: CloseCode | None = None
        self.close_reason = ""
        self._abort_timer: asyncio.TimerHandle | None = None

    @property
    def queued(self) -> int:
        return len(self._outbox)

    def push(self, frame: bytes) -> None:
        if self.close_code is not None:
            return
        if not self._outbox and self._wire is not None and self._wire.send(frame):
            return  # written: the common case, no queue and no task switch
        if len(self._outbox) >= OUTBOX_MAX_FRAMES or self._queued_bytes + len(frame) > OUTBOX_MAX_BYTES:
            log.info("closing a slow socket in room %s", self.room)
            self.close(CloseCode.TOO_SLOW, "too slow")
            return
        self._outbox.append(frame)
        self._queued_bytes += len(frame)
        self._wake.set()

    def close(self, code: CloseCode, reason: str = "") -> None:
        """Ask the writer to close the socket; frames still queued are dropped. A peer
        too slow to take even the close frame is dropped after CLOSE_TIMEOUT_S."""
        if self.close_code is None:
            self.close_code, self.close_reason = code, reason
            self._outbox.clear()
            self._queued_bytes = 0
            self._wake.set()
            loop = asyncio.get_running_loop()
            self._abort_timer = loop.call_later(CLOSE_TIMEOUT_S, self.abort)

    def abort(self) -> None:
        drop = aborter(self.websocket.scope) if self.websocket is not None else None
        if drop is not None:
            drop()

    def forget(self) -> None:
        """The session is over: nothing left to abort."""
        if self._abort_timer:
            self._abort_timer.cancel()

    async def write_loop(self) -> None:
        """Send queued frames in order until the socket is asked to close, then close it."""
        while self.close_code is None:
            await self._wake.wait()
            self._wake.clear()
            while self._outbox and self.close_code is None:
                # The frame stays queued until written, so `push` never overtakes it.
                frame = self._outbox[0]
                if self._wire is None or not self._wire.send(frame):
                    await self.websocket.send_bytes(frame)  # waits until the transport drains
                if self._outbox and self.close_code is None:
                    self._outbox.popleft()
                    self._queued_bytes -= len(frame)
        try:
            await asyncio.wait_for(
                self.websocket.close(self.close_code, self.close_reason), CLOSE_TIMEOUT_S
            )
        except (asyncio.TimeoutError, RuntimeError, OSError):
            self.abort()  # the peer stopped reading or is gone
