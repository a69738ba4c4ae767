"""A client's byte stream cut into whole WebSocket frames, the common ones read here.

Nearly every frame a browser sends us is one complete message: FIN set, binary, masked
(as RFC 6455 5.3 requires of clients), no extension bits, well under the size limit.
Through uvicorn, each one went through `websockets`' generator parser, a message dict,
the ASGI queue, a pause and a resume of the socket's reading and a wake of the session's
task: about as much Python per message as deciding and committing the command itself.
`Inbound` takes such frames straight off `data_received` and hands their payload to the
session synchronously.

Everything else (ping, pong, close, text, fragments, unmasked or oversized frames, a
frame with extension bits) goes on to uvicorn's own `data_received`, which stays the one
home of the protocol's rules and errors. So that its parser always sees whole frames,
and so always stands at a frame boundary when we read the next one ourselves, `Inbound`
keeps a frame that arrived in part until the rest is there (bounded by the size limit).
Once the connection is not open, or a message waits in uvicorn's queue (order must
hold), everything goes to uvicorn.
"""

from collections.abc import Callable

from websockets.frames import apply_mask  # websockets' C speedup where built, else Python
from websockets.protocol import State

FIN_BINARY = 0x82  # FIN bit + binary opcode, no RSV bits
MASKED = 0x80
LENGTH_16, LENGTH_64 = 126, 127
_OPEN = State.OPEN


def split(data: bytes, max_size: int) -> tuple[list[tuple[bool, bytes]], bytes]:
    """Cut `data` (starting at a frame boundary) into whole frames: (plain, bytes) where
    plain means a complete, masked, single-frame binary message and bytes is then its
    unmasked payload; otherwise bytes is the frame as received. The incomplete rest is
    returned too; a frame announcing more than `max_size` ends the cut: it and all that
    follows come back as one unparsed piece, for uvicorn to refuse (1009)."""
    frames: list[tuple[bool, bytes]] = []
    at, end = 0, len(data)
    while end - at >= 2:
        first, second = data[at], data[at + 1]
        length, header = second & 0x7F, 2
        if length == LENGTH_16:
            if end - at < 4:
                break
            length, header = int.from_bytes(data[at + 2:at + 4], "big"), 4
        elif length == LENGTH_64:
            if end - at < 10:
                break
            length, header = int.from_bytes(data[at + 2:at + 10], "big"), 10
        if length > max_size:
            frames.append((False, data[at:]))
            return frames, b""
        masked = second & MASKED
        size = header + (4 if masked else 0) + length
        if end - at < size:
            break
        if first == FIN_BINARY and masked:
            key = at + header
            frames.append((True, apply_mask(data[key + 4:at + size], data[key:key + 4])))
        else:
            frames.append((False, data[at:at + size]))
        at += size
    return frames, data[at:]


class Inbound:
    """Installed as `data_received` on one uvicorn websockets-sansio protocol (by
    `Wire.listen`): plain frames go to `deliver`, everything else to `forward`
    (uvicorn's own `data_received`), in the order they came."""

    __slots__ = ("_protocol", "_forward", "_deliver", "_rest")

    def __init__(self, protocol: object, forward: Callable[[bytes], None], deliver: Callable[[bytes], None]) -> None:
        self._protocol = protocol
        self._forward = forward
        self._deliver = deliver
        self._rest = b""

    def data_received(self, data: bytes) -> None:
        protocol = self._protocol
        conn = protocol.conn  # type: ignore[attr-defined]
        if self._rest:  # we hold the start of a frame: uvicorn's parser stands at a boundary
            data, self._rest = self._rest + data, b""
        elif not _at_boundary(conn):  # mid-frame, closing, or in a fragmented message: uvicorn's
            self._forward(data)
            return
        frames, self._rest = split(data, conn.max_message_size)
        for plain, frame in frames:
            if plain and conn.state is _OPEN and conn.current_size is None and protocol.queue.empty() \
                    and not protocol.close_sent:  # type: ignore[attr-defined]
                self._deliver(frame)
            elif plain:  # behind a queued message, or the socket is closing: uvicorn's, in order
                self._forward(_masked_again(frame))
            else:
                self._forward(frame)


def _at_boundary(conn: object) -> bool:
    """`websockets`' parser has nothing buffered and waits for a new frame's first byte
    (its `parse` generator suspended in `at_eof`), on an open connection, outside any
    fragmented message: the next bytes may be cut here."""
    if conn.state is not _OPEN or conn.current_size is not None or conn.reader.buffer:  # type: ignore[attr-defined]
        return False
    waiting = conn.parser  # type: ignore[attr-defined]
    while waiting.gi_yieldfrom is not None:  # the server's parse -> the frames' parse -> ...
        waiting = waiting.gi_yieldfrom
    return waiting.__name__ == "at_eof"


def binary_header(n: int, mask: int = 0) -> bytes:
    """The header of a single-frame binary message of `n` bytes; `mask` is MASKED for a
    client's frame (its 4-byte key must follow), 0 for a server's."""
    if n < LENGTH_16:
        return bytes((FIN_BINARY, mask | n))
    if n < 65536:
        return bytes((FIN_BINARY, mask | LENGTH_16)) + n.to_bytes(2, "big")
    return bytes((FIN_BINARY, mask | LENGTH_64)) + n.to_bytes(8, "big")


def _masked_again(payload: bytes) -> bytes:
    """The frame for a payload we unmasked but must hand on: masked with a zero key
    (masking with zeros changes nothing), as RFC 6455 requires of a client's frame."""
    return binary_header(len(payload), MASKED) + b"\0\0\0\0" + payload
