"""Memory under churn: does freezing the heap (server/collector.py) leak?

    python -m bench.churn [--seconds 60]

A frozen object that later becomes part of a garbage cycle is reclaimed only at the next
thaw. This soak makes every kind of garbage a meeting server makes, much faster than
life does: meetings created, joined by 20 people, used (items, hands), left and deleted,
several at a time, for a fixed time, against one server per variant:

    cpython   CPython's own collector schedule (PEERCIRCLE_GC_FREEZE_S=0)
    frozen    sweeps every 0.25 s, never thawed in the window: the worst case of the policy
    policy    the default: sweeps every 0.25 s, a thaw after 2,000 closed connections

Each variant's RSS is sampled every second; the figures are the RSS after the first
meetings (the warm heap) and at the end, and the growth per meeting in between. With
BENCH_GC_LOG the server logs each full collection (length, objects found): a thaw's
line says how much cyclic garbage the frozen heap had gathered.
"""

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path

import httpx2 as httpx
import msgpack
import websockets

from bench.procs import ROOT, proc_sample, start_server

PEOPLE = 20
CONCURRENT_MEETINGS = 6
VARIANTS = {
    "cpython": {"PEERCIRCLE_GC_FREEZE_S": "0"},
    "frozen": {"PEERCIRCLE_GC_FREEZE_S": "0.25", "PEERCIRCLE_GC_THAW_S": "1e9"},
    "policy": {},
}


async def person(url: str, origin: str, token: str, actions: int) -> None:
    async with websockets.connect(url, origin=origin, max_size=2**20) as ws:
        await ws.send(msgpack.packb({"t": "hello", "v": 1, "token": token}))
        while msgpack.unpackb(await ws.recv())["t"] != "welcome":
            pass
        for op in range(actions):
            name, args = ("AddItem", {"kind": "note", "text": f"idea {op}"}) if op % 2 == 0 else ("RaiseHand", {})
            await ws.send(msgpack.packb({"t": "cmd", "op": str(op), "name": name, "args": args}))
        acked = 0
        while acked < actions:
            if msgpack.unpackb(await ws.recv())["t"] in ("ack", "error"):
                acked += 1


async def meeting(http: httpx.AsyncClient, url: str, origin: str, i: int) -> None:
    made = (await http.post("/api/rooms", json={"title": f"churn {i}"})).json()
    invite = made["links"]["participant"].split("#", 1)[1]
    facilitator = made["links"]["facilitator"].split("#", 1)[1]
    tokens = []
    for j in range(PEOPLE):
        joined = await http.post("/api/join", json={"name": f"P{j}"}, headers={"Authorization": f"Bearer {invite}"})
        tokens.append(joined.json()["token"])
    await asyncio.gather(*(person(url, origin, token, 4) for token in tokens))
    await http.delete(f"/api/rooms/{made['room']}", headers={"Authorization": f"Bearer {facilitator}"})


async def soak(port: int, pid: int, seconds: float) -> dict:
    base, url, origin = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/ws", f"http://127.0.0.1:{port}"
    samples: list[tuple[float, int, int]] = []  # (t, meetings done, rss KB)
    done = 0
    start = time.monotonic()
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:

        async def lane(k: int) -> None:
            nonlocal done
            i = k
            while time.monotonic() - start < seconds:
                await meeting(http, url, origin, i)
                done += 1
                i += CONCURRENT_MEETINGS

        async def sample() -> None:
            while True:
                samples.append((time.monotonic() - start, done, proc_sample(pid)["rss_kb"]))
                await asyncio.sleep(1.0)

        sampler = asyncio.create_task(sample())
        await asyncio.gather(*(lane(k) for k in range(CONCURRENT_MEETINGS)))
        await asyncio.sleep(1.5)  # the last sockets' clean-up; a thaw may come
        sampler.cancel()
    samples.append((time.monotonic() - start, done, proc_sample(pid)["rss_kb"]))
    warm = next((s for s in samples if s[1] >= 2 * CONCURRENT_MEETINGS), samples[0])
    end = samples[-1]
    meetings = max(1, end[1] - warm[1])
    return {"meetings": end[1], "connections": end[1] * PEOPLE, "rss_kb_warm": warm[2], "rss_kb_end": end[2],
            "growth_kb_per_meeting": round((end[2] - warm[2]) / meetings, 2), "samples": samples}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args(argv)
    from tests.support.processes import RedisServer

    results = {}
    with tempfile.TemporaryDirectory(prefix="peercircle-churn-") as tmp:
        redis_server = RedisServer(Path(tmp) / "redis").start()
        try:
            for name in args.variants.split(","):
                saved = dict(os.environ)
                os.environ.update(VARIANTS[name], BENCH_VARIANT="1", BENCH_GC_LOG=str(Path(tmp) / f"gc-{name}.log"))
                try:
                    server = start_server("peercircle", f"redis://127.0.0.1:{redis_server.port}/0", Path(tmp))
                finally:
                    os.environ.clear()
                    os.environ.update(saved)
                try:
                    result = asyncio.run(soak(server.port, server.pid, args.seconds))
                finally:
                    server.stop()
                log = (Path(tmp) / f"gc-{name}.log").read_text().split("\n")
                full = [line.split() for line in log if line.startswith("2 ")]
                result["full_collections"] = len(full)
                result["longest_ms"] = round(max((float(f[1]) for f in full), default=0) * 1000, 1)
                result["found_by_largest_three"] = sorted((int(f[2]) for f in full), reverse=True)[:3]
                results[name] = result
                print(f"{name:8} meetings {result['meetings']:4}  RSS {result['rss_kb_warm'] / 1024:.1f} -> "
                      f"{result['rss_kb_end'] / 1024:.1f} MB  ({result['growth_kb_per_meeting']} KB/meeting)  "
                      f"full collections {len(full)}, longest {result['longest_ms']} ms, "
                      f"most found {result['found_by_largest_three']}", flush=True)
        finally:
            redis_server.stop()
    out = ROOT / "bench" / "results" / "churn.json"
    out.write_text(json.dumps({"seconds": args.seconds, "people": PEOPLE, "results": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
