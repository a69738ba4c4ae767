"""The live-delivery benchmark suite: PeerCircle against the floor and a peer, same run.

    python -m bench.run            # the full suite (~10 minutes of a 2-core box)
    python -m bench.run --quick    # a smoke run of a few seconds (tiny load; writes no docs)

For every run it starts a fresh server pinned to CPU 0 (PeerCircle via run.py, the floor
`bench.floor_server`, the peer `bench.socketio_server`), load workers pinned to CPU 1
(bench.loadgen, open loop), and one private redis-server for the whole suite (unpinned,
flushed between runs; never the machine's Redis). Measured per run, over the window:
fan-out latency of every delivery (p50 .. max), delivered / expected, server CPU per
delivery (/proc/PID/stat), syscalls per delivery (/proc/PID/io), Redis CPU, the CPU used
by everything else on the box (noise), and RSS per connection before the load starts.

Workloads (full): W1 100 rooms x 20 participants every 2 s (20k deliveries/s), 3
interleaved repeats of the three servers; a sweep (every 1, 0.5, 0.33 s) for the knee;
W3 40 rooms x 50 (2 displays each) every 2.5 s; W8 W1 with 5% readers that stop reading.
Raw results go to bench/results/, a table and plots into docs/PERFORMANCE.md (full runs),
and the last line printed is the headline JSON.
"""

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import numpy as np

from bench.loadgen import LoadRun, LoadSpec, RoomPlan, perf_ns, S

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DOCS = ROOT / "docs" / "PERFORMANCE.md"
SERVERS = ("peercircle", "floor", "socketio")
CLK_TCK = os.sysconf("SC_CLK_TCK")
START_TIMEOUT_S = 20.0
MARK_START, MARK_END = "<!-- bench.run:start -->", "<!-- bench.run:end -->"


