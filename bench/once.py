"""One measured run: a fresh server (or several), the load workers, the window, the figures."""

import asyncio
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.loadgen import LoadRun, LoadSpec, perf_ns, S
from bench.procs import cpu_sets, delta, machine_busy_s, peercircle_rooms, proc_sample, reference_rooms, start_server

# Our browser client beats every 10 s (PING_EVERY_MS in client/lib/connection.js) and pings
# when the beat finds it due (`pingDue`); the server answers each with a pong: part of what
# a connection costs, so the load beats the same way (bench/loadgen.py). The references keep
# their own keepalive (a WebSocket or Engine.IO ping every 15 s).
CLIENT_PING_S = 10.0


# --- one run --------------------------------------------------------------------------------


@dataclass
class Shape:
    name: str
    rooms: int
    participants: int
    displays: int = 0
    interval_s: float = 2.0
    slow_fraction: float = 0.0
    processes: int = 1  # PeerCircle server processes sharing the one Redis; rooms split over them
    whole_rooms: bool = False  # each room on one process (affinity) instead of every room over all
    own_cores: bool = False  # each process on a CPU of its own (the load shares the second), not all on CPU 0
    pad: int = 40  # item text length

    @property
    def offered(self) -> float:
        """Deliveries per second offered: actions/s x connections per room."""
        return self.rooms * self.participants / self.interval_s * (self.participants + self.displays)


def percentiles(values, scale: float = 1e6) -> dict:
    if len(values) == 0:
        return {"n": 0, "p50": None, "p90": None, "p99": None, "p999": None, "max": None}
    a = np.frombuffer(values, dtype=np.int64) / scale
    p50, p90, p99, p999 = np.percentile(a, [50, 90, 99, 99.9])
    return {"n": int(a.size), "p50": round(float(p50), 3), "p90": round(float(p90), 3), "p99": round(float(p99), 3),
            "p999": round(float(p999), 3), "max": round(float(a.max()), 3)}


def p99_by_second(values, sent_at, window_s: float) -> list[float | None]:
    """The p99 (ms) of the deliveries of each second's sends: when in the window a tail grew."""
    if len(values) == 0:
        return []
    lat = np.frombuffer(values, dtype=np.int64) / 1e6
    second = np.frombuffer(sent_at, dtype=np.int64) // S
    out: list[float | None] = []
    for s in range(int(window_s)):
        chunk = lat[second == s]
        out.append(round(float(np.percentile(chunk, 99)), 2) if chunk.size else None)
    return out


def sample_servers(pids: list[int]) -> dict:
    """/proc figures summed over the server processes."""
    samples = [proc_sample(pid) for pid in pids]
    return {key: sum(sample[key] for sample in samples) for key in samples[0]}


