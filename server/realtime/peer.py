"""One connected socket: its identity, its bounded outbox and its single writer.

Fan-out only ever calls `push`, which never awaits: a frame is queued or, when the
outbox is over its bounds, the socket is marked for closing with TOO_SLOW. So one slow
browser costs the room nothing but the frames it will never read.
"""

import asyncio
import logging
from collections import deque

from starlette.websockets import WebSocket

from protocol.codes import CloseCode
from protocol.limits import OUTBOX_MAX_BYTES, OUTBOX_MAX_FRAMES
from server.domain import Actor
from server.realtime.abort import aborter

CLOSE_TIMEOUT_S = 1.0
log = logging.getLogger("peercircle.peer")


class Peer:
    def __init__(self, websocket: WebSocket, actor: Actor, room: str, connection: str, token_field: str = "") -> None:
        self.websocket = websocket
        self.actor = actor
        self.room = room
        self.connection = connection
        self.token_field = token_field  # the hash its token is stored under: revocation names it
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
                frame = self._outbox.popleft()
                self._queued_bytes -= len(frame)
                await self.websocket.send_bytes(frame)
        try:
            await asyncio.wait_for(
                self.websocket.close(self.close_code, self.close_reason), CLOSE_TIMEOUT_S
            )
        except (asyncio.TimeoutError, RuntimeError, OSError):
            self.abort()  # the peer stopped reading or is gone
