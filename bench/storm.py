"""W6, the reconnect storm: 2,000 clients connected and busy, the server process killed
(SIGKILL: a crash, no goodbye) and started again on the same port; every client then
reconnects at once with its (epoch, seq) and must be back, gap-free, quickly.

The clients here retry every 50-100 ms from the moment their socket drops, a denser
storm than the browser client's backoff (0.5 s, doubling, jittered) would make: all of
them knock within one retry period of the new server listening. Every client checks every
seq it sees: an `events` frame or a resumed welcome must continue exactly at its last
seq + 1 (a gap is counted otherwise, a repeat as a duplicate), and a welcome that had to
fall back to a snapshot is counted apart. The parent (bench.run) measures the time from
the new process answering /healthz, and from the kill, to the last client's welcome; at
the end every client of a room must have reached the same seq.
"""

import asyncio
import os
import random
from dataclasses import dataclass

import msgpack

from bench.loadgen import PAD, Conn, RoomPlan, perf_ns, S

RETRY_S = (0.05, 0.10)


@dataclass
class StormSpec:
    host: str
    port: int
    rooms: list[RoomPlan]
    interval_s: float = 4.0  # each participant adds an item every interval_s while connected
    cpus: list[int] | None = None
    seed: int = 1
    path: str = "/ws"


class Client:
    """One participant across its connections: what it has seen survives reconnects."""

    __slots__ = ("room", "token", "epoch", "seq", "gaps", "duplicates", "snapshots", "resumed", "welcomed_at",
                 "op", "conn")

    def __init__(self, room: str, token: str) -> None:
        self.room, self.token = room, token
        self.epoch: str | None = None
        self.seq: int | None = None
        self.gaps = self.duplicates = self.snapshots = self.resumed = self.op = 0
        self.welcomed_at: list[int] = []
        self.conn: "StormConn | None" = None

    def follow(self, seqs: list[int]) -> None:
        for seq in seqs:
            if self.seq is not None and seq <= self.seq:
                self.duplicates += 1
                continue
            if self.seq is not None and seq != self.seq + 1:
                self.gaps += seq - self.seq - 1
            self.seq = seq


class StormConn(Conn):
    def __init__(self, worker: "StormWorker", client: Client) -> None:
        super().__init__(worker, None, client.token, False)  # type: ignore[arg-type]
        self.client = client
        self.dropped = asyncio.get_running_loop().create_future()

    def connection_lost(self, exc) -> None:
        super().connection_lost(exc)
        self.dropped.done() or self.dropped.set_result(None)

    def on_open(self) -> None:
        hello = {"t": "hello", "v": 1, "token": self.token}
        if self.client.epoch is not None:
            hello.update(epoch=self.client.epoch, seq=self.client.seq)
        self.send_frame(2, msgpack.packb(hello))

    def on_message(self, payload: bytes, now: int) -> None:
        frame = msgpack.unpackb(payload)
        client = self.client
        if frame["t"] == "events":
            client.follow([event["seq"] for event in frame["events"]])
        elif frame["t"] == "welcome":
            if client.epoch is not None and frame["epoch"] == client.epoch and "events" in frame:
                client.follow([event["seq"] for event in frame["events"]])
                if frame["seq"] > client.seq:
                    client.gaps += frame["seq"] - client.seq  # a seq it claims but did not send
                    client.seq = frame["seq"]
                client.resumed += 1
            else:
                if client.epoch is not None:
                    client.snapshots += 1  # a resync from a snapshot, not a resume
                client.epoch, client.seq = frame["epoch"], frame["seq"]
            client.welcomed_at.append(now)
            self.ready.done() or self.ready.set_result(True)

    def act(self) -> None:
        self.client.op += 1
        args = {"kind": "note", "text": f"S {PAD}"}
        self.send_frame(2, msgpack.packb({"t": "cmd", "op": f"s{self.client.op}", "name": "AddItem", "args": args}))


class StormWorker:
    def __init__(self, spec: StormSpec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.clients = [Client(plan.room, token) for plan in spec.rooms for token in plan.participants]

    async def open(self, client: Client) -> bool:
        """One connection attempt: True once welcomed."""
        conn = StormConn(self, client)
        try:
            await asyncio.get_running_loop().create_connection(lambda: conn, self.spec.host, self.spec.port)
            await asyncio.wait_for(conn.ready, 30)
        except (OSError, ConnectionError, asyncio.TimeoutError):
            if conn.transport is not None:
                conn.transport.close()
            return False
        client.conn = conn
        return True

    async def keep(self, client: Client) -> None:
        """Reconnect whenever the socket drops, retrying every 50-100 ms."""
        while True:
            if client.conn is not None:
                await client.conn.dropped
            client.conn = None
            while not await self.open(client):
                await asyncio.sleep(self.rng.uniform(*RETRY_S))

    async def act(self, stop: asyncio.Future) -> None:
        interval = int(self.spec.interval_s * S)
        start = perf_ns()
        due = [start + self.rng.randrange(interval) for _ in self.clients]
        while not stop.done():
            now = perf_ns()
            for i, client in enumerate(self.clients):
                if due[i] <= now:
                    due[i] += interval
                    if client.conn is not None and not client.conn.lost:
                        client.conn.act()
            await asyncio.sleep(0.01)

    def summary(self) -> dict:
        clients = self.clients
        rooms: dict[str, set] = {}
        for client in clients:
            rooms.setdefault(client.room, set()).add(client.seq)
        return {
            "clients": len(clients), "connected_at_end": sum(1 for c in clients if c.conn and not c.conn.lost),
            "gaps": sum(c.gaps for c in clients), "duplicates": sum(c.duplicates for c in clients),
            "snapshots": sum(c.snapshots for c in clients), "resumed": sum(c.resumed for c in clients),
            "rooms": len(rooms), "rooms_disagreeing": sum(1 for seqs in rooms.values() if len(seqs) > 1),
            "welcomes": [c.welcomed_at for c in clients],
        }


def worker_main(spec: StormSpec, pipe) -> None:
    """Connect everyone, then act, reconnecting throughout, until the parent says stop."""
    if spec.cpus:
        try:
            os.sched_setaffinity(0, spec.cpus)
        except OSError:
            pass

    async def main() -> None:
        loop = asyncio.get_running_loop()
        worker = StormWorker(spec)
        first = await asyncio.gather(*(worker.open(c) for c in worker.clients))
        pipe.send(("ready", sum(first), len(first) - sum(first)))
        await loop.run_in_executor(None, pipe.recv)  # go
        stop = loop.run_in_executor(None, pipe.recv)
        keepers = [asyncio.ensure_future(worker.keep(c)) for c in worker.clients]
        await worker.act(stop)
        await asyncio.sleep(1.5)  # the last commands' events arrive
        for task in keepers:
            task.cancel()
        pipe.send(("done", worker.summary()))
        for client in worker.clients:
            if client.conn is not None and client.conn.transport is not None:
                client.conn.transport.close()

    try:
        import uvloop

        uvloop.run(main())
    except ImportError:
        asyncio.run(main())
