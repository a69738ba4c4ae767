"""The load generator speaks PeerCircle as the browser client does: commands on each
participant's schedule, and the client's own `ping` from every connection still reading."""

import asyncio
import re
from pathlib import Path

from bench.loadgen import LoadRun, LoadSpec, S, perf_ns
from bench.once import CLIENT_PING_S
from bench.procs import peercircle_rooms
from tests.support.processes import PeerCircleServer

ROOT = Path(__file__).resolve().parents[2]


def test_the_load_pings_as_often_as_the_browser_client() -> None:
    source = (ROOT / "client" / "lib" / "connection.js").read_text()
    every_ms = int(re.search(r"export const PING_EVERY_MS = (\d+);", source).group(1))
    assert CLIENT_PING_S * 1000 == every_ms


def run_load(server: PeerCircleServer, app_ping_s: float) -> tuple[int, dict]:
    plans = asyncio.run(peercircle_rooms(f"http://127.0.0.1:{server.port}", 2, 4, 1))
    spec = LoadSpec(dialect="peercircle", host="127.0.0.1", port=server.port, path="/ws", rooms=plans,
                    interval_s=1.0, app_ping_s=app_ping_s)
    load = LoadRun(spec, workers=1)
    try:
        connected, failed = load.wait_ready(timeout=30)
        assert (connected, failed) == (10, 0)
        load.go(perf_ns() + int(0.1 * S), 0.2, 1.0, 0.3)
        return connected, load.results(timeout=60)
    finally:
        load.stop()


def test_every_reading_connection_pings_on_its_own_schedule_and_is_answered(server: PeerCircleServer) -> None:
    connected, result = run_load(server, app_ping_s=0.25)
    # 1.2 s of schedule at one ping per 0.25 s: at least four from each of the ten connections
    assert result["pongs"] >= 4 * connected
    assert result["sent"] > 0 and result["delivered"] == result["expected"] > 0 and result["errors"] == 0


def test_without_a_ping_interval_the_load_sends_commands_only(server: PeerCircleServer) -> None:
    _, result = run_load(server, app_ping_s=0.0)
    assert result["pongs"] == 0 and result["sent"] > 0
