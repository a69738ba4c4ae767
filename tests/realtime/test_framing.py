"""Cutting a client's bytes into whole frames: plain messages are read here, everything
else goes on to uvicorn's parser whole and in order, which must read it as if it had
seen the bytes itself."""

import asyncio
import os

import pytest
from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.server import ServerProtocol
from websockets.uri import parse_uri

from server.realtime.framing import Inbound, _masked_again, split

MAX = 65536


def client_frame(payload: bytes, opcode: Opcode = Opcode.BINARY, fin: bool = True, mask: bool = True,
                 rsv1: bool = False) -> bytes:
    frame = Frame(opcode, payload, fin=fin).serialize(mask=mask, extensions=[])
    return bytes((frame[0] | 0x40,)) + frame[1:] if rsv1 else frame  # websockets will not build it


def test_a_masked_binary_frame_comes_out_unmasked() -> None:
    payload = os.urandom(100)
    assert split(client_frame(payload), MAX) == ([(True, payload)], b"")


@pytest.mark.parametrize("size", [0, 125, 126, 65535, 65536])
def test_every_length_encoding_is_read(size: int) -> None:
    payload = os.urandom(size)
    assert split(client_frame(payload), MAX) == ([(True, payload)], b"")


def test_frames_sent_together_come_out_in_order_and_a_partial_one_is_kept() -> None:
    one, two, three = os.urandom(10), os.urandom(300), os.urandom(40)
    partial = client_frame(three)[:7]
    assert split(client_frame(one) + client_frame(two) + partial, MAX) == ([(True, one), (True, two)], partial)


@pytest.mark.parametrize("cut", [1, 2, 3, 5, 9])
def test_a_frame_cut_anywhere_is_kept_whole_until_the_rest_comes(cut: int) -> None:
    frame = client_frame(os.urandom(200))
    assert split(frame[:cut], MAX) == ([], frame[:cut])


@pytest.mark.parametrize("frame", [
    client_frame(b"\x88", Opcode.PING),
    client_frame(b"", Opcode.PONG),
    client_frame(b"\x03\xe8", Opcode.CLOSE),
    client_frame(b"text", Opcode.TEXT),
    client_frame(b"first part", fin=False),
    client_frame(b"last part", Opcode.CONT),
    client_frame(b"not masked", mask=False),
    client_frame(b"compressed?", rsv1=True),
], ids=["ping", "pong", "close", "text", "fragment", "continuation", "unmasked", "rsv1"])
def test_every_other_frame_is_handed_on_as_received(frame: bytes) -> None:
    plain = client_frame(b"after")
    assert split(frame + plain, MAX) == ([(False, frame), (True, b"after")], b"")


def test_a_frame_announcing_more_than_the_limit_hands_on_everything_from_it() -> None:
    big = client_frame(os.urandom(MAX + 1))[:20]
    before = client_frame(b"before")
    assert split(before + big, MAX) == ([(True, b"before"), (False, big)], b"")


@pytest.mark.parametrize("size", [5, 200, 70000])
def test_a_payload_masked_again_reads_the_same_to_websockets(size: int) -> None:
    server = open_server()
    payload = os.urandom(size)
    server.receive_data(_masked_again(payload))
    assert [(e.opcode, e.data) for e in server.events_received()] == [(Opcode.BINARY, payload)]


# --- Inbound, in front of a websockets server protocol as uvicorn holds it ---------------


def open_server(max_size: int = 1 << 20) -> ServerProtocol:
    client, server = ClientProtocol(parse_uri("ws://peercircle/ws")), ServerProtocol(max_size=max_size)
    client.send_request(client.connect())
    server.receive_data(b"".join(client.data_to_send()))
    server.send_response(server.accept(server.events_received()[0]))
    return server


