"""Two processes racing for one busy room: how many commands get through, and at what cost,
with the room's claim (server/store/lua.py COMMIT) and without it, interleaved A B A B.

    python -m bench.contention [--commands 1800] [--pairs 3]

Two RoomStores on connections of their own stand for two processes (two batchers, two
names), each with a hub for the same room that never hears the other's announcements, so
every commit of one is news to the other: the worst case of a room spread over processes.
Each hub has two writers adding items as fast as their acks come back. Counted per command:
refused (UNAVAILABLE), commits sent to Redis, reads of the log outside a commit, and the
CPU of this process (both "processes" run in it). Writes bench/results/contention.json; the
last line printed is that JSON.
"""

import argparse
import asyncio
import time
from pathlib import Path
from typing import Any

from redis.asyncio import Redis

from bench.pairs import LOOPS, interleave, medians, print_medians, private_redis, run_on, write
from server.domain import Actor, DomainError, Role
from server.domain.commands import AddItem
from server.meetings import create_meeting
from server.realtime import commit_path as hub_module
from server.realtime.hub import RoomHub
from server.store.rooms import RoomStore

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "contention.json"
VARIANTS = ("claim", "no-claim")
WRITERS_PER_PROCESS = 2
FACILITATOR = Actor(Role.FACILITATOR, "p1")


async def run_once(variant: str, url: str, commands: int) -> dict[str, Any]:
    claim_after = hub_module.CLAIM_AFTER_LOSSES
    if variant == "no-claim":
        hub_module.CLAIM_AFTER_LOSSES = hub_module.COMMIT_ATTEMPTS  # never reached: nobody claims
    clients = [Redis.from_url(url) for _ in range(2)]
    stores = [RoomStore(client) for client in clients]
    try:
        for store in stores:
            store.committer.start()
        meeting = await create_meeting(stores[0], "Contention")
        hubs = [RoomHub(meeting.room, store) for store in stores]
        for hub in hubs:
            assert await hub.load()
        await clients[0].config_resetstat()
        each = commands // (2 * WRITERS_PER_PROCESS)

        async def write_items(hub: RoomHub, name: str) -> int:
            refused = 0
            for i in range(each):
                try:
                    await hub.execute(FACILITATOR, AddItem("note", f"{name} {i}"))
                except DomainError:
                    refused += 1
            return refused

        cpu, wall = time.process_time(), time.perf_counter()
        refused = await asyncio.gather(*(write_items(hub, f"{n}/{k}") for k in range(WRITERS_PER_PROCESS)
                                         for n, hub in enumerate(hubs)))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        stats = await clients[0].info("commandstats")
    finally:
        hub_module.CLAIM_AFTER_LOSSES = claim_after
        for store, client in zip(stores, clients):
            await store.committer.stop()
            await client.aclose()
    sent = each * 2 * WRITERS_PER_PROCESS
    calls = lambda name: stats.get(f"cmdstat_{name}", {}).get("calls", 0)  # noqa: E731
    return {
        "variant": variant, "commands": sent, "refused": sum(refused),
        "commands_per_s": round(sent / wall), "cpu_us_per_command": round(cpu / sent * 1e6, 1),
        "commits_per_command": round(calls("evalsha") / sent, 3),
        "log_reads_per_command": round(calls("multi") / sent, 3),
    }


async def measure(commands: int, pairs: int) -> list[dict[str, Any]]:
    with private_redis() as url:
        return await interleave(
            pairs, VARIANTS, lambda variant: run_once(variant, url, commands),
            lambda r: f"{r['variant']:>8}  refused {r['refused']:>4} of {r['commands']}  "
                      f"{r['commands_per_s']:>6,}/s  {r['cpu_us_per_command']:>6.1f} µs CPU/command  "
                      f"{r['commits_per_command']:.2f} commits, {r['log_reads_per_command']:.2f} log reads per command",
        )


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=1800)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    runs = run_on(LOOPS[0], measure(args.commands, args.pairs))
    keys = ("refused", "commands_per_s", "cpu_us_per_command", "commits_per_command", "log_reads_per_command")
    result = {"commands": args.commands, "runs": runs, "median": medians(runs, VARIANTS, keys)}
    print_medians(result, VARIANTS, ("commands_per_s", "commands/s"), ("cpu_us_per_command", "µs CPU/cmd"), args.pairs)
    write(result, args.out)
    return result


if __name__ == "__main__":
    main()
