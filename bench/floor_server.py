"""The floor: the least a Python process can do per delivery. A minimal `websockets`
server, rooms in memory, one `broadcast()` per event, speaking just enough of
PeerCircle's protocol for bench.loadgen (hello -> welcome, cmd -> events to the room + ack).

    python -m bench.floor_server --port 8765
"""

import argparse
import asyncio
import time
from collections import defaultdict

import msgpack
from websockets.asyncio.server import broadcast, serve

from bench.mini_rooms import MiniRoom, parse_token

rooms: dict[str, MiniRoom] = defaultdict(MiniRoom)


async def handler(ws) -> None:
    hello = msgpack.unpackb(await ws.recv())
    if hello.get("t") != "hello":
        await ws.close(1008)
        return
    room_id, person, role = parse_token(hello.get("token", ""))
    room = rooms[room_id]
    you = {"role": role, "person": None if role == "display" else person, "room": room_id, "code": ""}
    await ws.send(msgpack.packb({"t": "welcome", "you": you, "now": time.time(), "epoch": "e", "seq": room.seq,
                                 "state": {}}))
    room.members.add(ws)
    try:
        async for raw in ws:
            frame = msgpack.unpackb(raw)
            if frame.get("t") != "cmd" or role == "display":
                continue
            op = frame.get("op")
            events = room.apply(person, frame.get("name"), frame.get("args") or {})
            if isinstance(events, str):
                await ws.send(msgpack.packb({"t": "error", "op": op, "code": events, "message": events}))
                continue
            if events:
                broadcast(room.members, msgpack.packb({"t": "events", "events": events}))
            await ws.send(msgpack.packb({"t": "ack", "op": op, "seq": events[-1]["seq"] if events else None,
                                         "now": time.time()}))  # PeerCircle's ack, a clock sample
    finally:
        room.members.discard(ws)


async def main(port: int) -> None:
    async with serve(handler, "127.0.0.1", port, compression=None, max_size=64 * 1024, ping_interval=15,
                     ping_timeout=10, backlog=4096) as server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    try:
        import uvloop
        uvloop.run(main(args.port))
    except ImportError:
        asyncio.run(main(args.port))
