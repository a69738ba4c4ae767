"""`python run.py` on a fresh machine: embedded Redis, restarts that keep meetings,
several workers, and a clean stop on Ctrl-C."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import psutil

from tests.support.client import Client, create_room, token_of
from tests.support.processes import ROOT, free_port

START_TIMEOUT_S = 20.0


def launch(data_dir: Path, port: int, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "run.py"), "--port", str(port), "--data-dir", str(data_dir), *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read().decode()[-2000:]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("run.py did not serve in time")


def interrupt(process: subprocess.Popen) -> int:
    """Ctrl-C, as a terminal sends it."""
    family = [process, *psutil.Process(process.pid).children(recursive=True)]
    process.send_signal(signal.SIGINT)
    code = process.wait(15)
    gone, alive = psutil.wait_procs([psutil.Process(p.pid) for p in family[1:] if psutil.pid_exists(p.pid)], timeout=10)
    assert not alive, f"left running: {alive}"
    return code


async def test_a_meeting_survives_a_restart_on_the_embedded_redis(tmp_path: Path) -> None:
    port = free_port()
    first = launch(tmp_path / "var", port)
    try:
        base = f"http://127.0.0.1:{port}"
        room = await create_room(base, "Still here after a restart")
        fac = await Client.connect(f"ws://127.0.0.1:{port}/ws", token_of(room["links"]["facilitator"]))
        seq = await fac.ok("AddItem", kind="lesson", text="Write it down")
        await fac.close()
    finally:
        code = interrupt(first)
    assert code == 0
    assert (tmp_path / "var" / "appendonly.aof").exists() or list((tmp_path / "var").glob("appendonly*"))
    second = launch(tmp_path / "var", port)
    try:
        again = await Client.connect(f"ws://127.0.0.1:{port}/ws", token_of(room["links"]["facilitator"]))
        assert again.welcome["seq"] >= seq
        assert again.state["title"] == "Still here after a restart"
        assert [i["text"] for i in again.state["items"]] == ["Write it down"]
        await again.close()
    finally:
        interrupt(second)


async def test_several_workers_share_one_redis(tmp_path: Path) -> None:
    port = free_port()
    process = launch(tmp_path / "var", port, "--workers", "2")
    try:
        workers = [p for p in psutil.Process(process.pid).children(recursive=True) if "redis" not in p.name()]
        assert len(workers) >= 2
        base, ws = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/ws"
        room = await create_room(base)
        clients = [await Client.connect(ws, token_of(room["links"]["display"])) for _ in range(6)]
        fac = await Client.connect(ws, token_of(room["links"]["facilitator"]))
        last = await fac.ok("NextRound")
        for client in clients:
            await client.wait_seq(last)
            assert client.events[-1]["type"] == "RoundStarted"
    finally:
        assert interrupt(process) == 0
