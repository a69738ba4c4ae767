"""Processes and /proc for the benchmark: start a server pinned to a CPU (0 unless told), read its CPU,
syscalls and RSS, the CPU of the whole box, and create the rooms a run needs."""

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx

from bench.loadgen import RoomPlan

ROOT = Path(__file__).resolve().parents[1]
CLK_TCK = os.sysconf("SC_CLK_TCK")
START_TIMEOUT_S = 20.0


# --- processes -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_sets(server_index: int | None = None) -> tuple[list[str], list[int] | None]:
    """Server on CPU 0, clients on CPU 1 (when there are two CPUs and taskset). With a
    `server_index`, the n-th of several server processes goes on the n-th CPU instead
    (wrapping around): how n processes run on an n-core machine, one per core."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) >= 2 and shutil.which("taskset"):
        server = cpus[0] if server_index is None else cpus[server_index % len(cpus)]
        return ["taskset", "-c", str(server)], cpus[1:]
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


def start_server(kind: str, redis_url: str, log_dir: Path, port: int | None = None, wait: bool = True,
                 env: dict[str, str] | None = None, server_index: int | None = None) -> Server:
    """Start a server pinned to CPU 0 (with `server_index`, to a CPU of its own: cpu_sets),
    `env` added to its environment; with `wait`, return once it answers."""
    pin, _ = cpu_sets(server_index)
    port = port or free_port()
    env = {**os.environ, "REDIS_URL": redis_url, "PYTHONUNBUFFERED": "1", **(env or {})}
    root = Path(env.get("BENCH_TREE") or ROOT)  # another checkout's server: code versions side by side
    if kind == "peercircle":
        script = ["-m", "bench.variant"] if os.environ.get("BENCH_VARIANT") else [str(root / "run.py")]
        command = [sys.executable, *script, "--port", str(port), "--log-level", "warning"]
        probe = f"http://127.0.0.1:{port}/healthz"
    elif kind == "floor":
        command = [sys.executable, "-m", "bench.floor_server", "--port", str(port)]
        probe = None
    else:
        command = [sys.executable, "-m", "bench.socketio_server", "--port", str(port)]
        probe = f"http://127.0.0.1:{port}/socket.io/?EIO=4&transport=polling"
    log = open(log_dir / f"{kind}-{port}.log", "ab")
    cwd = root if kind == "peercircle" else ROOT
    process = subprocess.Popen(pin + command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    if not wait:
        return Server(kind, process, port)
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
        rss = switches = 0
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                    switches += int(line.split()[1])  # the main thread's: the event loop's sleeps and preemptions
        return {"utime": utime, "stime": stime, "cpu": cpu, "syscalls": io.get("syscr", 0) + io.get("syscw", 0),
                "rss_kb": rss, "switches": switches}
    except (OSError, IndexError):
        return {"utime": 0.0, "stime": 0.0, "cpu": 0.0, "syscalls": 0, "rss_kb": 0, "switches": 0}


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

