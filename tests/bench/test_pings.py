"""bench.pings, at a tiny rate: every ping is answered and its cost is reported."""

import tempfile
from pathlib import Path

import pytest

from bench.pings import measure
from bench.procs import start_server
from tests.support.processes import RedisServer


@pytest.fixture
def server():
    with tempfile.TemporaryDirectory(prefix="peercircle-pings-test-") as tmp:
        redis = RedisServer(Path(tmp) / "redis").start()
        started = start_server("peercircle", f"redis://127.0.0.1:{redis.port}/0", Path(tmp))
        try:
            yield started
        finally:
            started.stop()
            redis.stop()


async def test_every_ping_at_each_rate_gets_its_pong(server):
    idle, *runs = await measure(server.port, server.pid, [40, 80], connections=20, seconds=0.5, settle_s=0.3)
    assert idle["idle_cpu_pct"] >= 0
    assert [run["rate_per_s"] for run in runs] == [40, 80]
    for run in runs:
        assert run["pings"] >= run["rate_per_s"] * 0.5 - 1
        assert run["pongs"] == run["pings"]
        assert isinstance(run["server_cpu_us_per_ping"], float)  # its size is the benchmark's to report
