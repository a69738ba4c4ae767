"""What the micro-benchmarks of one path share (bench.intake, bench.wire, bench.contention,
bench.change_cost): a private Redis, variants run A B A B in one session, on the loop
production runs, their medians, the JSON written."""

import asyncio
import contextlib
import json
import statistics
import tempfile
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

from run import start_embedded_redis, stop

LOOPS = ("uvloop", "asyncio")  # production runs uvloop


@contextlib.contextmanager
def private_redis() -> Iterator[str]:
    """A redis-server of our own (AOF everysec, as the tests and the suite run it) for the
    block; its URL. Stopped and its data gone afterwards."""
    with tempfile.TemporaryDirectory() as data:
        process, url = start_embedded_redis(Path(data), "everysec")
        try:
            yield url
        finally:
            stop(process)


def run_on(loop: str, coroutine: Coroutine[Any, Any, Any]) -> Any:
    if loop == "uvloop":
        import uvloop

        return uvloop.run(coroutine)
    return asyncio.run(coroutine)


def medians(runs: list[dict[str, Any]], variants: tuple[str, ...], keys: tuple[str, ...]) -> dict[str, dict[str, float]]:
    return {variant: {key: statistics.median(r[key] for r in runs if r["variant"] == variant) for key in keys}
            for variant in variants}


def write(result: dict[str, Any], path: Path) -> None:
    """Keep the result in the repo; its JSON is the last line printed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


async def interleave(pairs: int, variants: tuple[str, ...], run_one: Callable[[str], Awaitable[dict[str, Any]]],
                     show: Callable[[dict[str, Any]], str]) -> list[dict[str, Any]]:
    """Every variant once per pair, in order, each run printed as it ends."""
    runs = []
    for pair in range(pairs):
        for variant in variants:
            runs.append({"pair": pair, **await run_one(variant)})
            print(show(runs[-1]), flush=True)
    return runs


def print_medians(result: dict[str, Any], variants: tuple[str, ...], rate: tuple[str, str],
                  cpu: tuple[str, str], pairs: int) -> None:
    """The medians table: `rate` and `cpu` are (result key, column title)."""
    width = max(len(v) for v in variants)
    print(f"\n{'':>{width}}  {rate[1]:>9}  {cpu[1]:>11}   (medians of {pairs})")
    for variant in variants:
        m = result["median"][variant]
        print(f"{variant:>{width}}  {m[rate[0]]:>9,.0f}  {m[cpu[0]]:>11.3f}")
