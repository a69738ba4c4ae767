"""A socket's outbox: bounded, never awaited by fan-out, and a peer that stops reading
is dropped within 2 s of overflowing. Its writer task exists only while frames wait."""

import asyncio
import time

from websockets.frames import Frame, Opcode
from websockets.protocol import State
from websockets.streams import StreamReader

from protocol.codes import CloseCode
from protocol.limits import OUTBOX_MAX_BYTES, OUTBOX_MAX_FRAMES
from server.domain import Actor, Role
from server.realtime.abort import SCOPE_KEY, Wire, framed
from server.realtime.peer import Peer

DROPPED_WITHIN_S = 2.0


class StalledSocket:
    """A WebSocket whose peer stopped reading: every send waits forever."""

    def __init__(self) -> None:
        self.aborted_at: float | None = None
        self.sent = 0
        self.scope = {SCOPE_KEY: self.abort}
        self._never = asyncio.Event()

    def abort(self) -> None:
        self.aborted_at = time.monotonic()
        self._never.set()  # as a real transport's connection_lost unblocks the writer

    async def send_bytes(self, frame: bytes) -> None:
        self.sent += 1
        await self._never.wait()
        raise ConnectionError("aborted")

    async def close(self, code: int, reason: str = "") -> None:
        await self._never.wait()


async def test_fan_out_never_waits_and_an_overflowing_peer_is_dropped_within_2s() -> None:
    socket = StalledSocket()
    peer = Peer(socket, Actor(Role.DISPLAY), "room", "c1")  # type: ignore[arg-type]
    pushed = 0
    start = time.monotonic()
    while peer.close_code is None:
        peer.push(b"x" * 100)  # returns at once, full or not
        pushed += 1
    overflowed = time.monotonic()
    assert overflowed - start < 0.05 and pushed == OUTBOX_MAX_FRAMES + 1  # the one that did not fit
    assert peer.close_code == CloseCode.TOO_SLOW and peer.queued == 0  # the backlog is dropped
    await asyncio.wait_for(peer.closed(), DROPPED_WITHIN_S + 1)
    assert socket.aborted_at is not None and socket.aborted_at - overflowed <= DROPPED_WITHIN_S


class HandedCloseSocket(StalledSocket):
    """uvicorn takes the close frame at once while the transport still takes bytes (the
    kernel's buffer is not full yet) and ends the session, whether or not the peer reads."""

    async def close(self, code: int, reason: str = "") -> None:
        self.closed_with = code


async def test_a_close_the_peer_never_answers_drops_it_even_after_the_session_ended() -> None:
    from server.realtime.peer import CLOSE_TIMEOUT_S

    socket = HandedCloseSocket()
    peer = Peer(socket, Actor(Role.DISPLAY), "room", "c1")  # type: ignore[arg-type]
    socket.scope.clear()  # as the transport middleware does when the session returns
    peer.close(CloseCode.SERVER_ERROR, "keepalive ping timeout")
    asked = time.monotonic()
    await peer.closed()
    peer.forget()  # the session is over
    assert socket.closed_with == CloseCode.SERVER_ERROR and socket.aborted_at is None
    await asyncio.sleep(CLOSE_TIMEOUT_S + 0.2)
    assert socket.aborted_at is not None and socket.aborted_at - asked >= CLOSE_TIMEOUT_S - 0.01


async def test_a_session_that_just_ends_leaves_nothing_to_drop() -> None:
    socket = ListeningSocket()
    socket.scope = StalledSocket().scope  # a drop that records when it is called
    peer = Peer(socket, Actor(Role.DISPLAY), "room", "c1")  # type: ignore[arg-type]
    peer.forget()
    assert peer._abort_timer is None and peer.close_code == CloseCode.GOING_AWAY


