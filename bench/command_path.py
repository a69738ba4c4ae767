"""One socket's command through the hub, in-process, against a real Redis: the CPU a
process spends per command when every command is alone (a thin load, W5's case).

    python -m bench.command_path [--commands 2000] [--repeats 5] [--loop uvloop]

A room of LISTENERS sockets whose frames are queued and dropped (no kernel sends, so
what is left is the hub's own path: decide, commit, apply, fan out, ack); one sender
submits a command the way a socket's reader does (`RoomHub.submit`) and waits for its
ack before the next. The CPU is this process's alone (Redis runs apart). Run it in two
trees to compare two versions of the path; the last line printed is the JSON.

The CPU clock moves by 10-20% from run to run here; instructions do not. Counted under
valgrind (which does not follow the Redis child), two runs that differ only in
`--commands` give the instructions of one command, whatever the box is doing:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null python -m bench.command_path --repeats 1 --commands 300
    ... --commands 1300   # (the second total - the first) / 1000
"""

import argparse
import asyncio
import json
import statistics
import time
from typing import Any

from redis.asyncio import Redis

from bench.pairs import private_redis, run_on
from server.domain import Actor, Role
from protocol.codes import CloseCode
from server.domain.commands import AddItem, EditItem, LowerHand, RaiseHand
from server.meetings import create_meeting
from server.realtime.hub import RoomHub
from server.realtime.peer import Peer
from server.store.rooms import RoomStore

LISTENERS = 20
FACILITATOR = Actor(Role.FACILITATOR, "p1")


class Sender(Peer):
    """A socket whose pushed frames are counted and dropped; `acked` wakes the sender."""

    __slots__ = ("acked",)

    def push(self, frame: bytes, framed: bytes | None = None) -> None:
        if b"ack" in frame:
            self._acked()

    def push_all(self, frames: tuple[bytes, ...]) -> None:
        self._acked()  # the events with this sender's ack

    def _acked(self) -> None:
        if self.acked is not None and not self.acked.done():
            self.acked.set_result(None)


class Listener(Peer):
    __slots__ = ()

    def push(self, frame: bytes, framed: bytes | None = None) -> None:
        pass


async def measure(url: str, commands: int) -> dict[str, Any]:
    client = Redis.from_url(url)
    store = RoomStore(client)
    store.committer.start()
    try:
        meeting = await create_meeting(store, "Command path")
        hub = RoomHub(meeting.room, store)
        assert await hub.load()
        sender = Sender(None, FACILITATOR, hub.room, "sender")  # type: ignore[arg-type]
        sender.acked = None
        hub.attach(sender, None, None)
        for n in range(LISTENERS):
            listener = Listener(None, Actor(Role.PARTICIPANT, f"p{n + 2}"), hub.room, f"l{n}")  # type: ignore[arg-type]
            hub.attach(listener, None, None)
        loop = asyncio.get_running_loop()

        def refused(exc: BaseException) -> None:
            sender.acked.set_exception(exc)

        async def one(i: int) -> None:
            sender.acked = loop.create_future()
            command = (RaiseHand(), LowerHand())[i % 2] if i % 4 < 2 else EditItem("i1", f"text {i}")
            hub.submit(FACILITATOR, command, f"op{i}", (sender, f"op{i}"), refused)
            await sender.acked

        await hub.execute(FACILITATOR, AddItem("note", "first"))
        for i in range(200):  # warm
            await one(i)
        cpu, wall = time.process_time(), time.perf_counter()
        for i in range(200, 200 + commands):
            await one(i)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        await hub.close(CloseCode.GOING_AWAY)
        return {"cpu_us_per_command": round(cpu / commands * 1e6, 1),
                "wall_us_per_command": round(wall / commands * 1e6, 1)}
    finally:
        await store.committer.stop()
        await client.aclose()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--loop", default="uvloop", choices=("uvloop", "asyncio"))
    args = parser.parse_args(argv)
    runs = []
    with private_redis() as url:
        for _ in range(args.repeats):
            runs.append(run_on(args.loop, measure(url, args.commands)))
            print(runs[-1], flush=True)
    result = {"commands": args.commands, "loop": args.loop, "runs": runs,
              "median_cpu_us_per_command": statistics.median(r["cpu_us_per_command"] for r in runs)}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
