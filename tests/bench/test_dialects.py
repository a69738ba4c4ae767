"""The load's connections speak each protocol as its own clients do: what a PeerCircle
connection hears from the server is what the browser client would act on."""

import msgpack

from bench.dialects import PeerCircleConn
from bench.loadgen import LoadSpec, Worker


async def test_an_ack_that_tells_the_server_clock_is_a_clock_sample_as_a_ping_is() -> None:
    worker = Worker(LoadSpec(dialect="peercircle", host="", port=0, path="/ws", rooms=[]))
    conn = PeerCircleConn(worker, None, "token", display=False)  # type: ignore[arg-type]
    conn.on_message(msgpack.packb({"t": "ack", "op": "7", "seq": 3}), 1_000)  # no clock in it
    assert conn.sampled_ns == 0
    conn.on_message(msgpack.packb({"t": "ack", "op": "8", "seq": None, "now": 1796494227.5}), 2_000)
    assert conn.sampled_ns == 2_000


class Transport:
    """What a connection writes, and whether it closed."""

    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def close(self) -> None:
        self.closed = True


def frame(opcode: int, payload: bytes) -> bytes:
    """A server's frame: unmasked, the length in one byte or in two more."""
    n = len(payload)
    head = bytes([0x80 | opcode, n]) if n < 126 else bytes([0x80 | opcode, 126]) + n.to_bytes(2, "big")
    return head + payload


async def upgraded() -> tuple[PeerCircleConn, Transport, list[dict]]:
    worker = Worker(LoadSpec(dialect="peercircle", host="127.0.0.1", port=1, path="/ws", rooms=[]))
    conn = PeerCircleConn(worker, None, "r1.token", display=False)  # type: ignore[arg-type]
    transport = Transport()
    conn.transport = transport  # type: ignore[assignment]
    heard: list[dict] = []
    worker.on_event = lambda _conn, event, _now: heard.append(event)  # type: ignore[method-assign]
    conn.data_received(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")
    return conn, transport, heard


async def test_the_upgrade_answered_it_says_hello_with_its_token_masked_as_a_client_must() -> None:
    conn, transport, _ = await upgraded()
    (hello,) = transport.written
    assert hello[0] == 0x82 and hello[1] & 0x80  # a final binary frame, masked
    assert msgpack.unpackb(hello[6:]) == {"t": "hello", "v": 1, "token": "r1.token"}


async def test_a_frame_split_over_reads_is_heard_once_whole() -> None:
    conn, _, heard = await upgraded()
    events = [{"seq": n, "type": "Nothing", "text": "x" * 40} for n in range(1, 5)]
    data = frame(2, msgpack.packb({"t": "events", "events": events}))
    assert len(data) > 126  # a two-byte length: split inside the header too
    for cut in (1, 3, len(data) - 1):
        conn.data_received(data[:cut])
        assert heard == []
        conn.data_received(data[cut:])
        assert [e["seq"] for e in heard] == [1, 2, 3, 4]
        heard.clear()


async def test_a_server_ping_is_answered_with_its_payload_and_a_close_records_its_code() -> None:
    conn, transport, _ = await upgraded()
    conn.data_received(frame(9, b"keep"))
    assert transport.written[-1] == bytes([0x8A, 0x80 | 4]) + b"\0\0\0\0" + b"keep"
    conn.data_received(frame(8, (4008).to_bytes(2, "big") + b"too slow"))
    assert conn.close_code == 4008 and transport.closed