async def test_the_outbox_is_bounded_in_bytes_too() -> None:
    peer = Peer(StalledSocket(), Actor(Role.DISPLAY), "room", "c1")  # type: ignore[arg-type]
    big = b"x" * (OUTBOX_MAX_BYTES // 4)
    for _ in range(4):
        peer.push(big)
    assert peer.close_code is None and peer.queued == 4
    peer.push(b"one byte too many")
    assert peer.close_code == CloseCode.TOO_SLOW
    peer.forget()


class ListeningSocket:
    """A WebSocket whose peer reads: every send completes after a turn of the loop."""

    def __init__(self) -> None:
        self.scope: dict = {}
        self.sent: list[bytes] = []

    async def send_bytes(self, frame: bytes) -> None:
        await asyncio.sleep(0)
        self.sent.append(frame)


async def test_a_writer_runs_only_while_frames_wait_and_keeps_their_order() -> None:
    socket = ListeningSocket()
    peer = Peer(socket, Actor(Role.DISPLAY), "room", "c1")  # type: ignore[arg-type]
    assert peer._writer is None  # an idle connection holds no task
    frames = [b"%d" % i for i in range(50)]
    for frame in frames[:25]:
        peer.push(frame)
    await asyncio.sleep(0)
    for frame in frames[25:]:  # pushed while the writer is mid-way: queued behind the rest
        peer.push(frame)
    for _ in range(200):
        if peer._writer is None:
            break
        await asyncio.sleep(0)
    assert socket.sent == frames and peer.queued == 0 and peer._writer is None
    peer.push(b"again")  # a later push starts a new writer
    await asyncio.sleep(0.01)
    assert socket.sent[-1] == b"again" and peer._writer is None


class FakeTransport:
    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.closing = False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def is_closing(self) -> bool:
        return self.closing

    def get_extra_info(self, name: str, default: object = None) -> object:
        return default  # no socket under it


class FakeProtocol:
    """The few attributes of uvicorn's websockets-sansio protocol that Wire reads."""

    def __init__(self) -> None:
        self.transport = FakeTransport()
        self.close_sent = False
        self.disconnected = False
        self.writable = asyncio.Event()
        self.writable.set()
        self.conn = type("Conn", (), {"state": State.OPEN})()
        self.pending_ping_payload: bytes | None = None  # what uvicorn expects back in a pong
        self.ping_interval: float | None = None  # uvicorn's own keepalive: off, as run.py sets it


def frames_in(data: bytes, count: int) -> list[Frame]:
    """Parse `count` frames from bytes as a client would: unmasked, in order."""
    reader = StreamReader()
    reader.feed_data(data)
    frames = []
    for _ in range(count):
        parser = Frame.parse(reader.read_exact, mask=False)
        try:
            next(parser)
        except StopIteration as done:
            frames.append(done.value)
    return frames


def test_wire_frames_every_length_class_and_declines_when_it_must_not_write() -> None:
    protocol = FakeProtocol()
    wire = Wire(protocol)
    payloads = [b"a" * 5, b"b" * 200, b"c" * 70_000]  # 7-bit, 16-bit and 64-bit lengths
    for payload in payloads:
        assert wire.send(payload)
    frames = frames_in(b"".join(protocol.transport.written), len(payloads))
    for frame, payload in zip(frames, payloads, strict=True):  # binary frames, FIN set
        assert frame.opcode is Opcode.BINARY and frame.fin and frame.data == payload

    protocol.writable.clear()  # the transport asked us to pause: queue instead
    assert not wire.send(b"x")
    protocol.writable.set()
    protocol.transport.closing = True  # uvicorn answered the peer's close and closes the transport
    assert not wire.send(b"x") and not wire.write(b"x") and not wire.send_all((b"x",))
    protocol.transport.closing = False
    protocol.close_sent = True  # closing: nothing after the close frame
    assert not wire.send(b"x")
    assert len(protocol.transport.written) == 3


def test_wire_pings_with_a_payload_uvicorn_will_match_in_the_pong() -> None:
    protocol = FakeProtocol()
    wire = Wire(protocol)
    assert wire.answered and not wire.pinged_by_server
    assert wire.ping()
    (frame,) = frames_in(protocol.transport.written[0], 1)
    assert frame.opcode is Opcode.PING and frame.fin
    assert protocol.pending_ping_payload == frame.data and not wire.answered
    protocol.pending_ping_payload = None  # what uvicorn's handle_pong does with the matching pong
    assert wire.answered
    protocol.close_sent = True
    assert not wire.ping() and len(protocol.transport.written) == 1 and wire.answered
    protocol.ping_interval = 20.0
    assert wire.pinged_by_server


def test_wire_writes_several_frames_in_one_write_each_framed_on_its_own() -> None:
    protocol = FakeProtocol()
    wire = Wire(protocol)
    payloads = (b"events" * 30, b"ack", b"c" * 70_000)
    assert wire.send_all(payloads)
    assert len(protocol.transport.written) == 1  # one write, one system call
    for frame, payload in zip(frames_in(protocol.transport.written[0], len(payloads)), payloads, strict=True):
        assert frame.opcode is Opcode.BINARY and frame.fin and frame.data == payload
    protocol.writable.clear()
    assert not wire.send_all((b"x", b"y")) and len(protocol.transport.written) == 1


async def test_a_frame_framed_once_is_written_to_each_socket_as_is_and_queued_bare_when_it_cannot_be() -> None:
    payload = b"events" * 40  # over 125 bytes: a 16-bit length
    wired = framed(payload)
    open_one, paused = FakeProtocol(), FakeProtocol()
    paused.writable.clear()
    first, second = Peer(None, Actor(Role.DISPLAY), "room", "c1"), Peer(None, Actor(Role.DISPLAY), "room", "c2")  # type: ignore[arg-type]
    first._wire, second._wire = Wire(open_one), Wire(paused)
    first.push(payload, wired)
    assert open_one.transport.written == [wired]  # the very bytes: no copy per socket
    (frame,) = frames_in(wired, 1)
    assert frame.opcode is Opcode.BINARY and frame.fin and frame.data == payload
    second.push(payload, wired)
    assert paused.transport.written == [] and list(second._outbox) == [payload]  # ASGI frames it itself
    second.close(CloseCode.GOING_AWAY)
