"""The batcher's round trip: what one commit-shaped script call costs the calling process
through redis-py's connection (what the batcher used before), through our command wire
(hiredis on a raw asyncio protocol) with a task per round trip, and through the wire with
the round trip in callbacks (what the batcher does now), interleaved A B C A B C.

    python -m bench.wire [--calls 20000] [--pairs 3] [--loop uvloop|asyncio]

One call in flight at a time, as a room's commit mostly is: an EVALSHA with the commit's
keys and arguments (a 150-byte event, a 200-byte announcement) answered with the
commit's reply. Only the calling process's CPU (time.process_time) is counted. Writes
bench/results/wire.json; the last line printed is that JSON.
"""

import argparse
import time
from pathlib import Path
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from bench.pairs import LOOPS, interleave, medians, print_medians, private_redis, run_on, write
from server.store.batcher import Batcher

SCRIPT = "redis.call('SET', KEYS[1], ARGV[2]) return {1, tonumber(ARGV[1]) + 1}"  # a commit's reply shape
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "wire.json"
VARIANTS = ("redis-py", "wire-task", "wire")


def commit_args(i: int) -> tuple[list[str], list[Any]]:
    keys = ["pc:room:bench:meta", "pc:room:bench:log", "pc:room:bench:ops"]
    return keys, [i, "epoch-0123456789", "pc:room:bench", b"a" * 200, 0, 1, f"op:{i}", 1, b"e" * 150]


class RedisPyBatcher(Batcher):
    """The batcher as it was: a task per round trip, its pipelines over a kept redis-py
    pool connection (it never opens a wire, so every round trip takes the task path)."""

    _connection: Any = None

    @staticmethod
    def _encode(args: tuple[Any, ...]) -> bytes:
        return b""  # redis-py packs the commands itself

    async def _exchange(self, batch: list[Any]) -> list[Any]:
        if self._connection is None:
            self._connection = await self._redis.connection_pool.get_connection()
        connection, callbacks = self._connection, self._redis.response_callbacks
        commands = [request.args for request in batch]
        await connection.send_packed_command(connection.pack_commands(commands), check_health=False)
        replies: list[Any] = []
        for args in commands:
            try:
                reply = await connection.read_response()
            except ResponseError as refused:
                replies.append(refused)
                continue
            callback = callbacks.get(str(args[0]))
            replies.append(callback(reply) if callback else reply)
        return replies

    def close(self) -> None:
        if self._connection is not None:
            self._redis.connection_pool._in_use_connections.discard(self._connection)
            self._connection = None


class TaskBatcher(Batcher):
    """The command wire, every round trip through the task path (as its first version was)."""

    def _known(self, batch: list[Any]) -> bool:
        return False


KINDS: dict[str, type[Batcher]] = {"redis-py": RedisPyBatcher, "wire-task": TaskBatcher, "wire": Batcher}


async def calls_through(kind: type[Batcher], redis: Redis, calls: int) -> None:
    batcher = kind(redis)
    try:
        for i in range(calls):
            await batcher.script(SCRIPT, *commit_args(i))
    finally:
        batcher.close()


async def run_once(variant: str, url: str, calls: int) -> dict[str, Any]:
    redis = Redis.from_url(url)
    try:
        kind = KINDS[variant]
        await calls_through(kind, redis, 200)  # warm: connection, script cache
        cpu, wall = time.process_time(), time.perf_counter()
        await calls_through(kind, redis, calls)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        await redis.aclose()
    return {"variant": variant, "calls_per_s": round(calls / wall), "cpu_us_per_call": round(cpu / calls * 1e6, 2)}


async def measure(calls: int, pairs: int) -> list[dict[str, Any]]:
    with private_redis() as url:
        return await interleave(
            pairs, VARIANTS, lambda variant: run_once(variant, url, calls),
            lambda r: f"{r['variant']:>9}  {r['calls_per_s']:>7,} calls/s  {r['cpu_us_per_call']:>6.2f} µs CPU/call",
        )


def summarize(runs: list[dict[str, Any]], calls: int, loop: str) -> dict[str, Any]:
    median = medians(runs, VARIANTS, ("calls_per_s", "cpu_us_per_call"))
    old, new = median["redis-py"], median["wire"]
    return {"calls": calls, "loop": loop, "runs": runs, "median": median,
            "cpu_ratio": round(old["cpu_us_per_call"] / new["cpu_us_per_call"], 2),
            "cpu_ratio_task": round(old["cpu_us_per_call"] / median["wire-task"]["cpu_us_per_call"], 2),
            "throughput_ratio": round(new["calls_per_s"] / old["calls_per_s"], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--loop", choices=LOOPS, default=LOOPS[0])
    args = parser.parse_args()
    runs = run_on(args.loop, measure(args.calls, args.pairs))
    result = summarize(runs, args.calls, args.loop)
    print_medians(result, VARIANTS, ("calls_per_s", "calls/s"), ("cpu_us_per_call", "µs CPU/call"), args.pairs)
    print(f"CPU per call against redis-py: {result['cpu_ratio_task']}x less with a task per round trip, "
          f"{result['cpu_ratio']}x less in callbacks; throughput {result['throughput_ratio']}x\n")
    write(result, RESULTS)


if __name__ == "__main__":
    main()
