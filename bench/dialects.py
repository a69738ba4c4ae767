"""The load's WebSocket client: a bare asyncio Protocol (handshake, frame parsing, a zero
mask on sends) and the two dialects it speaks: PeerCircle's binary msgpack frames (PeerCircle
and the floor server) and socket.io's text protocol (Engine.IO 4: `0{...}` open, `40{auth}`
connect, `42[...]` events, `42N[...]`/`43N[...]` acks, `2`/`3` ping/pong).

A connection reports what it hears to its worker (bench.loadgen's `Worker`): `on_event` for
every event, `on_reply` for every ack or refusal. On one core it takes well over 100k
frames/s, so it is not what is measured.
"""

import asyncio
import base64
import json
import os
import struct
import time
from typing import TYPE_CHECKING

import msgpack

if TYPE_CHECKING:
    from bench.loadgen import RoomRun, Worker

perf_ns = time.perf_counter_ns


class Conn(asyncio.Protocol):
    def __init__(self, worker: "Worker", room: "RoomRun", token: str, display: bool) -> None:
        self.w, self.room, self.token, self.display = worker, room, token, display
        self.transport: asyncio.Transport | None = None
        self.upgraded = False
        self.buf = b""
        self.ready = asyncio.get_running_loop().create_future()
        self.person: str | None = None
        self.my_items: list[str] = []
        self.hand_seen: dict[tuple[str, str], int] = {}
        self.pending: dict[int, tuple[int, bool, str | None]] = {}  # op -> (send ns, in window, hand key)
        self.slow = False
        self.close_code: int | None = None
        self.lost = False
        self.next_ns = 0
        self.step = 0
        self.heard_ns = 0  # the last data frame received (the browser's `lastHeard`)
        self.sampled_ns = 0  # the clock's last sample: an app ping sent or an ack heard
        self.port = worker.spec.port

    # transport
    def connection_made(self, transport) -> None:
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        host = f"{self.w.spec.host}:{self.port}"
        transport.write(
            f"GET {self.w.spec.path}{self._query()} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: http://{host}\r\n\r\n".encode()
        )

    def _query(self) -> str:
        """The browser's `?room=<id>` (client/lib/connection.js), for PeerCircle's dialect."""
        return f"?room={self.room.plan.room}" if self.w.spec.dialect == "peercircle" else ""

    def connection_lost(self, exc) -> None:
        self.lost = True
        if not self.ready.done():
            self.ready.set_exception(ConnectionError(f"lost before welcome ({self.close_code})"))

    def data_received(self, data: bytes) -> None:
        now = perf_ns()
        if self.buf:
            data = self.buf + data
        if not self.upgraded:
            end = data.find(b"\r\n\r\n")
            if end < 0:
                self.buf = data
                return
            if not data.startswith(b"HTTP/1.1 101"):
                self.ready.done() or self.ready.set_exception(ConnectionError(data[:60].decode(errors="replace")))
                self.transport.close()
                return
            self.upgraded = True
            self.on_open()
            data = data[end + 4:]
        pos, n = 0, len(data)
        on_message = self.on_message
        while n - pos >= 2:
            b0, b1 = data[pos], data[pos + 1]
            length, head = b1 & 0x7F, 2
            if length == 126:
                if n - pos < 4:
                    break
                length, head = struct.unpack_from("!H", data, pos + 2)[0], 4
            elif length == 127:
                if n - pos < 10:
                    break
                length, head = struct.unpack_from("!Q", data, pos + 2)[0], 10
            if n - pos - head < length:
                break
            start = pos + head
            pos = start + length
            opcode = b0 & 0x0F
            if opcode == 2 or opcode == 1:
                self.heard_ns = now
                on_message(data[start:pos], now)
            elif opcode == 9:
                self.send_frame(0xA, data[start:pos])
            elif opcode == 8:
                self.close_code = struct.unpack_from("!H", data, start)[0] if length >= 2 else 1005
                self.transport.close()
                return
        self.buf = data[pos:]

    def send_frame(self, opcode: int, payload: bytes) -> None:
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 65536:
            head = struct.pack("!BBH", 0x80 | opcode, 0xFE, n)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 0xFF, n)
        self.transport.write(head + b"\0\0\0\0" + payload)  # a zero mask leaves the payload as is

    # dialect hooks
    def on_open(self) -> None:
        raise NotImplementedError

    def on_message(self, payload: bytes, now: int) -> None:
        raise NotImplementedError

    def send_command(self, op: int, name: str, args: dict) -> None:
        raise NotImplementedError

    def send_ping(self, now: int) -> None:
        raise NotImplementedError


class PeerCircleConn(Conn):
    """PeerCircle's protocol: binary msgpack frames (also spoken by the floor server)."""

    def on_open(self) -> None:
        self.send_frame(2, msgpack.packb({"t": "hello", "v": 1, "token": self.token}))

    def on_message(self, payload: bytes, now: int) -> None:
        frame = msgpack.unpackb(payload)
        kind = frame["t"]
        if kind == "events":
            on_event = self.w.on_event
            for event in frame["events"]:
                on_event(self, event, now)
        elif kind == "ack":
            if "now" in frame:  # the browser takes each ack as a clock sample
                self.sampled_ns = now
            self.w.on_reply(self, int(frame["op"]), frame["seq"] is not None, None, now)
        elif kind == "error":
            self.w.on_reply(self, int(frame["op"]) if frame.get("op") else -1, False, frame["code"], now)
        elif kind == "pong":
            self.w.c["pongs"] += 1
        elif kind == "welcome":
            self.person = frame["you"]["person"]
            self.ready.done() or self.ready.set_result(True)

    def send_command(self, op: int, name: str, args: dict) -> None:
        self.send_frame(2, msgpack.packb({"t": "cmd", "op": str(op), "name": name, "args": args}))

    def send_ping(self, now: int) -> None:  # as the browser client does; its `pong` is counted
        self.send_frame(2, msgpack.packb({"t": "ping", "ts": now // 1_000_000}))


class SocketIOConn(Conn):
    """socket.io 5 / Engine.IO 4 over a WebSocket only, emulated minimally: JSON text."""

    def on_open(self) -> None:
        pass  # the server speaks first: "0{sid, pingInterval...}"

    def on_message(self, payload: bytes, now: int) -> None:
        text = payload.decode()
        head = text[:2]
        if head == "42":
            name, data = json.loads(text[2:])
            if name == "events":
                on_event = self.w.on_event
                for event in data["events"]:
                    on_event(self, event, now)
            elif name == "welcome":
                self.person = data["you"]["person"]
                self.ready.done() or self.ready.set_result(True)
        elif head == "43":
            bracket = text.index("[")
            reply = json.loads(text[bracket:])[0]
            error = reply.get("error")
            self.w.on_reply(self, int(text[2:bracket]), error is None and reply.get("seq") is not None, error, now)
        elif text == "2":
            self.send_frame(1, b"3")
        elif text[0] == "0":
            self.send_frame(1, b"40" + json.dumps({"token": self.token}).encode())
        elif head == "44":
            self.ready.done() or self.ready.set_exception(ConnectionError(text))

    def send_command(self, op: int, name: str, args: dict) -> None:
        self.send_frame(1, b"42%d" % op + json.dumps(["cmd", {"op": op, "name": name, "args": args}]).encode())


DIALECTS = {"peercircle": PeerCircleConn, "socketio": SocketIOConn}