# --- processes -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_sets() -> tuple[list[str], list[int] | None]:
    """Server on CPU 0, clients on CPU 1 (when there are two CPUs and taskset)."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) >= 2 and shutil.which("taskset"):
        return ["taskset", "-c", str(cpus[0])], cpus[1:]
    return [], None


@dataclass
class Server:
    kind: str
    process: subprocess.Popen
    port: int

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(kind: str, redis_url: str, log_dir: Path) -> Server:
    pin, _ = cpu_sets()
    port = free_port()
    env = {**os.environ, "REDIS_URL": redis_url, "PYTHONUNBUFFERED": "1"}
    if kind == "peercircle":
        command = [sys.executable, str(ROOT / "run.py"), "--port", str(port), "--log-level", "warning"]
        probe = f"http://127.0.0.1:{port}/healthz"
    elif kind == "floor":
        command = [sys.executable, "-m", "bench.floor_server", "--port", str(port)]
        probe = None
    else:
        command = [sys.executable, "-m", "bench.socketio_server", "--port", str(port)]
        probe = f"http://127.0.0.1:{port}/socket.io/?EIO=4&transport=polling"
    log = open(log_dir / f"{kind}-{port}.log", "ab")
    process = subprocess.Popen(pin + command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{kind} exited: {(log_dir / f'{kind}-{port}.log').read_text()[-2000:]}")
        try:
            if probe is None:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                return Server(kind, process, port)
            if httpx.get(probe, timeout=1).status_code == 200:
                return Server(kind, process, port)
        except (OSError, httpx.HTTPError):
            pass
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{kind} did not start")


# --- /proc sampling ------------------------------------------------------------------------


def proc_sample(pid: int) -> dict:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        utime, stime = int(fields[11]) / CLK_TCK, int(fields[12]) / CLK_TCK
        io = {}
        with open(f"/proc/{pid}/io") as f:
            for line in f:
                key, value = line.split(":")
                io[key] = int(value)
        try:  # on-CPU time in ns summed over threads: far finer than the 10 ms ticks of stat
            cpu = 0.0
            for task in os.listdir(f"/proc/{pid}/task"):
                try:
                    with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                        cpu += int(f.read().split()[0]) / 1e9
                except OSError:
                    pass  # a thread that just ended
        except (OSError, ValueError, IndexError):
            cpu = utime + stime
        rss = 0
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
        return {"utime": utime, "stime": stime, "cpu": cpu, "syscalls": io.get("syscr", 0) + io.get("syscw", 0), "rss_kb": rss}
    except (OSError, IndexError):
        return {"utime": 0.0, "stime": 0.0, "cpu": 0.0, "syscalls": 0, "rss_kb": 0}


def machine_busy_s() -> float:
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / CLK_TCK


def delta(a: dict, b: dict, key: str) -> float:
    return b[key] - a[key]


# --- room setup ----------------------------------------------------------------------------


async def peercircle_rooms(base: str, rooms: int, participants: int, displays: int) -> list[RoomPlan]:
    gate = asyncio.Semaphore(32)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:

        async def post(path: str, body: dict, token: str | None = None) -> dict:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            async with gate:
                for _ in range(5):
                    response = await http.post(path, json=body, headers=headers)
                    if response.status_code == 201:
                        return response.json()
                    await asyncio.sleep(0.2)
            raise RuntimeError(f"{path}: {response.status_code} {response.text[:200]}")

        async def room(i: int) -> RoomPlan:
            made = await post("/api/rooms", {"title": f"bench {i}"})
            invite = made["links"]["participant"].split("#", 1)[1]
            display = made["links"]["display"].split("#", 1)[1]
            joined = await asyncio.gather(*(post("/api/join", {"name": f"P{j}"}, invite) for j in range(participants)))
            return RoomPlan(made["room"], [j["token"] for j in joined], [display] * displays)

        return list(await asyncio.gather(*(room(i) for i in range(rooms))))


def reference_rooms(rooms: int, participants: int, displays: int) -> list[RoomPlan]:
    return [
        RoomPlan(f"r{i}", [f"r{i}.p{j}" for j in range(participants)], [f"r{i}.d{j}" for j in range(displays)])
        for i in range(rooms)
    ]


# --- one run --------------------------------------------------------------------------------


@dataclass
class Shape:
    name: str
    rooms: int
    participants: int
    displays: int = 0
    interval_s: float = 2.0
    slow_fraction: float = 0.0

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


def run_once(kind: str, shape: Shape, redis, timing: dict, log_dir: Path, workers: int) -> dict:
    redis.flushall()
    server = start_server(kind, f"redis://127.0.0.1:{redis.port}/0", log_dir)
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
        )
        time.sleep(0.3)
        before_connect = proc_sample(server.pid)
        load = LoadRun(spec, workers)
        connected, failed = load.wait_ready()
        time.sleep(timing["settle"])
        after_connect = proc_sample(server.pid)
        t_start = perf_ns() + int(0.2 * S)
        load.go(t_start, timing["warm"], timing["measure"], timing["drain"])
        w0 = t_start + int(timing["warm"] * S)
        pids = {"server": server.pid, "redis": redis.pid, "clients": [p.pid for p in load.procs]}

        def sample_all() -> dict:
            return {"server": proc_sample(pids["server"]), "redis": proc_sample(pids["redis"]),
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
        server.stop()

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
        "offered_deliveries_per_s": round(shape.offered), "window_s": window, "setup_s": round(setup_s, 2),
        "connections": connected, "connect_failures": failed,
        "sent": result["sent"], "acked": result["acked"], "null_acks": result["null_acks"], "errors": result["errors"],
        "error_codes": result["error_codes"], "unanswered": result["unanswered"],
        "expected": expected, "delivered": result["delivered"],
        "delivered_pct": round(100.0 * result["delivered"] / expected, 4) if expected else None,
        "deliveries_per_s": round(recv / window),
        "latency_ms": latency, "ack_latency_ms": percentiles(result["ack_lat"]),
        "client_lag_ms": percentiles(result["lag"]),
        "server_cpu_pct": round(100 * server_cpu / window, 1),
        "server_kernel_share": round(server_sys / server_ticks, 3) if server_ticks else None,
        "cpu_us_per_delivery": round(server_cpu * 1e6 / recv, 2) if recv else None,
        "syscalls_per_delivery": round(delta(first["server"], last["server"], "syscalls") / recv, 3) if recv else None,
        "redis_cpu_pct": round(100 * redis_cpu / window, 1),
        "client_cpu_pct": round(100 * client_cpu / window, 1),
        "client_bound": client_cpu / window > 0.9,
        "other_cpu_pct": round(100 * max(0.0, (last["busy"] - first["busy"]) - ours) / window, 1),
        "rss_kb_before_connect": before_connect["rss_kb"], "rss_kb_connected": after_connect["rss_kb"],
        "rss_kb_per_conn": round((after_connect["rss_kb"] - before_connect["rss_kb"]) / connected, 2) if connected else None,
        "slow": result["slow"], "slow_dropped": result["slow_dropped"], "closed_during_run": result["closed_during_run"],
        "close_codes": result["close_codes"],
    }


# --- the suite ---------------------------------------------------------------------------------


def meets_knee(run: dict) -> bool:
    p99 = run["latency_ms"]["p99"]
    return p99 is not None and p99 <= 100 and (run["delivered_pct"] or 0) >= 99.9


def short(run: dict) -> str:
    lat = run["latency_ms"]
    return (f"{run['server']:10} {run['workload']:8} offered {run['offered_deliveries_per_s']:>7} got "
            f"{run['deliveries_per_s']:>7}/s  p50 {lat['p50']} p99 {lat['p99']} p99.9 {lat['p999']} max {lat['max']} ms  "
            f"delivered {run['delivered_pct']}%  {run['cpu_us_per_delivery']} us/deliv  "
            f"{run['syscalls_per_delivery']} sys/deliv  srv {run['server_cpu_pct']}%  redis {run['redis_cpu_pct']}%  "
            f"client {run['client_cpu_pct']}%  other {run['other_cpu_pct']}%  rss/conn {run['rss_kb_per_conn']} KB")


def median_of(runs: list[dict], path: tuple) -> float | None:
    values = []
    for run in runs:
        value = run
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            values.append(value)
    return round(statistics.median(values), 3) if values else None


def summarize(runs: list[dict]) -> dict:
    def of(kind: str, workload: str) -> list[dict]:
        return [r for r in runs if r["server"] == kind and r["workload"] == workload]

    w1 = {}
    for kind in SERVERS:
        rs = of(kind, "W1")
        if rs:
            w1[kind] = {
                "runs": len(rs),
                "p50_ms": median_of(rs, ("latency_ms", "p50")), "p99_ms": median_of(rs, ("latency_ms", "p99")),
                "p999_ms": median_of(rs, ("latency_ms", "p999")), "max_ms": median_of(rs, ("latency_ms", "max")),
                "delivered_pct": median_of(rs, ("delivered_pct",)),
                "cpu_us_per_delivery": median_of(rs, ("cpu_us_per_delivery",)),
                "cpu_us_per_delivery_range": [min(r["cpu_us_per_delivery"] or 0 for r in rs),
                                              max(r["cpu_us_per_delivery"] or 0 for r in rs)],
                "syscalls_per_delivery": median_of(rs, ("syscalls_per_delivery",)),
                "redis_cpu_pct": median_of(rs, ("redis_cpu_pct",)),
                "rss_kb_per_conn": median_of(rs, ("rss_kb_per_conn",)),
                "other_cpu_pct": median_of(rs, ("other_cpu_pct",)),
            }
    headline: dict = {"w1": w1}
    pc, fl, sio = (w1.get(k, {}).get("cpu_us_per_delivery") for k in SERVERS)
    headline["cpu_ratio_vs_floor"] = round(pc / fl, 3) if pc and fl else None
    headline["cpu_ratio_vs_socketio"] = round(pc / sio, 3) if pc and sio else None
    # at 10k/s every server keeps up, so no CPU figure is inflated by a backlog
    at10k = {r["server"]: r["cpu_us_per_delivery"] for r in runs
             if r["workload"] == "sweep" and r["interval_s"] == 4.0 and r["cpu_us_per_delivery"]}
    pc10, fl10, sio10 = (at10k.get(k) for k in SERVERS)
    headline["cpu_us_per_delivery_10k"] = at10k
    headline["cpu_ratio_vs_floor_10k"] = round(pc10 / fl10, 3) if pc10 and fl10 else None
    headline["cpu_ratio_vs_socketio_10k"] = round(pc10 / sio10, 3) if pc10 and sio10 else None
    knee = {}
    for kind in SERVERS:  # foreign load only ever hurts: a load level passes if any of its runs passed
        verdicts: dict[int, list[bool]] = {}
        for r in runs:
            if r["server"] == kind and r["workload"] in ("W1", "sweep"):
                verdicts.setdefault(r["offered_deliveries_per_s"], []).append(meets_knee(r))
        passed = [load for load, v in verdicts.items() if any(v)]
        highest_ok = max(passed) if passed else None
        above = [load for load, v in verdicts.items() if not any(v) and load > (highest_ok or 0)]
        lowest_failed = min(above) if above else None
        knee[kind] = {"highest_ok": highest_ok, "lowest_failed": lowest_failed,
                      "verdicts": {str(k): v for k, v in sorted(verdicts.items())}}
    headline["knee_deliveries_per_s"] = knee
    slow = of("peercircle", "W8")
    quiet = sorted(of("peercircle", "W1"), key=lambda r: r["other_cpu_pct"])  # the W1 run least disturbed
    base = quiet[0]["latency_ms"]["p99"] if quiet else None
    if slow and base:
        headline["slow_readers"] = {
            "others_p99_ms": slow[0]["latency_ms"]["p99"], "baseline_p99_ms": base,
            "p99_ratio": round(slow[0]["latency_ms"]["p99"] / base, 3) if slow[0]["latency_ms"]["p99"] else None,
            "slow": slow[0]["slow"], "slow_dropped": slow[0]["slow_dropped"], "delivered_pct": slow[0]["delivered_pct"],
        }
    w3 = {r["server"]: {"p99_ms": r["latency_ms"]["p99"], "cpu_us_per_delivery": r["cpu_us_per_delivery"],
                        "delivered_pct": r["delivered_pct"]} for r in runs if r["workload"] == "W3"}
    if w3:
        headline["w3"] = w3
    p = w1.get("peercircle", {})
    headline["targets"] = {
        "cpu_vs_floor_le_1.5": headline["cpu_ratio_vs_floor"] is not None and headline["cpu_ratio_vs_floor"] <= 1.5,
        "cpu_vs_socketio_le_0.4": headline["cpu_ratio_vs_socketio"] is not None
        and headline["cpu_ratio_vs_socketio"] <= 0.4,
        "cpu_vs_socketio_le_0.4_at_10k": headline["cpu_ratio_vs_socketio_10k"] is not None
        and headline["cpu_ratio_vs_socketio_10k"] <= 0.4,
        "w1_p99_le_10ms": p.get("p99_ms") is not None and p["p99_ms"] <= 10,
        "w1_delivered_ge_99.99": p.get("delivered_pct") is not None and p["delivered_pct"] >= 99.99,
        "knee_ge_60k": (knee.get("peercircle", {}).get("highest_ok") or 0) >= 60000,
        "idle_le_30kb_per_conn": p.get("rss_kb_per_conn") is not None and p["rss_kb_per_conn"] <= 30,
        "slow_readers_p99_within_20pct": bool(headline.get("slow_readers", {}).get("p99_ratio"))
        and headline["slow_readers"]["p99_ratio"] <= 1.2,
    }
    return headline


def plan(quick: bool, repeats: int = 3, measure: float = 8.0) -> tuple[list[tuple[str, Shape]], dict, list[float]]:
    if quick:
        shape = Shape("W1", rooms=2, participants=5, displays=1, interval_s=0.5)
        return [(k, shape) for k in SERVERS], {"settle": 0.2, "warm": 0.3, "measure": 1.0, "drain": 0.4}, []
    w1 = Shape("W1", rooms=100, participants=20, interval_s=2.0)
    runs = [(k, w1) for _ in range(repeats) for k in SERVERS]  # interleaved: ABC ABC ABC
    return runs, {"settle": 1.0, "warm": 3.0, "measure": measure, "drain": 2.0}, [4.0, 1.0, 0.5, 0.33]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few seconds; writes no docs")
    parser.add_argument("--out", type=Path, default=None, help="results directory (default bench/results)")
    parser.add_argument("--workers", type=int, default=2, help="load worker processes")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/PERFORMANCE.md")
    parser.add_argument("--repeats", type=int, default=3, help="W1 repeats (interleaved)")
    parser.add_argument("--measure", type=float, default=8.0, help="measured seconds per run (full mode)")
    parser.add_argument("--servers", default=",".join(SERVERS), help="comma-separated servers to run")
    parser.add_argument("--only", default="", help="comma-separated workloads to run (W1,sweep,W3,W8)")
    args = parser.parse_args(argv)
    out = args.out or RESULTS
    out.mkdir(parents=True, exist_ok=True)
    from tests.support.processes import RedisServer

    only = set(filter(None, args.only.split(",")))
    runs: list[dict] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="peercircle-bench-") as tmp:
        redis_server = RedisServer(Path(tmp) / "redis").start()
        import redis as redis_py

        client = redis_py.Redis(port=redis_server.port)
        client.port, client.pid = redis_server.port, redis_server.process.pid
        log_dir = Path(tmp)
        try:
            schedule, timing, sweep = plan(args.quick, args.repeats, args.measure)

            chosen = set(args.servers.split(","))
            schedule = [(k, s) for k, s in schedule if k in chosen]

            def go(kind: str, shape: Shape) -> dict:
                run = run_once(kind, shape, client, timing, log_dir, args.workers)
                runs.append(run)
                print(short(run), flush=True)
                return run

            if not only or "W1" in only:
                for kind, shape in schedule:
                    go(kind, shape)
            if sweep and (not only or "sweep" in only):
                # one step below W1 for everyone, then upward while a server still meets the knee
                alive = set(SERVERS) & chosen
                for kind in SERVERS:
                    w1_runs = [r for r in runs if r["server"] == kind and r["workload"] == "W1"]
                    if w1_runs and statistics.median(1 if meets_knee(r) else 0 for r in w1_runs) < 1:
                        alive.discard(kind)
                for interval in sweep:
                    for kind in SERVERS:
                        if kind in chosen and (kind in alive or interval > 2.0):
                            run = go(kind, Shape("sweep", rooms=100, participants=20, interval_s=interval))
                            if interval < 2.0 and (not meets_knee(run) or run["client_bound"]):
                                alive.discard(kind)  # past its knee: a higher load tells nothing more
            if not args.quick and (not only or "W3" in only):
                for kind in ("peercircle", "floor"):
                    if kind in chosen:
                        go(kind, Shape("W3", rooms=40, participants=48, displays=2, interval_s=2.5))
            if not args.quick and (not only or "W8" in only) and "peercircle" in chosen:
                go("peercircle", Shape("W8", rooms=100, participants=20, interval_s=2.0, slow_fraction=0.05))
        finally:
            redis_server.stop()
    headline = summarize(runs)
    headline["elapsed_s"] = round(time.monotonic() - started, 1)
    headline["quick"] = args.quick
    stamp = time.strftime("%Y%m%d-%H%M%S")
    raw = {"when": stamp, "quick": args.quick, "timing": timing, "cpus": os.cpu_count(), "runs": runs,
           "headline": headline}
    name = "quick.json" if args.quick else f"suite-{stamp}.json"
    (out / name).write_text(json.dumps(raw, indent=1) + "\n")
    if not args.quick:
        (out / "suite-latest.json").write_text(json.dumps(raw, indent=1) + "\n")
        plots = write_plots(runs, out)
        if not args.no_docs:
            from bench.report import write_docs
            write_docs(DOCS, raw, plots)
    print(json.dumps(headline))
    return headline


def write_plots(runs: list[dict], out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths = []
    points = [r for r in runs if r["workload"] in ("W1", "sweep")]  # same rooms, load by interval
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    for kind, colour in zip(SERVERS, ("tab:blue", "tab:green", "tab:red")):
        by_load: dict[int, list[dict]] = {}
        for r in points:
            if r["server"] == kind and r["latency_ms"]["p99"] is not None:
                by_load.setdefault(r["offered_deliveries_per_s"], []).append(r)
        loads = sorted(by_load)
        if not loads:
            continue
        # of several runs at one load, the one the rest of the box disturbed least (foreign load only hurts)
        best = {x: min(by_load[x], key=lambda r: r["other_cpu_pct"]) for x in loads}
        for key, style in (("p50", ":"), ("p99", "-")):
            ax1.plot([x / 1000 for x in loads], [best[x]["latency_ms"][key] for x in loads],
                     style, marker="o", color=colour, label=f"{kind} {key}")
        ax2.plot([x / 1000 for x in loads], [median_of(by_load[x], ("cpu_us_per_delivery",)) for x in loads],
                 "-", marker="o", color=colour, label=kind)
    ax1.set_yscale("log")
    ax1.axhline(100, color="grey", lw=0.8)
    ax1.set_xlabel("offered deliveries/s (thousands)")
    ax1.set_ylabel("fan-out latency (ms, log)")
    ax1.set_title("Latency vs load (100 rooms x 20; least-disturbed run)", fontsize=10)
    ax1.legend(fontsize=7)
    ax2.set_xlabel("offered deliveries/s (thousands)")
    ax2.set_ylabel("server CPU µs per delivery")
    ax2.set_title("CPU per delivery vs load")
    ax2.legend(fontsize=7)
    fig.tight_layout()
    path = out / "latency_vs_load.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    paths.append(path)
    return paths


if __name__ == "__main__":
    main()
