"""The workloads beyond one load on one server: two processes (W5), the reconnect storm
(W6), thousands of idle connections (W7) and readers that stop reading (W8). Each is
judged against a reference run made right beside it, in the same suite run."""

import asyncio
import multiprocessing
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.loadgen import perf_ns
from bench.once import Shape
from bench.procs import cpu_sets, peercircle_rooms, proc_sample, start_server
from bench.storm import StormSpec, worker_main

Go = Callable[..., dict]
W8_PAD = 1500  # ~1.6 KB item events: a stopped reader's kernel buffers, uvloop's 64 KiB and the outbox fill in seconds
W8_TIMING = {"settle": 1.0, "warm": 3.0, "measure": 30.0, "drain": 2.0}
W7_TIMING = {"settle": 2.0, "warm": 2.0, "measure": 10.0, "drain": 2.0}


def w5(go: Go, repeats: int = 2) -> None:
    """W1's load on one PeerCircle process, then on two (every room split over both, so
    every event crosses Redis to the other process), interleaved."""
    for _ in range(repeats):
        go("peercircle", Shape("W5 1 process", rooms=100, participants=20, interval_s=2.0, processes=1))
        go("peercircle", Shape("W5 2 processes", rooms=100, participants=20, interval_s=2.0, processes=2))


def w7(go: Go, servers: set[str]) -> None:
    """8,000 mostly idle connections (400 rooms x 20, one action each per 30 s):
    memory per connection and the CPU of keeping them (keepalive pings every 15 s)."""
    for kind in ("peercircle", "floor"):
        if kind in servers:
            go(kind, Shape("W7", rooms=400, participants=20, interval_s=30.0), timing=W7_TIMING)


def w8(go: Go) -> None:
    """20k deliveries/s with 1.5 KB items, without and then with 5% of readers that stop
    (4 KB receive buffer) for 30 s: they must be dropped (4008) and the others must not
    notice. 50 rooms x 20 acting every second: each socket gets 20 frames/s, so a stopped
    one fills the kernel's buffers, uvloop's 64 KiB and the 256-frame outbox in ~20 s."""
    shape = {"rooms": 50, "participants": 20, "interval_s": 1.0, "pad": W8_PAD}
    go("peercircle", Shape("W8 without", **shape), timing=W8_TIMING)
    go("peercircle", Shape("W8", **shape, slow_fraction=0.05), timing=W8_TIMING)


def w6(redis, log_dir: Path, rooms: int = 100, participants: int = 20, workers: int = 2,
       kill_after_s: float = 4.0, after_s: float = 10.0) -> dict:
    """2,000 busy clients; SIGKILL the server, start it again on the same port, and time
    every client's way back."""
    redis.flushall()
    url = f"redis://127.0.0.1:{redis.port}/0"
    server = start_server("peercircle", url, log_dir)
    port = server.port
    plans = asyncio.run(peercircle_rooms(f"http://127.0.0.1:{port}", rooms, participants, 0))
    _, client_cpus = cpu_sets()
    ctx = multiprocessing.get_context("spawn")
    procs, pipes = [], []
    for i in range(workers):
        parent, child = ctx.Pipe()
        spec = StormSpec("127.0.0.1", port, plans[i::workers], cpus=client_cpus, seed=i + 1)
        proc = ctx.Process(target=worker_main, args=(spec, child), daemon=True)
        proc.start()
        procs.append(proc)
        pipes.append(parent)
    try:
        connected = sum(pipe.recv()[1] for pipe in pipes)
        for pipe in pipes:
            pipe.send("go")
        time.sleep(kill_after_s)
        redis_before = proc_sample(redis.pid)["cpu"]
        t_kill = perf_ns()
        server.process.kill()
        server.process.wait()
        server = start_server("peercircle", url, log_dir, port=port, wait=False)  # at once, on the same port
        t_spawn = perf_ns()
        time.sleep(after_s)  # the storm, then business as usual
        storm_cpu_s = proc_sample(server.pid)["cpu"]  # the new process: start-up, the storm, the rest
        for pipe in pipes:
            pipe.send("stop")
        parts = [pipe.recv()[1] for pipe in pipes if pipe.poll(60)]
        redis_cpu_s = proc_sample(redis.pid)["cpu"] - redis_before
    finally:
        server.stop()
        for proc in procs:
            proc.join(5)
            if proc.is_alive():
                proc.kill()
    back = []  # per client: ms from the kill to its first welcome after it
    for part in parts:
        for welcomes in part["welcomes"]:
            after = [t for t in welcomes if t > t_kill]
            if after:
                back.append((after[0] - t_kill) / 1e6)
    returned = np.array(back or [np.nan])
    first = float(np.nanmin(returned))  # the new process is serving: the storm starts
    total = {key: sum(part[key] for part in parts) for key in
             ("clients", "connected_at_end", "gaps", "duplicates", "snapshots", "resumed", "rooms", "rooms_disagreeing")}
    return {
        "server": "peercircle", "workload": "W6", "rooms": rooms, "participants": participants,
        "connections": connected, **total, "back": len(back), "window_s": after_s,
        "respawn_ms": round((t_spawn - t_kill) / 1e6, 1),
        "first_back_after_kill_ms": round(first, 1),
        "all_back_after_kill_ms": round(float(np.nanmax(returned)), 1),
        "all_back_after_first_ms": round(float(np.nanmax(returned)) - first, 1),
        "back_after_first_ms": {q: round(float(np.nanpercentile(returned, q)) - first, 1) for q in (50, 90, 99, 100)},
        "new_process_cpu_s": round(storm_cpu_s, 2),
        "redis_cpu_s_kill_to_end": round(redis_cpu_s, 3),
    }
