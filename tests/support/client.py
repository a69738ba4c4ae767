"""A PeerCircle protocol client for tests: it keeps every frame it receives, checks
that events arrive gap-free and in order, and awaits acks by op id."""

import asyncio
import itertools
from typing import Any

import httpx2 as httpx
import msgpack
import websockets

WAIT_S = 5.0
_ops = itertools.count(1)


def token_of(link: str) -> str:
    return link.split("#", 1)[1]


async def create_room(base: str, title: str = "Peer Assist") -> dict:
    async with httpx.AsyncClient() as http:
        response = await http.post(base + "/api/rooms", json={"title": title})
    assert response.status_code == 201, response.text
    return response.json()


async def create_method_room(base: str, method: str, title: str = "Intervision") -> dict:
    async with httpx.AsyncClient() as http:
        response = await http.post(base + "/api/rooms", json={"title": title, "method": method})
    assert response.status_code == 201, response.text
    return response.json()


async def join(base: str, invite: str, name: str) -> str:
    async with httpx.AsyncClient() as http:
        response = await http.post(base + "/api/join", json={"name": name}, headers={"Authorization": f"Bearer {invite}"})
    assert response.status_code == 201, response.text
    return response.json()["token"]


class Client:
    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws
        self.frames: list[dict] = []
        self.raw: list[bytes] = []  # every frame as received, for checks on the wire itself
        self.events: list[dict] = []  # every event applied, in order
        self.welcome: dict = {}
        self.epoch: str | None = None
        self.seq = 0
        self.gaps: list[tuple[int, int]] = []
        self._acks: dict[str, asyncio.Future] = {}
        self._changed = asyncio.Event()
        self._reader: asyncio.Task | None = None
        self.close_code: int | None = None

    @classmethod
    async def connect(cls, ws_url: str, token: str, *, origin: str | None = None, epoch: str | None = None,
                      seq: int | None = None) -> "Client":
        origin = origin or ws_url.replace("ws://", "http://").rsplit("/ws", 1)[0]
        ws = await websockets.connect(ws_url, origin=origin, max_size=None, compression=None)
        client = cls(ws)
        hello: dict[str, Any] = {"t": "hello", "v": 1, "token": token}
        if epoch is not None:
            hello |= {"epoch": epoch, "seq": seq}
            client.epoch, client.seq = epoch, seq or 0
        await ws.send(msgpack.packb(hello))
        client._reader = asyncio.create_task(client._read())
        await client.wait(lambda: client.welcome or client.close_code is not None)
        return client

    @property
    def state(self) -> dict:
        return self.welcome.get("state", {})

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                self.raw.append(raw)
                frame = msgpack.unpackb(raw)
                self.frames.append(frame)
                self._on_frame(frame)
                self._changed.set()
        except websockets.ConnectionClosed:
            pass
        finally:
            rcvd = self.ws.protocol.close_rcvd
            self.close_code = rcvd.code if rcvd else 1006
            self._changed.set()

    def _on_frame(self, frame: dict) -> None:
        kind = frame["t"]
        if kind == "welcome":
            self.welcome, self.epoch = frame, frame["epoch"]
            if "state" in frame:
                self.seq = frame["seq"]
            else:
                self._apply(frame["events"])
        elif kind == "events":
            self._apply(frame["events"])
        elif kind in ("ack", "error"):
            future = self._acks.pop(frame["op"], None) if frame.get("op") else None
            if future and not future.done():
                future.set_result(frame)

    def _apply(self, events: list[dict]) -> None:
        for event in events:
            if event["seq"] <= self.seq:
                continue
            if event["seq"] != self.seq + 1:
                self.gaps.append((self.seq, event["seq"]))
            self.seq = event["seq"]
            self.events.append(event)

    async def send(self, frame: dict | bytes | str) -> None:
        await self.ws.send(frame if isinstance(frame, (bytes, str)) else msgpack.packb(frame))

    async def command(self, name: str, /, op: str | None = None, **args: Any) -> dict:
        """Send a command and return its ack or error frame."""
        op = op or f"op{next(_ops)}"
        future = asyncio.get_running_loop().create_future()
        self._acks[op] = future
        await self.send({"t": "cmd", "op": op, "name": name, "args": args})
        return await asyncio.wait_for(future, WAIT_S)

    async def ok(self, name: str, /, **args: Any) -> int | None:
        reply = await self.command(name, **args)
        assert reply["t"] == "ack", reply
        return reply["seq"]

    async def wait(self, predicate, timeout: float = WAIT_S) -> None:
        async def until() -> None:
            while not predicate():
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(until(), timeout)

    async def wait_seq(self, seq: int, timeout: float = WAIT_S) -> None:
        await self.wait(lambda: self.seq >= seq, timeout)

    async def wait_closed(self, timeout: float = WAIT_S) -> int:
        await self.wait(lambda: self.close_code is not None, timeout)
        return self.close_code  # type: ignore[return-value]

    def of_type(self, name: str) -> list[dict]:
        return [e for e in self.events if e["type"] == name]

    async def close(self) -> None:
        await self.ws.close()
        if self._reader:
            await asyncio.gather(self._reader, return_exceptions=True)
