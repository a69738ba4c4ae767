"""Pub/sub intake: what one message costs the subscribing process through redis-py's
PubSub.get_message against our Subscriber (hiredis on a raw asyncio protocol),
interleaved A B A B in one session.

    python -m bench.intake [--messages 200000] [--pairs 3] [--loop uvloop|asyncio]

A pipelined redis-py publisher in a process of its own sends ~200-byte messages over 100
channels to a private Redis; only the subscribing process's CPU (time.process_time) is
counted, from the publisher's go to the last message in. Writes bench/results/intake.json;
the last line printed is that JSON.
"""

import argparse
import asyncio
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import redis as sync_redis
from redis.asyncio import Redis

from bench.pairs import LOOPS, interleave, medians, print_medians, private_redis, run_on, write
from server.realtime.subscriber import Subscriber

CHANNELS = 100
PAYLOAD_BYTES = 200
PIPELINE_DEPTH = 1000  # commands per round trip of the publisher
RUN_TIMEOUT_S = 60.0
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "intake.json"
VARIANTS = ("redis-py", "subscriber")


def channel_names() -> list[str]:
    return [f"pc:room:bench{i}" for i in range(CHANNELS)]


def publish(url: str, messages: int) -> None:
    """The publisher process: prepare, say ready, wait for go, send everything."""
    client = sync_redis.Redis.from_url(url)
    client.ping()
    names = channel_names()
    payloads = [(b"%08d" % i).ljust(PAYLOAD_BYTES, b"x") for i in range(messages)]
    print("ready", flush=True)
    sys.stdin.readline()
    for start in range(0, messages, PIPELINE_DEPTH):
        pipe = client.pipeline(transaction=False)
        for i in range(start, min(start + PIPELINE_DEPTH, messages)):
            pipe.publish(names[i % CHANNELS], payloads[i])
        pipe.execute()


async def redis_py_intake(redis: Redis, on_message: Callable[[str, bytes], None]) -> Callable[[], Coroutine[Any, Any, None]]:
    """What the subscriber did before: get_message in a loop, a dict per message."""
    pubsub = redis.pubsub()
    await pubsub.subscribe(*channel_names())
    for _ in range(CHANNELS):  # the confirmations
        await pubsub.get_message(timeout=5)

    async def read() -> None:
        while True:
            message = await pubsub.get_message(timeout=None)
            if message is not None and message["type"] == "message":
                on_message(message["channel"].decode(), message["data"])

    task = asyncio.create_task(read())

    async def close() -> None:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await pubsub.aclose()

    return close


async def subscriber_intake(redis: Redis, on_message: Callable[[str, bytes], None]) -> Callable[[], Coroutine[Any, Any, None]]:
    subscriber = Subscriber(redis, on_message, lambda channel: None)
    await subscriber.start()
    await asyncio.gather(*(subscriber.subscribe(name) for name in channel_names()))
    return subscriber.stop


async def run_once(variant: str, url: str, messages: int) -> dict[str, Any]:
    publisher = subprocess.Popen(
        [sys.executable, "-m", "bench.intake", "--publish", url, "--messages", str(messages)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )
    assert publisher.stdin and publisher.stdout
    redis = Redis.from_url(url)
    done = asyncio.get_running_loop().create_future()
    count = 0

    def on_message(channel: str, data: bytes) -> None:
        nonlocal count
        count += 1
        if count == messages:
            done.set_result(None)

    try:
        assert (await asyncio.to_thread(publisher.stdout.readline)).strip() == b"ready"
        intake = redis_py_intake if variant == "redis-py" else subscriber_intake
        close = await intake(redis, on_message)
        cpu, wall = time.process_time(), time.perf_counter()
        publisher.stdin.write(b"go\n")
        publisher.stdin.flush()
        await asyncio.wait_for(done, RUN_TIMEOUT_S)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        await close()
    finally:
        publisher.wait(RUN_TIMEOUT_S)
        await redis.aclose()
    return {
        "variant": variant,
        "messages_per_s": round(messages / wall),
        "cpu_us_per_message": round(cpu / messages * 1e6, 3),
        "wall_s": round(wall, 3),
    }


async def measure(messages: int, pairs: int) -> list[dict[str, Any]]:
    with private_redis() as url:
        # The slow path may fall far behind a pipelined publisher: do not let Redis
        # drop it for its output buffer, which would end the run early.
        sync_redis.Redis.from_url(url).config_set("client-output-buffer-limit", "pubsub 0 0 0")
        return await interleave(
            pairs, VARIANTS, lambda variant: run_once(variant, url, messages),
            lambda r: f"{r['variant']:>10}  {r['messages_per_s']:>9,} msg/s  {r['cpu_us_per_message']:>7.3f} µs CPU/msg",
        )


def summarize(runs: list[dict[str, Any]], messages: int, loop: str) -> dict[str, Any]:
    median = medians(runs, VARIANTS, ("messages_per_s", "cpu_us_per_message"))
    old, new = median["redis-py"], median["subscriber"]
    return {
        "messages": messages,
        "channels": CHANNELS,
        "payload_bytes": PAYLOAD_BYTES,
        "loop": loop,
        "runs": runs,
        "median": median,
        "cpu_ratio": round(old["cpu_us_per_message"] / new["cpu_us_per_message"], 2),
        "throughput_ratio": round(new["messages_per_s"] / old["messages_per_s"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--loop", choices=LOOPS, default=LOOPS[0])
    parser.add_argument("--publish", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.publish:
        publish(args.publish, args.messages)
        return
    runs = run_on(args.loop, measure(args.messages, args.pairs))
    result = summarize(runs, args.messages, args.loop)
    print_medians(result, VARIANTS, ("messages_per_s", "msg/s"), ("cpu_us_per_message", "µs CPU/msg"), args.pairs)
    print(f"CPU per message: {result['cpu_ratio']}x less; throughput {result['throughput_ratio']}x\n")
    write(result, RESULTS)


if __name__ == "__main__":
    main()
