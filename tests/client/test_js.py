"""Runs the browser client's JavaScript tests (tests/client/*.test.mjs) with node's own runner."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed: the client's JS tests need Node.js 20+")
def test_client_js_suite() -> None:
    result = subprocess.run(
        [NODE, "--test", "tests/client/"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"node --test failed:\n{result.stdout[-8000:]}\n{result.stderr[-4000:]}"
