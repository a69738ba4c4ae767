"""The Python peer: python-socketio's AsyncServer with its Redis manager under uvicorn
(uvloop, httptools, the same WebSocket stack as PeerCircle), rooms in memory, every
emit through Redis pub/sub as that manager does. Commands are socket.io events with an
ack; events reach the room with `emit(..., room=...)`.

    REDIS_URL=redis://127.0.0.1:6380/0 python -m bench.socketio_server --port 8766
"""

import argparse
import os

import socketio
import uvicorn

from bench.mini_rooms import MiniRoom, parse_token

manager = socketio.AsyncRedisManager(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
sio = socketio.AsyncServer(async_mode="asgi", client_manager=manager, cors_allowed_origins="*",
                           ping_interval=15, ping_timeout=10)
app = socketio.ASGIApp(sio)
rooms: dict[str, MiniRoom] = {}


@sio.event
async def connect(sid, environ, auth):
    room_id, person, role = parse_token((auth or {}).get("token", ""))
    if not room_id:
        return False
    await sio.save_session(sid, {"room": room_id, "person": person, "role": role})
    await sio.enter_room(sid, room_id)
    rooms.setdefault(room_id, MiniRoom())
    await sio.emit("welcome", {"you": {"role": role, "person": None if role == "display" else person,
                                       "room": room_id}}, to=sid)


@sio.event
async def cmd(sid, frame):
    session = await sio.get_session(sid)
    if session["role"] == "display":
        return {"op": frame.get("op"), "error": "forbidden"}
    room = rooms[session["room"]]
    events = room.apply(session["person"], frame.get("name"), frame.get("args") or {})
    if isinstance(events, str):
        return {"op": frame.get("op"), "error": events}
    if events:
        await sio.emit("events", {"events": events}, room=session["room"])
    return {"op": frame.get("op"), "seq": events[-1]["seq"] if events else None}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    uvicorn.run(app, host="127.0.0.1", port=args.port, ws="websockets-sansio", ws_per_message_deflate=False,
                log_level="warning", loop="uvloop", http="httptools", backlog=4096)
