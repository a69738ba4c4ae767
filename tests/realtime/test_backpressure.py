"""A socket that stops reading is dropped; the rest of its room never waits for it, and
the kernel holds little for it meanwhile and nothing once it is gone."""

import asyncio
import socket

import msgpack
import websockets

from protocol.limits import SEND_BUFFER_BYTES
from tests.support.client import Client, create_room, join, token_of
from tests.support.tcp import server_end

BIG_TEXT = "x" * 1900
KERNEL_SLACK = 64 * 1024  # the kernel may queue one segment's worth beyond its buffer
GONE_WITHIN_S = 3.0
FLOOD_EDITS = 1500  # at most 8 x 1,500 x 2 KB: the flood stops once the stalled reader is gone; the kernel's buffers take megabytes first


async def stalled_client(server, token: str) -> websockets.ClientConnection:
    """Says hello, then never reads again: a tiny receive buffer fills at once."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    ws = await websockets.connect(server.ws_url, sock=sock, origin=server.base, max_queue=1, compression=None)
    await ws.send(msgpack.packb({"t": "hello", "v": 1, "token": token}))
    ws.transport.pause_reading()
    return ws


async def test_a_stalled_reader_is_closed_and_everyone_else_gets_every_event(server) -> None:
    room = await create_room(server.base)
    invite = token_of(room["links"]["participant"])
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    writers = [await Client.connect(server.ws_url, await join(server.base, invite, f"W{i}")) for i in range(8)]
    slow_token = await join(server.base, invite, "Slow")
    slow = await stalled_client(server, slow_token)
    await fac.wait(lambda: any(e["type"] == "PersonJoined" and e["name"] == "Slow" for e in fac.events))
    slow_person = next(e["person"] for e in fac.of_type("PersonJoined") if e["name"] == "Slow")
    await fac.wait(lambda: any(e["type"] == "PersonCameOnline" and e["person"] == slow_person for e in fac.events))

    def slow_left() -> bool:
        return any(e["type"] == "PersonWentOffline" and e["person"] == slow_person for e in fac.events)

    async def flood(client: Client) -> None:
        item = (await client.command("AddItem", kind="note", text=BIG_TEXT))["seq"]
        item_id = next(e["item"] for e in client.events if e["seq"] == item) if await client.wait_seq(item) is None else None
        for n in range(FLOOD_EDITS):
            if slow_left():
                return
            reply = await client.command("EditItem", item=item_id, text=f"{n}{BIG_TEXT}")
            if reply["t"] == "error":
                await asyncio.sleep(0.05)

    slow_port = slow.transport.get_extra_info("sockname")[1]
    held: list[int] = []

    async def watch_kernel() -> None:
        while (end := server_end(server.port, slow_port)) is not None:
            held.append(end["send_queue"])
            await asyncio.sleep(0.02)

    watcher = asyncio.create_task(watch_kernel())
    await asyncio.gather(*(flood(w) for w in writers))
    await fac.wait(slow_left, timeout=5)
    # dropped with an RST: the kernel forgets the socket and what it never read at once
    await asyncio.wait_for(watcher, GONE_WITHIN_S)
    assert held and max(held) <= 2 * SEND_BUFFER_BYTES + KERNEL_SLACK
    last = await fac.ok("AddItem", kind="note", text="after")
    for client in [fac, *writers]:
        await client.wait_seq(last)
        assert not client.gaps
    slow.transport.abort()
