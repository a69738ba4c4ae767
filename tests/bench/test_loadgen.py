"""The load generator speaks PeerCircle as the browser client does: commands on each
participant's schedule, and the client's own beat from every connection still reading:
a `ping` when the socket was quiet or the clock's sample is due, none otherwise."""

import asyncio
import re
from pathlib import Path

from bench.loadgen import LoadRun, LoadSpec, S, perf_ns
from bench.once import CLIENT_PING_S
from bench.procs import peercircle_rooms
from tests.support.processes import PeerCircleServer

ROOT = Path(__file__).resolve().parents[2]


def client_constant(name: str) -> int:
    source = (ROOT / "client" / "lib" / "connection.js").read_text()
    return int(re.search(rf"export const {name} = (\d+);", source).group(1))


def test_the_load_beats_as_the_browser_client() -> None:
    spec = LoadSpec(dialect="peercircle", host="", port=0, path="/ws", rooms=[], app_ping_s=CLIENT_PING_S)
    assert CLIENT_PING_S * 1000 == client_constant("PING_EVERY_MS")
    assert spec.app_quiet_s * 1000 == client_constant("QUIET_AFTER_MS")
    assert spec.app_clock_s * 1000 == client_constant("CLOCK_EVERY_MS")


def run_load(server: PeerCircleServer, app_ping_s: float, quiet_s: float = 5.0, clock_s: float = 60.0) -> tuple[int, dict]:
    plans = asyncio.run(peercircle_rooms(f"http://127.0.0.1:{server.port}", 2, 4, 1))
    spec = LoadSpec(dialect="peercircle", host="127.0.0.1", port=server.port, path="/ws", rooms=plans,
                    interval_s=1.0, app_ping_s=app_ping_s, app_quiet_s=quiet_s, app_clock_s=clock_s)
    load = LoadRun(spec, workers=1)
    try:
        connected, failed = load.wait_ready(timeout=30)
        assert (connected, failed) == (10, 0)
        load.go(perf_ns() + int(0.1 * S), 0.2, 1.0, 0.3)
        return connected, load.results(timeout=60)
    finally:
        load.stop()


def test_a_quiet_socket_pings_on_every_beat_and_is_answered(server: PeerCircleServer) -> None:
    connected, result = run_load(server, app_ping_s=0.25, quiet_s=0.0)  # every socket counts as quiet
    # 1.2 s of schedule at one beat per 0.25 s: at least four pings from each of the ten connections
    assert result["pings"] >= 4 * connected
    assert result["pongs"] == result["pings"]
    assert result["sent"] > 0 and result["delivered"] == result["expected"] > 0 and result["errors"] == 0


def test_a_socket_that_hears_the_room_pings_only_for_its_clock(server: PeerCircleServer) -> None:
    # Four people acting every second: each socket hears a frame every ~0.25 s, never quiet for 10 s.
    connected, result = run_load(server, app_ping_s=0.25, quiet_s=10.0, clock_s=0.5)
    # 1.2 s at a clock sample per 0.5 s: two or three each, where every beat would have made four
    assert connected <= result["pings"] <= 3 * connected
    assert result["pongs"] == result["pings"]


def test_a_busy_socket_with_a_settled_clock_sends_no_ping(server: PeerCircleServer) -> None:
    # each socket's last clock sample at a random moment of the last hour (a fixed seed): none
    # falls due within the 1.2 s
    _, result = run_load(server, app_ping_s=0.25, quiet_s=10.0, clock_s=3600.0)
    assert result["pings"] == 0 and result["sent"] > 0


def test_without_a_beat_the_load_sends_commands_only(server: PeerCircleServer) -> None:
    _, result = run_load(server, app_ping_s=0.0)
    assert result["pings"] == result["pongs"] == 0 and result["sent"] > 0
