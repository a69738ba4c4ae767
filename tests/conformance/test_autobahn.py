"""WebSocket conformance: the Autobahn cases, offline, with the `kosoku` runner (pinned),
against an echo route served by the very same stack and limits as /ws.

Allowed deviations, by design: permessage-deflate is off (cases 12.* and 13.* are left
out), messages over 64 KiB are refused with 1009 (the large-message cases of 9.*), and
7.1.5, which the `websockets` protocol implementation answers differently."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ALLOWED_TO_FAIL = re.compile(r"7\.1\.5|9\.\d+\.\d+")
MUST_PASS_IN_9 = {"9.1.1", "9.2.1", "9.7.1", "9.8.1"}  # 64 KiB and small-message rounds
RESULT = re.compile(r"^\s+(\d+(?:\.\d+)+): behavior=(\w+)", re.M)


def kosoku() -> str:
    found = shutil.which("kosoku", path=str(Path(sys.executable).parent)) or shutil.which("kosoku")
    assert found, "kosoku is a test dependency: pip install '.[test]'"
    return found


def test_the_websocket_stack_passes_the_autobahn_cases(start_server, tmp_path) -> None:
    server = start_server(PEERCIRCLE_ECHO="1")
    run = subprocess.run(
        [kosoku(), f"ws://127.0.0.1:{server.port}/ws-echo", "-x", "12.*", "-x", "13.*", "-p", "2",
         "-o", str(tmp_path / "reports")],
        capture_output=True, text=True, timeout=600,
    )
    summary = run.stdout + run.stderr
    ran = re.search(r"wrote reports for (\d+) cases", summary)
    assert ran and int(ran.group(1)) > 250, summary[-2000:]
    failed = {case for case, behavior in RESULT.findall(summary) if behavior not in ("OK", "NON_STRICT", "INFORMATIONAL")}
    assert all(ALLOWED_TO_FAIL.fullmatch(case) for case in failed), sorted(failed)
    assert not failed & MUST_PASS_IN_9, sorted(failed & MUST_PASS_IN_9)
    assert "9.1.2" in failed  # a 256 KiB message: our 64 KiB limit holds (and the parse works)