class Uvicorn:
    """What Inbound reads of uvicorn's protocol: conn, queue, close_sent; forwarded bytes
    are parsed by the real websockets parser, as uvicorn's data_received would."""

    def __init__(self) -> None:
        self.conn = open_server(MAX)
        self.queue: asyncio.Queue = asyncio.Queue()
        self.close_sent = False
        self.seen: list[tuple[str, bytes]] = []

    def data_received(self, data: bytes) -> None:
        self.conn.receive_data(data)
        for event in self.conn.events_received():
            self.seen.append(("uvicorn", event.opcode.name, bytes(event.data)))


def listening() -> tuple[Uvicorn, Inbound]:
    uvicorn = Uvicorn()
    inbound = Inbound(uvicorn, uvicorn.data_received, lambda payload: uvicorn.seen.append(("fast", payload)))
    return uvicorn, inbound


def test_plain_frames_are_delivered_and_the_rest_reaches_uvicorn_in_order() -> None:
    uvicorn, inbound = listening()
    data = (client_frame(b"one") + client_frame(b"ping", Opcode.PING) + client_frame(b"frag", fin=False)
            + client_frame(b"ment", Opcode.CONT) + client_frame(b"two"))
    inbound.data_received(data)
    assert uvicorn.seen == [("fast", b"one"), ("uvicorn", "PING", b"ping"), ("uvicorn", "BINARY", b"frag"),
                            ("uvicorn", "CONT", b"ment"), ("fast", b"two")]


def test_bytes_arriving_one_at_a_time_make_the_same_messages() -> None:
    uvicorn, inbound = listening()
    data = client_frame(b"one") + client_frame(os.urandom(300)) + client_frame(b"three")
    for i in range(len(data)):
        inbound.data_received(data[i:i + 1])
    assert [kind for kind, *_ in uvicorn.seen] == ["fast", "fast", "fast"]
    assert uvicorn.seen[2] == ("fast", b"three")


def test_a_plain_frame_behind_a_queued_message_goes_through_uvicorn_so_order_holds() -> None:
    uvicorn, inbound = listening()
    uvicorn.queue.put_nowait({"type": "websocket.receive", "bytes": b"queued first"})
    inbound.data_received(client_frame(b"second"))
    assert uvicorn.seen == [("uvicorn", "BINARY", b"second")]


def test_inside_a_fragmented_message_a_binary_frame_is_uvicorns_to_refuse() -> None:
    uvicorn, inbound = listening()
    inbound.data_received(client_frame(b"frag", fin=False))
    inbound.data_received(client_frame(b"not a continuation"))
    assert uvicorn.seen == [("uvicorn", "BINARY", b"frag")]
    assert uvicorn.conn.close_sent is not None and uvicorn.conn.close_sent.code == 1002  # protocol error


@pytest.mark.parametrize("held", [1, 2, 4])
def test_when_uvicorns_parser_holds_part_of_a_frame_it_gets_the_rest_before_any_cut(held: int) -> None:
    uvicorn, inbound = listening()
    frame = client_frame(b"started before we listened")
    uvicorn.data_received(frame[:held])  # uvicorn read these before Inbound was installed
    inbound.data_received(frame[held:] + client_frame(b"next"))
    assert uvicorn.seen == [("uvicorn", "BINARY", b"started before we listened"), ("uvicorn", "BINARY", b"next")]
    inbound.data_received(client_frame(b"after"))  # at a boundary again: cut here
    assert uvicorn.seen[-1] == ("fast", b"after")


def test_after_a_close_frame_everything_is_uvicorns() -> None:
    uvicorn, inbound = listening()
    inbound.data_received(client_frame(b"\x03\xe8", Opcode.CLOSE) + client_frame(b"too late"))
    assert [kind for kind, *_ in uvicorn.seen] == ["uvicorn"]  # the close; websockets discards the rest


def test_an_oversized_frame_is_refused_by_uvicorn_with_1009() -> None:
    uvicorn, inbound = listening()
    inbound.data_received(client_frame(os.urandom(MAX + 10))[:100])
    assert uvicorn.conn.close_sent is not None and uvicorn.conn.close_sent.code == 1009
