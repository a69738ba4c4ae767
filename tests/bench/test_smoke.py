"""The benchmark harness keeps working: `python -m bench.run --quick` against real
processes (PeerCircle, the floor, python-socketio; a private redis-server) produces
well-formed results, including a small reconnect storm (W6). No timing assertions: this box's timings are not the test's business."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_run_produces_results(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    headline = json.loads(done.stdout.strip().splitlines()[-1])
    raw = json.loads((tmp_path / "quick.json").read_text())
    raw_time = (tmp_path / "quick.json").stat().st_mtime

    assert set(raw["idle"]) == {"cpuidle_driver", "guest_halt_poll_ns", "latency_limit_us"}  # how the CPUs idled
    runs = {run["server"]: run for run in raw["runs"] if run["workload"] == "W1"}
    assert set(runs) == {"peercircle", "floor", "socketio"}
    for run in runs.values():
        assert run["connections"] > 0 and run["connect_failures"] == 0
        assert run["sent"] > 0 and run["expected"] > 0
        assert run["delivered"] > 0
        assert run["latency_ms"]["n"] == run["delivered"]
        assert run["latency_ms"]["p50"] is not None and run["latency_ms"]["max"] >= run["latency_ms"]["p50"]
        assert run["cpu_us_per_delivery"] is not None and run["syscalls_per_delivery"] is not None
        assert run["rss_kb_per_conn"] is not None
        assert len(run["p99_by_second_ms"]) == int(run["window_s"])
        assert abs(run["window_at"] - raw_time) < 600  # the window's wall-clock start, to line up with server logs
    assert isinstance(headline["cpu_ratio_vs_floor"], float)
    assert isinstance(headline["cpu_ratio_vs_socketio"], float)
    assert set(headline["w1"]) == {"peercircle", "floor", "socketio"}
    assert headline["quick"] is True
    storm = headline["reconnect_storm"]  # W6 in miniature: the server killed and started again
    assert storm["connections"] == storm["clients"] > 0
    assert storm["back"] > 0 and storm["all_back_after_first_ms"] is not None
