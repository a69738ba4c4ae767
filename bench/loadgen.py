"""An open-loop load generator for PeerCircle and the reference servers.

Every simulated participant acts on its own schedule (a fixed interval, a random phase),
whatever the server does: a late reply never delays the next action (no coordinated
omission). Actions are real commands (AddItem, RaiseHand, EditItem of its own item,
LowerHand, in a cycle); items carry their send time (`perf_counter_ns`, CLOCK_MONOTONIC,
shared by every process on the box) in their text, hands are timed by a map kept by
(room, person, event type). Every receiver, participants and displays, notes the receipt
time of every event: latency = receipt - send, for every delivery.

Against PeerCircle every connection still reading also beats as the browser client does
(client/lib/connection.js, `pingDue`): every 10 s (`LoadSpec.app_ping_s`), on its own
phase, it sends a `ping` if it heard no frame for 5 s (`app_quiet_s`) or its clock's last
sample is 60 s old (`app_clock_s`: a ping sent, or an ack heard, since every ack carries the
server's clock); it counts the pings and the pongs. Each starts as a client that has been in
the meeting a while: its clock settled, its last sample at a random moment of the last
minute. It answers the server's WebSocket pings, as a browser does. The references keep
their own server-side keepalive.

The connections and the dialects they speak (PeerCircle's and socket.io's) are in
bench/dialects.py.

A run's rooms are split over worker processes (multiprocessing, spawn), each pinned to
the client CPUs; all of a room's connections live in one worker. `run_load` drives them.
"""

import array
import asyncio
import gc
import heapq
import itertools
import multiprocessing
import os
import random
import socket
import time
from dataclasses import dataclass, field

from bench.dialects import DIALECTS, Conn, perf_ns

S = 1_000_000_000
PAD = "x" * 40  # item text ~ 60 chars: an ItemAdded event of ~140 bytes msgpack
CYCLE = ("AddItem", "RaiseHand", "EditItem", "LowerHand")
HAND_EVENTS = {"HandRaised", "HandLowered"}
ITEM_EVENTS = {"ItemAdded", "ItemEdited"}
CONNECT_CONCURRENCY = 100
CONNECT_TIMEOUT_S = 60.0


# --- plan ----------------------------------------------------------------------------


@dataclass
class RoomPlan:
    room: str
    participants: list[str]  # tokens
    displays: list[str] = field(default_factory=list)


@dataclass
class LoadSpec:
    dialect: str  # "peercircle" (PeerCircle and the floor) or "socketio"
    host: str
    port: int
    path: str  # "/ws" or "/socket.io/?EIO=4&transport=websocket"
    rooms: list[RoomPlan]
    interval_s: float = 2.0  # each participant acts every interval_s
    slow_fraction: float = 0.0  # this share of the connections stops reading (and acting) at go
    cpus: list[int] | None = None
    seed: int = 1
    ports: list[int] | None = None  # several server processes: a room's connections alternate over them
    whole_rooms: bool = False  # with several: each room's connections all on one process, rooms alternating
    pad: int = len(PAD)  # item text length: larger events fill a stopped reader's buffers sooner
    app_ping_s: float = 0.0  # every connection still reading beats this often (0: never pings)
    app_quiet_s: float = 5.0  # a beat pings if no frame came for this long
    app_clock_s: float = 60.0  # ... or if the clock's last sample (ping or ack) is this old


# --- one worker process -----------------------------------------------------------------


class RoomRun:
    __slots__ = ("plan", "conns", "receivers", "hand_ns")
    # hand_ns[(person, event type)]: send times of that person's hand commands, in order;
    # every receiver walks the list with its own index (events of a room arrive in order)

    def __init__(self, plan: RoomPlan) -> None:
        self.plan = plan
        self.conns: list[Conn] = []
        self.receivers = 0  # connections expected to receive every event
        self.hand_ns: dict[tuple[str, str], list[int]] = {}


