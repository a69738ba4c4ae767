"""PeerCircle's run.py with one runtime setting changed, for A/B runs (`bench.ab`):

    BENCH_LOOP=asyncio   uvicorn's event loop (and BENCH_HTTP, default h11) instead of uvloop/httptools
    BENCH_GC=a,b,c       the garbage collector's thresholds (gc.set_threshold)
    BENCH_GC_FREEZE=s    gc.freeze() every s seconds: what exists by then is never scanned again
    BENCH_GC_LOG=path    append "generation seconds" for every collection of generation 2 to path
    BENCH_PING_S=s       uvicorn's own keepalive, a ping every s seconds (0: none), as before
                         server/realtime/keepalive.py; PeerCircle's sweep then leaves those sockets alone
    BENCH_HEARTBEAT_S=s  the presence heartbeat's interval (server/realtime/heartbeat.py)
    BENCH_KEEPALIVE_SLOTS=n  the keepalive sweep in n slots (server/realtime/keepalive.py):
                         one slot swept every KEEPALIVE_SWEEP_S / n
    BENCH_STALL_LOG=path append "wall-clock lateness_ms" to path whenever the event loop came back
                         to a 5 ms timer more than 5 ms late: when, in a run, the loop was held
    BENCH_EVENTS_LOG=path the server's own log down to debug (closes, keepalive, heartbeat) to path, time-stamped

bench.procs starts this module instead of run.py when BENCH_VARIANT=1 is set.
"""

import gc
import os
import threading
import time

import uvicorn

import run
from protocol.limits import PING_TIMEOUT_S

_uvicorn_run = uvicorn.run


def _run(*args, **kwargs) -> None:
    if os.environ.get("BENCH_LOOP"):
        kwargs["loop"] = os.environ["BENCH_LOOP"]
        kwargs["http"] = os.environ.get("BENCH_HTTP", "h11")
    if os.environ.get("BENCH_PING_S"):
        kwargs["ws_ping_interval"] = float(os.environ["BENCH_PING_S"]) or None
        kwargs["ws_ping_timeout"] = PING_TIMEOUT_S
    if os.environ.get("BENCH_STALL_LOG"):
        from server.app import app

        args = (_with_stall_probe(app, os.environ["BENCH_STALL_LOG"]), *args[1:])
    _uvicorn_run(*args, **kwargs)


def _log_full_collections(path: str) -> None:
    started = [0.0]

    def callback(phase: str, info: dict) -> None:
        if info["generation"] == 0:
            return
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            with open(path, "a") as f:
                f.write(f"{info['generation']} {time.perf_counter() - started[0]:.4f} {info['collected']} {time.time():.2f}\n")

    gc.callbacks.append(callback)


STALL_PROBE_S = 0.005


async def _probe_stalls(path: str) -> None:
    import asyncio

    with open(path, "a", buffering=1) as f:
        while True:
            due = time.perf_counter() + STALL_PROBE_S
            await asyncio.sleep(STALL_PROBE_S)
            late = time.perf_counter() - due
            if late > STALL_PROBE_S:
                f.write(f"{time.time():.3f} {late * 1000:.1f}\n")


def _with_stall_probe(app, path: str):
    """The app, its lifespan starting the probe on the server's own loop."""
    import asyncio

    probe: list[asyncio.Task] = []  # the one task, held so that it is not collected

    async def wrapped(scope, receive, send):
        if scope["type"] == "lifespan" and not probe:
            probe.append(asyncio.get_running_loop().create_task(_probe_stalls(path)))
        await app(scope, receive, send)

    return wrapped


def _freeze_every(seconds: float) -> None:
    while True:
        time.sleep(seconds)
        gc.freeze()


if __name__ == "__main__":
    if os.environ.get("BENCH_GC"):
        gc.set_threshold(*(int(v) for v in os.environ["BENCH_GC"].split(",")))
    if os.environ.get("BENCH_GC_LOG"):
        _log_full_collections(os.environ["BENCH_GC_LOG"])
    if os.environ.get("BENCH_GC_FREEZE"):
        threading.Thread(target=_freeze_every, args=(float(os.environ["BENCH_GC_FREEZE"]),), daemon=True).start()
    if os.environ.get("BENCH_HEARTBEAT_S"):
        from server.realtime import heartbeat

        heartbeat.keep_presence.__defaults__ = (float(os.environ["BENCH_HEARTBEAT_S"]),)
    if os.environ.get("BENCH_KEEPALIVE_SLOTS"):
        from server.realtime import keepalive

        keepalive.SLOTS = int(os.environ["BENCH_KEEPALIVE_SLOTS"])
    if os.environ.get("BENCH_EVENTS_LOG"):
        import logging

        handler = logging.FileHandler(os.environ["BENCH_EVENTS_LOG"])
        handler.setFormatter(logging.Formatter("%(created).3f %(name)s %(message)s"))
        logger = logging.getLogger("peercircle")
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
    run.uvicorn.run = _run
    run.main()
