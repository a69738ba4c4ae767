"""Frames as a real socket may bring them: cut at any byte, several in one segment,
fragmented, mixed with control frames. Every command is applied once, in the order
sent, whichever path (read straight off the socket, or through uvicorn) it took."""

import asyncio

import msgpack
from websockets.frames import Frame, Opcode

from protocol.codes import CloseCode

from tests.support.client import Client, create_room, token_of


def command_frame(op: str, text: str) -> dict:
    return {"t": "cmd", "op": op, "name": "AddItem", "args": {"kind": "note", "text": text}}


def raw(payload: bytes, opcode: Opcode = Opcode.BINARY, fin: bool = True) -> bytes:
    return Frame(opcode, payload, fin=fin).serialize(mask=True, extensions=[])


def packed(op: str, text: str) -> bytes:
    return msgpack.packb(command_frame(op, text))


async def facilitator(server) -> tuple[Client, str]:
    """A facilitator's session past its admission (a ping answered: what it sends from
    now on is read as it arrives), and the display token to check the room with."""
    room = await create_room(server.base)
    client = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    await client.send({"t": "ping", "ts": 1.0})
    await client.wait(lambda: any(frame.get("t") == "pong" for frame in client.frames))
    return client, token_of(room["links"]["display"])


async def committed_texts(server, display_token: str) -> list[str]:
    """The room's items as a new display sees them: what was committed."""
    check = await Client.connect(server.ws_url, display_token)
    try:
        return [item["text"] for item in check.state["items"]]
    finally:
        await check.close()


async def acks_of(client: Client, ops: list[str]) -> list[int]:
    await client.wait(lambda: all(any(f.get("op") == op for f in client.frames) for op in ops))
    replies = {f["op"]: f for f in client.frames if f.get("op") in ops}
    assert all(replies[op]["t"] == "ack" for op in ops), replies
    return [replies[op]["seq"] for op in ops]


async def test_a_command_written_a_byte_at_a_time_is_applied_once(server) -> None:
    client, display = await facilitator(server)
    frame = raw(packed("slow", "one byte at a time"))
    for i in range(len(frame)):
        client.ws.transport.write(frame[i:i + 1])
        await asyncio.sleep(0.001)
    await acks_of(client, ["slow"])
    assert await committed_texts(server, display) == ["one byte at a time"]


async def test_commands_sent_in_one_segment_are_applied_in_order(server) -> None:
    client, display = await facilitator(server)
    ops = [f"burst-{i}" for i in range(6)]
    client.ws.transport.write(b"".join(raw(packed(op, op)) for op in ops))
    seqs = await acks_of(client, ops)
    assert seqs == sorted(seqs) and len(set(seqs)) == len(ops)
    assert await committed_texts(server, display) == ops


async def test_a_fragmented_command_between_plain_ones_keeps_its_place(server) -> None:
    client, display = await facilitator(server)
    middle = packed("middle", "sent in three fragments")
    third = len(middle) // 3
    data = (raw(packed("first", "first"))
            + raw(middle[:third], fin=False) + raw(middle[third:2 * third], Opcode.CONT, fin=False)
            + raw(b"keep", Opcode.PING)  # a control frame may come between fragments
            + raw(middle[2 * third:], Opcode.CONT)
            + raw(packed("last", "last")))
    client.ws.transport.write(data)
    seqs = await acks_of(client, ["first", "middle", "last"])
    assert seqs == sorted(seqs)
    assert await committed_texts(server, display) == ["first", "sent in three fragments", "last"]
    assert await client.ok("RaiseHand")  # and the session goes on


async def test_a_text_frame_after_commands_closes_with_unsupported_data_and_keeps_them(server) -> None:
    client, display = await facilitator(server)
    client.ws.transport.write(raw(packed("kept", "kept")) + raw(b"{}", Opcode.TEXT))
    assert await client.wait_closed() == CloseCode.UNSUPPORTED_DATA
    assert await committed_texts(server, display) == ["kept"]
