"""The app's start-up does before anyone connects what would otherwise hold a live
meeting's loop: anyio's asyncio backend, which anyio loads on first use (the first socket
to leave), is loaded by the lifespan."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import asyncio, sys
from server.app import create_app
from server.config import Settings

BACKEND = "anyio._backends._asyncio"

async def main():
    app = create_app(Settings(redis_url=sys.argv[1], gc_freeze_s=0))
    before = BACKEND in sys.modules
    async with app.router.lifespan_context(app):
        print(before, BACKEND in sys.modules)

asyncio.run(main())
"""


def test_start_up_loads_anyio_s_backend_before_the_first_socket_leaves(redis_server) -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, redis_server.url], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "True"]  # not loaded by the import, loaded by the lifespan
