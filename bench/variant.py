"""PeerCircle's run.py with one runtime setting changed, for A/B runs (`bench.ab`):

    BENCH_LOOP=asyncio   uvicorn's event loop (and BENCH_HTTP, default h11) instead of uvloop/httptools
    BENCH_GC=a,b,c       the garbage collector's thresholds (gc.set_threshold)

bench.procs starts this module instead of run.py when BENCH_VARIANT=1 is set.
"""

import gc
import os

import uvicorn

import run

_uvicorn_run = uvicorn.run


def _run(*args, **kwargs) -> None:
    if os.environ.get("BENCH_LOOP"):
        kwargs["loop"] = os.environ["BENCH_LOOP"]
        kwargs["http"] = os.environ.get("BENCH_HTTP", "h11")
    _uvicorn_run(*args, **kwargs)


if __name__ == "__main__":
    if os.environ.get("BENCH_GC"):
        gc.set_threshold(*(int(v) for v in os.environ["BENCH_GC"].split(",")))
    run.uvicorn.run = _run
    run.main()
