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

    python -m bench.storm                  # the storm alone, as W6 runs it, with more figures
    python -m bench.storm --profile out    # and a py-spy profile of the new process (speedscope)

Run alone, it also measures what W6 does not: /healthz latency while the storm runs
(probed every `probes.HEALTH_EVERY_S` from the respawn on), the new process's CPU per admitted
client between the first and the last client back (sampled every `probes.CPU_SAMPLE_EVERY_S`), and
a graceful shutdown (SIGTERM) with every client still connected: how long it takes and
whether the server logs an error on the way.
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import msgpack

from bench.dialects import Conn
from bench.probes import CpuSampler, HealthProbe
from bench.loadgen import PAD, RoomPlan, perf_ns, S

RETRY_S = (0.05, 0.10)
SHUTDOWN_WAIT_S = 30.0  # SIGTERM to exit; beyond it the server is killed and the figure says so
PROFILE_RATE_HZ = 250
ERROR_MARKERS = ("ERROR", "Traceback", "Exception")


@dataclass
class StormSpec:
    host: str
    port: int
    rooms: list[RoomPlan]
    interval_s: float = 4.0  # each participant adds an item every interval_s while connected
    cpus: list[int] | None = None
    seed: int = 1
    path: str = "/ws"
    hold: bool = False  # after "stop", keep the sockets open (no reconnects) until told "close"


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

    def _query(self) -> str:
        return f"?room={self.client.room}"

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
        if spec.hold:  # the parent stops the server with every socket still open
            await loop.run_in_executor(None, pipe.recv)
        for client in worker.clients:
            if client.conn is not None and client.conn.transport is not None:
                client.conn.transport.close()

    try:
        import uvloop

        uvloop.run(main())
    except ImportError:
        asyncio.run(main())


# --- the storm alone: python -m bench.storm --------------------------------------------


def _profile(pid: int, out: Path, seconds: float) -> subprocess.Popen:
    """py-spy on the new process for `seconds`, without pausing it per sample."""
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("py-spy")), "record", "-p", str(pid), "-o", str(out), "--format", "speedscope", "--rate",
         str(PROFILE_RATE_HZ), "--duration", str(int(seconds)), "--nonblocking"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )


def _quantiles(values: list[float]) -> dict:
    import numpy as np

    if not values:
        return {"n": 0}
    array = np.array(values)
    return {"n": len(values), "p50": round(float(np.percentile(array, 50)), 1),
            "p99": round(float(np.percentile(array, 99)), 1), "max": round(float(array.max()), 1)}


def _errors_logged(log: Path, offset: int) -> list[str]:
    with open(log, "rb") as f:
        f.seek(offset)
        text = f.read().decode(errors="replace")
    return [line for line in text.splitlines() if any(marker in line for marker in ERROR_MARKERS)]