class Worker:
    def __init__(self, spec: LoadSpec) -> None:
        self.spec = spec
        self.rooms = [RoomRun(plan) for plan in spec.rooms]
        self.w0 = self.w1 = 1 << 62
        self.lat = array.array("q")  # ns, deliveries of sends made inside the window
        self.lat_at = array.array("q")  # ns from the window's start to each of those sends: latency over time
        self.ack_lat = array.array("q")
        self.lag = array.array("q")  # actual send - scheduled send, ns (client health)
        self.c = dict(sent=0, acked=0, null_acks=0, errors=0, expected=0, delivered=0, recv_in_window=0,
                      late_or_unknown=0, pings=0, pongs=0, error_codes={})
        self.ops = itertools.count(1)
        self.pad = "x" * spec.pad

    # receipts
    def on_event(self, conn: Conn, event: dict, now: int) -> None:
        kind = event["type"]
        if kind in ITEM_EVENTS:
            text = event["text"]
            if not text.startswith("T"):
                return
            sent = int(text[1:text.index(" ")])
            if kind == "ItemAdded" and event["author"] == conn.person:
                conn.my_items.append(event["item"])
        elif kind in HAND_EVENTS:
            key = (event["person"], kind)
            sends = conn.room.hand_ns.get(key)
            index = conn.hand_seen.get(key, 0)
            if sends is None or index >= len(sends):
                return
            conn.hand_seen[key] = index + 1
            sent = sends[index]
        else:
            return
        if conn.slow:
            return  # a reader that stopped: not expected, not counted
        if self.w0 <= now < self.w1:
            self.c["recv_in_window"] += 1
        if self.w0 <= sent < self.w1:
            self.c["delivered"] += 1
            self.lat.append(now - sent)
            self.lat_at.append(sent - self.w0)

    def on_reply(self, conn: Conn, op: int, changed: bool, error: str | None, now: int) -> None:
        sent = conn.pending.pop(op, None)
        if sent is None:
            return
        sent_ns, in_window, hand = sent
        if hand is not None and not changed:  # no event will come: keep the receivers' lists aligned
            sends = conn.room.hand_ns.get((conn.person, hand))
            if sends and sent_ns in sends:
                sends.remove(sent_ns)
        if not in_window:
            return
        self.ack_lat.append(now - sent_ns)
        if error is not None:
            self.c["errors"] += 1
            self.c["error_codes"][error] = self.c["error_codes"].get(error, 0) + 1
        elif changed:
            self.c["acked"] += 1
            self.c["expected"] += conn.room.receivers
        else:
            self.c["null_acks"] += 1

    # actions
    def act(self, conn: Conn, now: int) -> None:
        name = CYCLE[conn.step % 4]
        conn.step += 1
        if name == "EditItem" and not conn.my_items:
            name = "AddItem"
        if name == "AddItem":
            args = {"kind": "note", "text": f"T{now} {self.pad}"}
        elif name == "EditItem":
            args = {"item": conn.my_items[-1], "text": f"T{now} {self.pad}"}
        hand = None
        if name in ("RaiseHand", "LowerHand"):
            args = {}
            hand = "HandRaised" if name == "RaiseHand" else "HandLowered"
            conn.room.hand_ns.setdefault((conn.person, hand), []).append(now)
        op = next(self.ops)
        in_window = self.w0 <= now < self.w1
        conn.pending[op] = (now, in_window, hand)
        if in_window:
            self.c["sent"] += 1
        conn.send_command(op, name, args)

    async def connect_all(self) -> tuple[int, int]:
        loop = asyncio.get_running_loop()
        cls = DIALECTS[self.spec.dialect]
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

        ports = self.spec.ports or [self.spec.port]

        async def one(room: RoomRun, token: str, display: bool, slow: bool, index: int) -> Conn | None:
            async with gate:
                conn = cls(self, room, token, display)
                conn.slow = slow
                conn.port = ports[index % len(ports)]
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if slow:  # a small window: a reader that stops fills up within seconds
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                sock.setblocking(False)
                try:
                    await loop.sock_connect(sock, (self.spec.host, conn.port))
                    await loop.create_connection(lambda: conn, sock=sock)
                    await asyncio.wait_for(conn.ready, CONNECT_TIMEOUT_S)
                except (OSError, ConnectionError, asyncio.TimeoutError) as exc:
                    reason = f"{type(exc).__name__}: {exc}"[:80] if str(exc) else type(exc).__name__
                    self.c["error_codes"]["connect " + reason] = self.c["error_codes"].get("connect " + reason, 0) + 1
                    if conn.transport is not None:
                        conn.transport.close()
                    sock.close()
                    return None
                return conn

        rng = random.Random(self.spec.seed)
        jobs = []
        for number, room in enumerate(self.rooms):
            tokens = [(t, False) for t in room.plan.participants] + [(t, True) for t in room.plan.displays]
            for index, (token, display) in enumerate(tokens):
                where = number if self.spec.whole_rooms else index  # picks the port
                jobs.append(one(room, token, display, rng.random() < self.spec.slow_fraction, where))
        results = await asyncio.gather(*jobs)
        position = 0
        for room in self.rooms:
            count = len(room.plan.participants) + len(room.plan.displays)
            room.conns = [c for c in results[position:position + count] if c is not None]
            room.receivers = sum(1 for c in room.conns if not c.slow)
            position += count
        ok = sum(len(room.conns) for room in self.rooms)
        return ok, len(jobs) - ok

    async def drive(self, t_start: int, warm_s: float, measure_s: float, drain_s: float) -> dict:
        self.w0 = t_start + int(warm_s * S)
        self.w1 = self.w0 + int(measure_s * S)
        interval = int(self.spec.interval_s * S)
        rng = random.Random(self.spec.seed * 7919 + 1)
        actors = [c for room in self.rooms for c in room.conns if not c.display and not c.slow]
        for conn in actors:
            conn.next_ns = t_start + rng.randrange(interval)
            conn.step = rng.randrange(2)  # start with AddItem or RaiseHand: a LowerHand follows a RaiseHand
        slow = [c for room in self.rooms for c in room.conns if c.slow]
        await asyncio.sleep(max(0, t_start - perf_ns()) / S)
        for conn in slow:
            conn.transport.pause_reading()
        cpu0 = cpu1 = None
        heap = [(c.next_ns, i, c) for i, c in enumerate(actors)]
        # The browser client's beat, from every connection still reading, each on its own
        # phase: entries numbered after the actors' tell the loop which is which.
        ping_every = int(self.spec.app_ping_s * S)
        quiet, clock = int(self.spec.app_quiet_s * S), int(self.spec.app_clock_s * S)
        if ping_every:
            readers = [c for room in self.rooms for c in room.conns if not c.slow]
            heap += [(t_start + rng.randrange(ping_every), len(actors) + j, c) for j, c in enumerate(readers)]
            for conn in readers:  # in the meeting a while: the clock settled, sampled within the minute
                conn.sampled_ns = t_start - rng.randrange(max(clock, 1))
        heapq.heapify(heap)
        lag = self.lag
        while heap:
            now = perf_ns()
            if cpu0 is None and now >= self.w0:
                cpu0 = time.process_time()
            if now >= self.w1:
                break
            while heap and heap[0][0] <= now:
                due, i, conn = heapq.heappop(heap)
                if i >= len(actors):
                    if not conn.lost and (now - conn.heard_ns >= quiet or now - conn.sampled_ns >= clock):
                        conn.send_ping(now)
                        conn.sampled_ns = now
                        self.c["pings"] += 1
                    heapq.heappush(heap, (due + ping_every, i, conn))
                    continue
                if not conn.lost:
                    self.act(conn, now)
                    if self.w0 <= now < self.w1:
                        lag.append(now - due)
                    heapq.heappush(heap, (due + interval, i, conn))
                now = perf_ns()
            if heap:
                await asyncio.sleep(max(0, min(heap[0][0], self.w1) - perf_ns()) / S)
        cpu1 = time.process_time()
        await asyncio.sleep(drain_s)
        # the slow readers read again: did the server drop them meanwhile?
        for conn in slow:
            if not conn.lost:
                conn.transport.resume_reading()
        if slow:
            await asyncio.sleep(1.5)
        unanswered = sum(1 for room in self.rooms for c in room.conns for (_, w, _) in c.pending.values() if w)
        for room in self.rooms:
            for conn in room.conns:
                for sent_ns, in_window, _ in conn.pending.values():
                    if in_window:  # never answered: its deliveries are expected all the same
                        self.c["expected"] += conn.room.receivers
        conns = [c for room in self.rooms for c in room.conns]
        result = dict(self.c)
        result.update(
            unanswered=unanswered,
            client_cpu_s=(cpu1 - cpu0) if cpu0 is not None else 0.0,
            connections=len(conns),
            closed_during_run=sum(1 for c in conns if c.lost and not c.slow),
            slow=len(slow),
            slow_dropped=sum(1 for c in slow if c.lost or c.close_code is not None),
            close_codes=sorted({c.close_code for c in conns if c.close_code is not None}),
            lat=self.lat.tobytes(), lat_at=self.lat_at.tobytes(), ack_lat=self.ack_lat.tobytes(), lag=self.lag.tobytes(),
        )
        for conn in conns:
            if not conn.lost:
                conn.transport.close()
        return result


