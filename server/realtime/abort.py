"""The transport under a WebSocket: a way to drop a connection whose peer stopped
reading, and a way to write a binary frame to it without the ASGI layers.

ASGI can only ask for a close frame, which sits behind the very bytes the peer is not
reading, and uvicorn's `transport.close()` then waits forever for the buffer to drain.
This outermost middleware hands the session a way to reset the connection (`reset`:
the transport's `abort()` after SO_LINGER 0, so the kernel drops the unread bytes at once
instead of holding them for minutes as an orphan) when the server exposes the transport
(uvicorn does, on its protocol object); elsewhere the keepalive timeout remains the
backstop. It also bounds the socket's kernel send buffer (SEND_BUFFER_BYTES): a reader
that stops fills it, uvloop's 64 KiB and then its outbox and is dropped for that, where
autotuning let the kernel take ~400 KB of frames it would never read, copying each into
fresh memory (12% of the server's CPU with 5% of the readers stopped, bench/results/notes.md).

Sending one frame through ASGI costs Starlette's `send_bytes`, its exception-handler
`send` wrapper, uvicorn's `send` (an awaited `writable` event, a message dict) and the
`websockets` frame builder: about half of all the server's Python time per delivery
under load. Fan-out sends the same short binary frame to many sockets, so when uvicorn's
websockets-sansio protocol is underneath, `Wire.send` writes the frame's header and
payload to the transport itself, synchronously, but only while the connection is open
and the transport is not pausing us (its buffer is below the high-water mark); otherwise
it declines and the caller queues the frame and sends it through ASGI, which waits.
Reading has the same short cut the other way (`Wire.listen`, server/realtime/framing.py).
"""

import socket
import struct
from collections.abc import Callable
from functools import partial

from starlette.types import ASGIApp, Receive, Scope, Send

from protocol.limits import SEND_BUFFER_BYTES
from server.realtime.framing import FIN_BINARY, Inbound, binary_header  # servers never mask (RFC 6455 5.1)

SCOPE_KEY = "peercircle.abort"
WIRE_KEY = "peercircle.wire"
SHORT_HEADERS = [bytes((FIN_BINARY, n)) for n in range(126)]
KEEPALIVE_PAYLOAD = b"keep"  # any pong carrying it proves the peer alive, a late one too
PING_FRAME = bytes((0x89, len(KEEPALIVE_PAYLOAD))) + KEEPALIVE_PAYLOAD  # FIN + ping
LINGER_RESET = struct.pack("ii", 1, 0)  # l_onoff 1, l_linger 0: close() sends an RST