def run_once(kind: str, shape: Shape, redis, timing: dict, log_dir: Path, workers: int) -> dict:
    redis.flushall()
    servers = [start_server(kind, f"redis://127.0.0.1:{redis.port}/0", log_dir, server_index=i if shape.own_cores else None)
               for i in range(shape.processes)]
    server = servers[0]
    server_pids = [s.pid for s in servers]
    load = None
    try:
        base = f"http://127.0.0.1:{server.port}"
        setup_start = time.monotonic()
        if kind == "peercircle":
            plans = asyncio.run(peercircle_rooms(base, shape.rooms, shape.participants, shape.displays))
        else:
            plans = reference_rooms(shape.rooms, shape.participants, shape.displays)
        setup_s = time.monotonic() - setup_start
        _, client_cpus = cpu_sets()
        spec = LoadSpec(
            dialect="socketio" if kind == "socketio" else "peercircle", host="127.0.0.1", port=server.port,
            path="/socket.io/?EIO=4&transport=websocket" if kind == "socketio" else "/ws",
            rooms=plans, interval_s=shape.interval_s, slow_fraction=shape.slow_fraction, cpus=client_cpus,
            ports=[s.port for s in servers], whole_rooms=shape.whole_rooms, pad=shape.pad,
            app_ping_s=CLIENT_PING_S if kind == "peercircle" else 0.0,
        )
        time.sleep(0.3)
        before_connect = sample_servers(server_pids)
        load = LoadRun(spec, workers)
        connected, failed = load.wait_ready()
        time.sleep(timing["settle"])
        after_connect = sample_servers(server_pids)
        t_start = perf_ns() + int(0.2 * S)
        load.go(t_start, timing["warm"], timing["measure"], timing["drain"])
        w0 = t_start + int(timing["warm"] * S)
        window_at = time.time() + (w0 - perf_ns()) / S  # wall clock, as the server's logs write it
        pids = {"redis": redis.pid, "clients": [p.pid for p in load.procs]}

        def sample_all() -> dict:
            return {"server": sample_servers(server_pids), "redis": proc_sample(pids["redis"]),
                    "clients": [proc_sample(p) for p in pids["clients"]], "busy": machine_busy_s(),
                    "self": time.process_time() + sum(os.times()[2:4])}

        time.sleep(max(0, w0 - perf_ns()) / S)
        first = sample_all()
        time.sleep(max(0, w0 + int(timing["measure"] * S) - perf_ns()) / S)
        last = sample_all()
        result = load.results(timeout=timing["drain"] + timing["measure"] + 60)
    finally:
        if load is not None:
            load.stop()
        for each in servers:
            each.stop()

    window = timing["measure"]
    server_cpu = delta(first["server"], last["server"], "cpu")
    server_ticks = delta(first["server"], last["server"], "utime") + delta(first["server"], last["server"], "stime")
    server_sys = delta(first["server"], last["server"], "stime")
    redis_cpu = delta(first["redis"], last["redis"], "cpu")
    client_cpu = sum(delta(a, b, "cpu") for a, b in zip(first["clients"], last["clients"]))
    ours = server_cpu + redis_cpu + client_cpu + (last["self"] - first["self"])
    recv = result["recv_in_window"]
    expected = result["expected"]
    latency = percentiles(result["lat"])
    return {
        "server": kind, "workload": shape.name, "rooms": shape.rooms, "participants": shape.participants,
        "displays": shape.displays, "interval_s": shape.interval_s, "slow_fraction": shape.slow_fraction,
        "processes": shape.processes, "whole_rooms": shape.whole_rooms, "pad": shape.pad,
        "offered_deliveries_per_s": round(shape.offered), "window_s": window, "window_at": round(window_at, 3),
        "setup_s": round(setup_s, 2),
        "connections": connected, "connect_failures": failed,
        "sent": result["sent"], "acked": result["acked"], "null_acks": result["null_acks"], "errors": result["errors"],
        "error_codes": result["error_codes"], "unanswered": result["unanswered"],
        "app_pings": result["pings"], "app_pongs": result["pongs"],
        "expected": expected, "delivered": result["delivered"],
        "delivered_pct": round(100.0 * result["delivered"] / expected, 4) if expected else None,
        "deliveries_per_s": round(recv / window),
        "latency_ms": latency, "ack_latency_ms": percentiles(result["ack_lat"]),
        "client_lag_ms": percentiles(result["lag"]),
        "p99_by_second_ms": p99_by_second(result["lat"], result["lat_at"], window),
        "server_cpu_pct": round(100 * server_cpu / window, 1),
        "server_kernel_share": round(server_sys / server_ticks, 3) if server_ticks else None,
        "cpu_us_per_delivery": round(server_cpu * 1e6 / recv, 2) if recv else None,
        "syscalls_per_delivery": round(delta(first["server"], last["server"], "syscalls") / recv, 3) if recv else None,
        "switches_per_s": round(delta(first["server"], last["server"], "switches") / window),
        "redis_cpu_pct": round(100 * redis_cpu / window, 1),
        "client_cpu_pct": round(100 * client_cpu / window, 1),
        "client_bound": client_cpu / window > 0.9,
        "other_cpu_pct": round(100 * max(0.0, (last["busy"] - first["busy"]) - ours) / window, 1),
        "rss_kb_before_connect": before_connect["rss_kb"], "rss_kb_connected": after_connect["rss_kb"],
        "rss_kb_per_conn": round((after_connect["rss_kb"] - before_connect["rss_kb"]) / connected, 2) if connected else None,
        "slow": result["slow"], "slow_dropped": result["slow_dropped"], "closed_during_run": result["closed_during_run"],
        "close_codes": result["close_codes"],
    }