def storm(redis_url: str, log_dir: Path, rooms: int = 100, participants: int = 20, workers: int = 2,
          kill_after_s: float = 4.0, after_s: float = 10.0, interval_s: float = 4.0,
          profile: Path | None = None) -> dict:
    """W6 with the figures above; the rooms are created on a fresh server first."""
    import numpy as np

    from bench.procs import cpu_sets, free_port, peercircle_rooms, proc_sample, start_server

    # /healthz also on a port of its own (server/health.py), probed beside the main port's
    health_port = free_port()
    env = {"PEERCIRCLE_HEALTH_PORT": str(health_port)}
    pin, _ = cpu_sets()
    core = int(pin[-1]) if pin else None  # the server's CPU, when pinned

    server = start_server("peercircle", redis_url, log_dir, env=env)
    port = server.port
    log = log_dir / f"peercircle-{port}.log"
    plans = asyncio.run(peercircle_rooms(f"http://127.0.0.1:{port}", rooms, participants, 0))
    _, client_cpus = cpu_sets()
    ctx = multiprocessing.get_context("spawn")
    procs, pipes = [], []
    for i in range(workers):
        parent, child = ctx.Pipe()
        spec = StormSpec("127.0.0.1", port, plans[i::workers], interval_s=interval_s, cpus=client_cpus,
                         seed=i + 1, hold=True)
        proc = ctx.Process(target=worker_main, args=(spec, child), daemon=True)
        proc.start()
        procs.append(proc)
        pipes.append(parent)
    health, own_port = HealthProbe("127.0.0.1", port), HealthProbe("127.0.0.1", health_port, keep_alive=False)
    profiler = None
    try:
        connected = sum(pipe.recv()[1] for pipe in pipes)
        for pipe in pipes:
            pipe.send("go")
        time.sleep(kill_after_s)
        t_kill = perf_ns()
        server.process.kill()
        server.process.wait()
        server = start_server("peercircle", redis_url, log_dir, port=port, wait=False, env=env)  # at once, same port
        t_spawn = perf_ns()
        cpu = CpuSampler(server.pid, core)
        cpu.start()
        health.start()
        own_port.start()
        if profile is not None:
            profiler = _profile(server.pid, profile, after_s)
        time.sleep(after_s)  # the storm, then business as usual
        health.stop()
        own_port.stop()
        cpu.stop()
        storm_cpu_s = proc_sample(server.pid)["cpu"]
        for pipe in pipes:
            pipe.send("stop")
        parts = [pipe.recv()[1] for pipe in pipes if pipe.poll(60)]
        still_open = sum(part["connected_at_end"] for part in parts)
        offset = log.stat().st_size
        t_term = perf_ns()
        server.process.send_signal(signal.SIGTERM)  # every client still connected, none reconnecting
        try:
            server.process.wait(SHUTDOWN_WAIT_S)
            shutdown_ms = round((perf_ns() - t_term) / 1e6, 1)
        except subprocess.TimeoutExpired:
            shutdown_ms = None
        shutdown_errors = _errors_logged(log, offset)
        for pipe in pipes:
            pipe.send("close")
    finally:
        server.stop()
        if profiler is not None:
            profiler.wait(30)
        for proc in procs:
            proc.join(5)
            if proc.is_alive():
                proc.kill()
    back = []  # per client: ns of its first welcome after the kill
    for part in parts:
        for welcomes in part["welcomes"]:
            after = [t for t in welcomes if t > t_kill]
            if after:
                back.append(after[0])
    first, last = (min(back), max(back)) if back else (t_kill, t_kill)
    returned = (np.array(back, dtype=float) - t_kill) / 1e6
    storm_cpu = cpu.at(last) - cpu.at(first)
    span_s = max(1e-9, (last - first) / 1e9)
    other_on_core = (cpu.at(last, core=True) - cpu.at(first, core=True) - storm_cpu) if core is not None else None
    # A probe that could not connect before the process listened says nothing about the storm.
    answered = [(sent, ms, status, connect) for sent, ms, status, connect in health.fresh
                if t_spawn <= sent <= last and status is not None]
    listening = min((sent for sent, *_ in answered), default=last)
    failed = [1 for sent, ms, status, _ in health.fresh if listening <= sent <= last and status != 200]
    kept = [(sent, ms, status) for sent, ms, status in health.kept if first <= sent <= last]
    own = [(ms, status) for sent, ms, status, _ in own_port.fresh if listening <= sent <= last]
    total = {key: sum(part[key] for part in parts) for key in
             ("clients", "gaps", "duplicates", "snapshots", "resumed", "rooms", "rooms_disagreeing")}
    return {
        "workload": "W6 alone", "rooms": rooms, "participants": participants, "connections": connected,
        **total, "back": len(back), "connected_before_shutdown": still_open, "window_s": after_s,
        "first_back_after_kill_ms": round((first - t_kill) / 1e6, 1),
        "all_back_after_first_ms": round((last - first) / 1e6, 1),
        "all_back_after_kill_ms": round((last - t_kill) / 1e6, 1),  # fairer across event loops: asyncio's admits in bulk, later
        "back_after_first_ms": {q: round(float(np.percentile(returned, q)) - (first - t_kill) / 1e6, 1)
                                for q in (50, 90, 99)} if back else {},
        "cpu_first_to_last_s": round(storm_cpu, 3),
        "cpu_per_admitted_client_ms": round(storm_cpu * 1e3 / max(1, len(back) - 1), 3),
        "server_core_busy_pct": round(100 * storm_cpu / span_s, 1),
        "other_on_server_core_pct": round(100 * max(0.0, other_on_core) / span_s, 1) if other_on_core is not None else None,
        "cpu_spawn_to_first_s": round(cpu.at(first), 3),
        "new_process_cpu_s": round(storm_cpu_s, 2),
        "healthz_during_storm_ms": _quantiles([ms for _, ms, _, _ in answered]),
        "healthz_connect_during_storm_ms": _quantiles([connect for _, _, _, connect in answered]),
        "healthz_not_200_during_storm": len(failed) + sum(1 for _, _, status in kept if status != 200),
        "healthz_kept_alive_during_storm_ms": _quantiles([ms for _, ms, _ in kept]),
        "healthz_own_port_during_storm_ms": _quantiles([ms for ms, status in own if status is not None]),
        "healthz_own_port_not_200_during_storm": sum(1 for _, status in own if status != 200),
        "healthz_timeline": sorted((round((sent - first) / 1e6), round(connect), round(ms))
                                   for sent, ms, _, connect in answered),  # sent after the first back, connect, total
        "shutdown_ms": shutdown_ms,
        "shutdown_errors_logged": len(shutdown_errors),
        "shutdown_error_lines": shutdown_errors[:5],
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="W6, the reconnect storm, alone (and a graceful shutdown)")
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--participants", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="client processes")
    parser.add_argument("--after", type=float, default=10.0, help="seconds to watch after the respawn")
    parser.add_argument("--interval", type=float, default=4.0, help="seconds between one client's items")
    parser.add_argument("--profile", type=Path, default=None, help="write a py-spy speedscope profile here")
    parser.add_argument("--logs", type=Path, default=None, help="keep the servers' logs in this directory")
    args = parser.parse_args(argv)
    from tests.support.processes import RedisServer

    with tempfile.TemporaryDirectory(prefix="peercircle-storm-") as tmp:
        redis_server = RedisServer(Path(tmp) / "redis").start()
        try:
            logs = args.logs or Path(tmp)
            logs.mkdir(parents=True, exist_ok=True)
            result = storm(redis_server.url, logs, args.rooms, args.participants, args.workers,
                           after_s=args.after, interval_s=args.interval, profile=args.profile)
        finally:
            redis_server.stop()
    print(json.dumps(result), flush=True)
    return result


if __name__ == "__main__":
    from bench.storm import main as storm_main  # the workers unpickle bench.storm's names, not __main__'s

    storm_main()