class Wire:
    """Direct binary-frame writes on an open, writable uvicorn WebSocket connection."""

    __slots__ = ("_protocol", "_transport")

    def __init__(self, protocol: object) -> None:
        self._protocol = protocol
        self._transport = protocol.transport  # type: ignore[attr-defined]

    def send(self, frame: bytes) -> bool:
        """Write the frame now and return True, or return False (nothing written) when the
        connection is closing or the transport asked us to pause: queue it then."""
        if not self._writable():
            return False
        n = len(frame)
        self._transport.write((SHORT_HEADERS[n] if n < 126 else _header(n)) + frame)
        return True

    def write(self, framed: bytes) -> bool:
        """As `send`, for a frame already behind its header (`framed`): fan-out frames the
        same bytes once for all of a room's sockets instead of once per socket."""
        if not self._writable():
            return False
        self._transport.write(framed)
        return True

    def send_all(self, frames: tuple[bytes, ...]) -> bool:
        """Several frames in one write (and one system call), or none of them, as `send`."""
        if not self._writable():
            return False
        self._transport.write(b"".join(part for frame in frames for part in (_header(len(frame)), frame)))
        return True

    def _writable(self) -> bool:
        # Every delivery pays for this check, so it reads no more than it must: uvicorn sets
        # close_sent whenever it sends a close frame, closes the transport when it answers
        # the peer's, and `writable` is its flow control; websockets' own state (a property
        # on another object) adds nothing to these.
        protocol = self._protocol
        return not (protocol.close_sent or protocol.disconnected  # type: ignore[attr-defined]
                    or not protocol.writable.is_set() or self._transport.is_closing())  # type: ignore[attr-defined]

    def ping(self) -> bool:
        """Write a ping frame now (False, nothing written, as `send`). uvicorn matches the
        pong against the payload it expects and clears it: `answered` then turns True."""
        if not self._writable():
            return False
        self._protocol.pending_ping_payload = KEEPALIVE_PAYLOAD  # type: ignore[attr-defined]
        self._transport.write(PING_FRAME)
        return True

    @property
    def answered(self) -> bool:
        """The last ping's pong came back (or no ping is out)."""
        return self._protocol.pending_ping_payload is None  # type: ignore[attr-defined]

    @property
    def pinged_by_server(self) -> bool:
        """uvicorn runs its own keepalive on this connection (its ws_ping_interval is set):
        leave the pings to it, as two of them would clear each other's expected pong."""
        return bool(self._protocol.ping_interval)  # type: ignore[attr-defined]

    def listen(self, deliver: Callable[[bytes], None]) -> None:
        """From now on hand each complete binary message to `deliver` as it arrives, in
        uvicorn's `data_received` (framing.Inbound); everything else still goes through
        uvicorn and ASGI. uvloop keeps the protocol's bound `data_received` when the
        protocol is set, so it is set again for the new one to be seen."""
        protocol = self._protocol
        inbound = Inbound(protocol, type(protocol).data_received.__get__(protocol), deliver)  # type: ignore[attr-defined]
        protocol.data_received = inbound.data_received  # type: ignore[attr-defined]
        self._transport.set_protocol(protocol)

    def unlisten(self) -> None:
        """Back to uvicorn's own reading; drops the reference cycle `listen` made."""
        protocol = self._protocol
        if protocol.__dict__.pop("data_received", None) is not None and not self._transport.is_closing():
            self._transport.set_protocol(protocol)

    def release_handshake(self) -> None:
        """Once accepted, uvicorn no longer reads the upgrade request and response it keeps
        (headers and all): let them go rather than hold them for the connection's life."""
        protocol = self._protocol
        if protocol.handshake_complete:  # type: ignore[attr-defined]
            protocol.request = protocol.response = None  # type: ignore[attr-defined]


def framed(frame: bytes) -> bytes:
    """A binary frame's bytes on the wire, header first, for `Wire.write`."""
    return _header(len(frame)) + frame


def _header(n: int) -> bytes:
    return SHORT_HEADERS[n] if n < 126 else binary_header(n)


def _is_sansio(protocol: object) -> bool:
    return all(
        hasattr(protocol, name)
        for name in ("conn", "writable", "close_sent", "disconnected", "transport", "handshake_complete", "request",
                     "pending_ping_payload", "ping_interval")
    )


class TransportAbort:
    def __init__(self, app: ASGIApp, on_closed: Callable[[], None] | None = None) -> None:
        self.app = app
        self.on_closed = on_closed  # told when a WebSocket connection's app has returned

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            protocol = getattr(send, "__self__", None)
            transport = getattr(protocol, "transport", None)
            if transport is not None and hasattr(transport, "abort"):
                bound_send_buffer(transport)
                # The server made this scope for this one connection: extend it in place
                # rather than keep a copy of it alive for the connection's whole life.
                scope[SCOPE_KEY] = partial(reset, transport)
                if _is_sansio(protocol):
                    scope[WIRE_KEY] = Wire(protocol)
            try:
                await self.app(scope, receive, send)
            finally:
                # The protocol holds the scope and the Wire holds the protocol: break that
                # cycle ourselves, so reference counting frees what it can at once.
                scope.pop(SCOPE_KEY, None)
                scope.pop(WIRE_KEY, None)
                if self.on_closed is not None:
                    self.on_closed()
            return
        await self.app(scope, receive, send)


def bound_send_buffer(transport: object) -> None:
    _set_option(transport, socket.SO_SNDBUF, SEND_BUFFER_BYTES)


def reset(transport: object) -> None:
    """Drop the connection now, unread bytes and all; nothing if it is already gone."""
    _set_option(transport, socket.SO_LINGER, LINGER_RESET)
    transport.abort()  # type: ignore[attr-defined]


def _set_option(transport: object, option: int, value: int | bytes) -> None:
    sock = transport.get_extra_info("socket")  # type: ignore[attr-defined]
    try:
        sock.setsockopt(socket.SOL_SOCKET, option, value)
    except (AttributeError, OSError):
        pass  # no socket to tune (a test double, a Unix socket) or closed already (abort is then a no-op)


def aborter(scope: Scope) -> Callable[[], None] | None:
    return scope.get(SCOPE_KEY)


def wire_of(scope: Scope) -> Wire | None:
    return scope.get(WIRE_KEY)
