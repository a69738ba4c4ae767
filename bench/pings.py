"""What one message costs the server, by how often messages come: the thin-load effect.

    python -m bench.pings [--rates 200,1000,2000,200] [--connections 200]

One PeerCircle process (pinned like every bench server) with `connections` sockets in
rooms of ten; the browser client's own `ping` is sent round-robin over them at each rate
in turn for SECONDS_PER_RATE, and the server's CPU (its threads' run time from the
scheduler, read as every bench run reads it: `bench.procs.proc_sample`) is divided by
the pongs that came back. The idle server's own CPU over the same time is taken first and
subtracted, so the figure is what the pings cost. A ping touches no Redis and no room:
what changes with the rate is only how often the server wakes from idle to serve one.
Writes bench/results/pings.json; the last line printed is that JSON.
"""

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path

import msgpack
import websockets

from bench.procs import ROOT, cpu_sets, proc_sample, start_server
from tests.support.client import create_room, join, token_of
from tests.support.processes import RedisServer

SECONDS_PER_RATE = 6.0
PER_ROOM = 10
SETTLE_S = 2.0
RESULTS = ROOT / "bench" / "results" / "pings.json"
PING = msgpack.packb({"t": "ping", "ts": 1.0})


async def connect(base: str, ws_url: str, connections: int) -> list:
    sockets = []
    for _ in range(0, connections, PER_ROOM):
        room = await create_room(base)
        for i in range(PER_ROOM):
            token = await join(base, token_of(room["links"]["participant"]), f"P{i}")
            ws = await websockets.connect(ws_url, origin=base, compression=None)
            await ws.send(msgpack.packb({"t": "hello", "v": 1, "token": token}))
            sockets.append(ws)
    return sockets


async def measure(port: int, pid: int, rates: list[int], connections: int,
                  seconds: float = SECONDS_PER_RATE, settle_s: float = SETTLE_S) -> list[dict]:
    """[{"idle_cpu_pct"}, then per rate {"rate_per_s", "pings", "pongs", "server_cpu_us_per_ping"}]"""
    base, ws_url = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/ws"
    sockets = await connect(base, ws_url, connections)
    pongs = [0]

    async def read(ws) -> None:
        async for frame in ws:
            if msgpack.unpackb(frame).get("t") == "pong":
                pongs[0] += 1

    readers = [asyncio.create_task(read(ws)) for ws in sockets]
    await asyncio.sleep(settle_s)  # welcomes, presence
    start = proc_sample(pid)["cpu"]
    await asyncio.sleep(seconds)
    idle_cpu_s = proc_sample(pid)["cpu"] - start
    results = []
    for rate in rates:
        sent, pongs[0] = 0, 0
        start, began = proc_sample(pid)["cpu"], time.perf_counter()
        while (elapsed := time.perf_counter() - began) < seconds:
            while sent < int(elapsed * rate):
                await sockets[sent % len(sockets)].send(PING)
                sent += 1
            await asyncio.sleep(0.001)
        await asyncio.sleep(0.2)  # the last pongs
        used = proc_sample(pid)["cpu"] - start - idle_cpu_s * (time.perf_counter() - began) / seconds
        results.append({"rate_per_s": rate, "pings": sent, "pongs": pongs[0],
                        "server_cpu_us_per_ping": round(1e6 * used / max(pongs[0], 1), 1)})
        print(f"{rate:6d} pings/s: {pongs[0]} pongs, {results[-1]['server_cpu_us_per_ping']} µs of server CPU each",
              flush=True)
    for reader in readers:
        reader.cancel()
    return [{"idle_cpu_pct": round(100 * idle_cpu_s / seconds, 2)}, *results]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="200,1000,2000,200")
    parser.add_argument("--connections", type=int, default=200)
    args = parser.parse_args(argv)
    rates = [int(rate) for rate in args.rates.split(",")]
    cpus = len(os.sched_getaffinity(0))
    _, client_cpus = cpu_sets()
    if client_cpus:  # the server has CPU 0 to itself, as in every bench run
        os.sched_setaffinity(0, client_cpus)
    with tempfile.TemporaryDirectory(prefix="peercircle-pings-") as tmp:
        redis = RedisServer(Path(tmp) / "redis").start()
        server = start_server("peercircle", f"redis://127.0.0.1:{redis.port}/0", Path(tmp))
        try:
            idle, *runs = asyncio.run(measure(server.port, server.pid, rates, args.connections))
        finally:
            server.stop()
            redis.stop()
    result = {"connections": args.connections, "seconds_per_rate": SECONDS_PER_RATE, **idle, "runs": runs,
              "cpus": cpus}
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
