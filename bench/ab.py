"""A/B runs of one setting, interleaved in the same session (ABCABC...), at one W1-shaped load:

    python -m bench.ab --interval 2 --repeats 3 base gc=BENCH_GC=50000,50,1000 asyncio=BENCH_LOOP=asyncio floor

Each variant is `name[=VAR=value;VAR=value]`: `floor` and `socketio` are the references,
anything else is PeerCircle, started through bench.variant when it sets variables. Some
settings are the bench's own: `PROCESSES=n` runs n server processes, every room split over
them (W5's shape: `python -m bench.ab one two=PROCESSES=2`; with `WHOLE_ROOMS=1` each room stays on
one of them instead; with `OWN_CORES=1` the n-th process runs on the n-th CPU instead of all on
CPU 0), `ROOMS=n` changes the number of rooms (100), `SLOW=f` stops that share of the readers
and `PAD=n` sets the item text's length (W8's shape: `--interval 1 --measure 30 without=ROOMS=50;PAD=1500
slow=ROOMS=50;PAD=1500;SLOW=0.05`), `IDLE_POLL=1` keeps idle CPUs polling for that run
(bench/idle.py: `halting=ROOMS=50 polling=ROOMS=50;IDLE_POLL=1`), `REDIS_CPU=n` pins the bench's
Redis to CPU n for that run (it floats otherwise), and `TREE=path` runs the server of
another checkout, so two versions of the code alternate (`git worktree add /tmp/before HEAD~1`,
then `python -m bench.ab now before=TREE=/tmp/before`). Raw runs go to
bench/results/ab-<time>.json; the medians are printed.
"""

import argparse
import contextlib
import json
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from bench.idle import idle_state, polling_idle
from bench.once import Shape, run_once
from bench.procs import ROOT
from bench.summary import short

ROOMS = 100
TIMING = {"settle": 1.0, "warm": 3.0, "measure": 6.0, "drain": 2.0}


class Variant(NamedTuple):
    name: str
    kind: str  # peercircle, floor or socketio
    env: dict[str, str]  # added to the server's environment
    processes: int
    whole_rooms: bool
    rooms: int
    own_cores: bool
    slow_fraction: float
    pad: int
    idle_poll: bool
    redis_cpu: int | None  # pin the bench's Redis to this CPU for the run (None: it floats)


def parse_variant(text: str) -> Variant:
    name, _, settings = text.partition("=")
    env = dict(pair.split("=", 1) for pair in settings.split(";") if pair) if settings else {}
    processes = int(env.pop("PROCESSES", "1"))
    whole_rooms = env.pop("WHOLE_ROOMS", "") == "1"
    rooms = int(env.pop("ROOMS", str(ROOMS)))
    own_cores = env.pop("OWN_CORES", "") == "1"
    slow_fraction = float(env.pop("SLOW", "0"))
    pad = int(env.pop("PAD", "40"))
    idle_poll = env.pop("IDLE_POLL", "") == "1"
    redis_cpu = int(env.pop("REDIS_CPU")) if "REDIS_CPU" in env else None
    kind = name if name in ("floor", "socketio") else "peercircle"
    tree = env.pop("TREE", None)
    if env:
        env["BENCH_VARIANT"] = "1"
    if tree:
        env["BENCH_TREE"] = tree
    return Variant(name, kind, env, processes, whole_rooms, rooms, own_cores, slow_fraction, pad, idle_poll,
                   redis_cpu)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="+")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between one participant's actions")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--measure", type=float, default=TIMING["measure"], help="measured seconds per run")
    args = parser.parse_args(argv)
    timing = {**TIMING, "measure": args.measure}
    from tests.support.processes import RedisServer
    import redis as redis_py

    runs = []
    with tempfile.TemporaryDirectory(prefix="peercircle-ab-") as tmp:
        redis_server = RedisServer(Path(tmp) / "redis").start()
        client = redis_py.Redis(port=redis_server.port)
        client.port, client.pid = redis_server.port, redis_server.process.pid
        try:
            for _ in range(args.repeats):
                for text in args.variants:
                    variant = parse_variant(text)
                    name, kind, env = variant.name, variant.kind, variant.env
                    saved = dict(os.environ)
                    os.environ.update(env)
                    try:
                        shape = Shape("W1", variant.rooms, 20, interval_s=args.interval, processes=variant.processes,
                                      whole_rooms=variant.whole_rooms, own_cores=variant.own_cores,
                                      slow_fraction=variant.slow_fraction, pad=variant.pad)
                        with polling_idle() if variant.idle_poll else contextlib.nullcontext(), \
                                pinned(redis_server.process.pid, variant.redis_cpu):
                            idle = idle_state()
                            run = run_once(kind, shape, client, timing, Path(tmp), args.workers)
                    finally:
                        os.environ.clear()
                        os.environ.update(saved)
                    run["variant"], run["idle"] = text, idle
                    runs.append(run)
                    print(f"{name:12} {short(run)}", flush=True)
        finally:
            redis_server.stop()
    out = ROOT / "bench" / "results" / f"ab-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"interval_s": args.interval, "timing": timing, "runs": runs}, indent=1) + "\n")
    for text in args.variants:
        mine = [r for r in runs if r["variant"] == text]
        med = lambda *path: statistics.median(_get(r, path) for r in mine)  # noqa: E731
        print(f"{text:40} µs/delivery {med('cpu_us_per_delivery'):.1f}  syscalls/delivery "
              f"{med('syscalls_per_delivery'):.3f}  p99 {med('latency_ms', 'p99'):.1f} ms  "
              f"other CPU {med('other_cpu_pct'):.0f}%")


@contextlib.contextmanager
def pinned(pid: int, cpu: int | None) -> Iterator[None]:
    """Every thread of process `pid` on `cpu` for the block, then as free as it was."""
    if cpu is None:
        yield
        return
    before = {int(t): os.sched_getaffinity(int(t)) for t in os.listdir(f"/proc/{pid}/task")}
    for task in before:
        os.sched_setaffinity(task, {cpu})
    try:
        yield
    finally:
        for task, cpus in before.items():
            with contextlib.suppress(ProcessLookupError):
                os.sched_setaffinity(task, cpus)


def _get(run: dict, path: tuple) -> float:
    for key in path:
        run = run[key]
    return run if run is not None else float("nan")


if __name__ == "__main__":
    main()
