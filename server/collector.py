"""When the garbage collector runs, so that no collection stops every room for long.

CPython's full collection walks every tracked object. With 2,000 sockets and 100 rooms
that took 150-230 ms (docs/PERFORMANCE.md), and CPython starts one whenever the heap
has grown by a quarter, so a growing server stalled every meeting at once, more the
bigger it got. Yet reference counting frees almost everything we drop; the collector
is needed only for reference cycles, and the long-lived part of the heap (sockets,
rooms, modules) is exactly what it keeps walking for nothing.

The schedule: every `freeze_every_s`, collect what is not frozen yet (only what
appeared since the last turn: a millisecond or two) and freeze whatever survived
(`gc.freeze`: never walked again). CPython's automatic collections then only ever walk
the young part of the heap. Objects freed by reference counting are freed at once,
frozen or not.

The price: a frozen object that later becomes part of a garbage cycle stays until the
next thaw, when everything is unfrozen and collected once (the one long pause, rare and
on purpose) and frozen again. The cycles that matter are those of a closed connection:
uvicorn's and websockets' protocol objects refer to each other, about 12 KB of cyclic
garbage per WebSocket (bench/churn.py). So a thaw comes after THAW_AFTER_CLOSED closed
connections, or after `thaw_every_s` at the latest: never more garbage than that held.
"""

import asyncio
import gc
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_FREEZE_EVERY_S = 0.25  # the pause grows with what survived since the last sweep
DEFAULT_THAW_EVERY_S = 3600.0
THAW_AFTER_CLOSED = 2000  # closed connections' cycles held frozen: ~25 MB at most
log = logging.getLogger("peercircle.collector")


@dataclass(frozen=True, slots=True)
class Sweep:
    """What one turn did: a thaw (everything walked) or only the young heap."""

    thawed: bool
    collected: int  # unreachable objects found
    seconds: float  # how long the collection held the loop


class Collector:
    """Runs the schedule above on the event loop, between callbacks."""

    def __init__(
        self,
        freeze_every_s: float = DEFAULT_FREEZE_EVERY_S,
        thaw_every_s: float = DEFAULT_THAW_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
        thaw_after_closed: int = THAW_AFTER_CLOSED,
    ) -> None:
        self.freeze_every_s = freeze_every_s
        self.thaw_every_s = thaw_every_s
        self.thaw_after_closed = thaw_after_closed
        self._clock = clock
        self._thaw_at = clock() + thaw_every_s
        self._closed = 0
        self._task: asyncio.Task[None] | None = None

    @property
    def enabled(self) -> bool:
        return self.freeze_every_s > 0

    def connection_closed(self) -> None:
        """A connection ended: its objects may now be a garbage cycle in the frozen heap."""
        self._closed += 1

    def sweep(self) -> Sweep:
        """Collect the unfrozen heap (all of it, when a thaw is due), then freeze it."""
        now = self._clock()
        thawed = now >= self._thaw_at or self._closed >= self.thaw_after_closed
        if thawed:
            gc.unfreeze()
            self._thaw_at, self._closed = now + self.thaw_every_s, 0
        started = time.perf_counter()
        collected = gc.collect()
        seconds = time.perf_counter() - started
        gc.freeze()
        if thawed:  # gc.get_freeze_count() walks the whole frozen heap: only here
            log.info("heap thawed: %d unreachable objects in %.0f ms; %d frozen again",
                     collected, seconds * 1000, gc.get_freeze_count())
        return Sweep(thawed, collected, seconds)

    def start(self) -> None:
        if self.enabled:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="collector")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        gc.unfreeze()

    async def _run(self) -> None:
        self.sweep()  # the start-up heap (modules, the app) is never walked again
        while True:
            await asyncio.sleep(self.freeze_every_s)
            self.sweep()
