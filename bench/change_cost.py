"""Does one change cost more on a full board? Commit cost on an empty board against one
with 1,000 flipchart items, interleaved in the same run, reported as a ratio.

    python -m bench.change_cost [--changes 4000]

It drives the real commit path in-process (decide, encode, one Lua commit through the
pipelined committer, evolve, fan-out to no sockets) against a private embedded Redis,
and writes bench/results/change_cost.json; the last line printed is that JSON.
"""

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

from redis.asyncio import Redis

from bench.pairs import private_redis
from server.domain import Actor, Role
from server.domain.commands import AddItem, EditItem
from server.meetings import create_meeting
from server.realtime.hub import RoomHub
from server.store.rooms import RoomStore

FULL_BOARD = 1000
BLOCK = 100
RESULTS = Path(__file__).parent / "results" / "change_cost.json"
HOST = Actor(Role.FACILITATOR, "p1")


async def board(store: RoomStore, items: int) -> tuple[RoomHub, str]:
    meeting = await create_meeting(store, f"{items} items")
    hub = RoomHub(meeting.room, store)
    await hub.load()
    for i in range(max(items, 1)):
        await hub.execute(HOST, AddItem("note", f"item {i} " + "x" * 80))
    return hub, next(iter(hub.state.items))


async def measure(changes: int) -> dict:
    with private_redis() as url:
        redis = Redis.from_url(url)
        store = RoomStore(redis)
        store.committer.start()
        try:
            empty, full = await board(store, 1), await board(store, FULL_BOARD)
            samples: dict[str, list[float]] = {"empty": [], "full": []}
            cpu: dict[str, float] = {"empty": 0.0, "full": 0.0}
            for block in range(changes // BLOCK):
                for name, (hub, item) in (("empty", empty), ("full", full))[:: 1 if block % 2 else -1]:
                    cpu_start = time.process_time()
                    for n in range(BLOCK):
                        start = time.perf_counter()
                        await hub.execute(HOST, EditItem(item, text=f"edit {block}-{n}"))
                        samples[name].append(time.perf_counter() - start)
                    cpu[name] += time.process_time() - cpu_start
            for hub in (empty[0], full[0]):
                await asyncio.gather(*hub._tasks)  # let the last snapshots land
        finally:
            await store.committer.stop()
            await redis.aclose()
    result = {"board_items": FULL_BOARD, "changes_per_board": len(samples["empty"])}
    for name in ("empty", "full"):
        result[f"{name}_median_us"] = round(statistics.median(samples[name]) * 1e6, 1)
        result[f"{name}_p99_us"] = round(statistics.quantiles(samples[name], n=100)[98] * 1e6, 1)
        result[f"{name}_cpu_us_per_change"] = round(cpu[name] / len(samples[name]) * 1e6, 1)
    result["ratio_median"] = round(result["full_median_us"] / result["empty_median_us"], 3)
    result["ratio_cpu"] = round(result["full_cpu_us_per_change"] / result["empty_cpu_us_per_change"], 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=4000)
    args = parser.parse_args()
    result = asyncio.run(measure(args.changes))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