def _worker_main(spec: LoadSpec, pipe) -> None:
    if spec.cpus:
        try:
            os.sched_setaffinity(0, spec.cpus)
        except OSError:
            pass
    try:
        import uvloop
        runner = uvloop.run
    except ImportError:
        runner = asyncio.run

    async def main() -> None:
        loop = asyncio.get_running_loop()
        worker = Worker(spec)
        ok, failed = await worker.connect_all()
        # A full collection walked every connection's objects (44-69 ms, twice a run) while
        # receipts waited to be stamped, so a second's p99 took the pause for latency. Frozen
        # now, the collector walks only what the run allocates (bench/results/notes.md).
        gc.collect()
        gc.freeze()
        pipe.send(("ready", ok, failed))
        go = await loop.run_in_executor(None, pipe.recv)
        if go is None:
            return
        pipe.send(("done", await worker.drive(*go)))

    runner(main())


# --- the parent side ---------------------------------------------------------------------


class LoadRun:
    """Worker processes for one run: start() connects everyone, go() runs the schedule."""

    def __init__(self, spec: LoadSpec, workers: int) -> None:
        self.spec = spec
        ctx = multiprocessing.get_context("spawn")
        shares: list[list[RoomPlan]] = [[] for _ in range(max(1, min(workers, len(spec.rooms))))]
        for i, room in enumerate(spec.rooms):
            shares[i % len(shares)].append(room)
        self.procs, self.pipes = [], []
        for i, share in enumerate(shares):
            parent, child = ctx.Pipe()
            sub = LoadSpec(**{**spec.__dict__, "rooms": share, "seed": spec.seed * 100 + i})
            proc = ctx.Process(target=_worker_main, args=(sub, child), daemon=True)
            proc.start()
            self.procs.append(proc)
            self.pipes.append(parent)

    def wait_ready(self, timeout: float = 120.0) -> tuple[int, int]:
        ok = failed = 0
        for pipe in self.pipes:
            if not pipe.poll(timeout):
                raise RuntimeError("load workers did not connect in time")
            _, n_ok, n_failed = pipe.recv()
            ok, failed = ok + n_ok, failed + n_failed
        return ok, failed

    def go(self, t_start: int, warm_s: float, measure_s: float, drain_s: float) -> None:
        for pipe in self.pipes:
            pipe.send((t_start, warm_s, measure_s, drain_s))

    def results(self, timeout: float = 120.0) -> dict:
        merged: dict = {}
        for pipe in self.pipes:
            if not pipe.poll(timeout):
                raise RuntimeError("load workers did not finish in time")
            _, part = pipe.recv()
            for key, value in part.items():
                if isinstance(value, bytes):
                    merged[key] = merged.get(key, b"") + value
                elif isinstance(value, dict):
                    target = merged.setdefault(key, {})
                    for k, v in value.items():
                        target[k] = target.get(k, 0) + v
                elif isinstance(value, list):
                    merged[key] = sorted(set(merged.get(key, [])) | set(value))
                else:
                    merged[key] = merged.get(key, 0) + value
        for key in ("lat", "lat_at", "ack_lat", "lag"):
            values = array.array("q")
            values.frombytes(merged.get(key, b""))
            merged[key] = values
        return merged

    def stop(self) -> None:
        for pipe in self.pipes:
            try:
                pipe.send(None)
            except (OSError, BrokenPipeError):
                pass
        for proc in self.procs:
            proc.join(5)
            if proc.is_alive():
                proc.kill()
                proc.join()
