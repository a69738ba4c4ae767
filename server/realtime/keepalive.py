"""Finding dead connections: one sweep over every socket of the process, instead of two
timers per socket per ping.

A phone that loses its network closes nothing: without pings its socket would look
alive, and its person online, until TCP gave up minutes later. uvicorn's own keepalive
pings every socket every PING_INTERVAL_S, arming a timer for the next ping and one for
the pong's deadline each time and building each ping frame through `websockets`. With
2,000 idle sockets that was 133 pings a second and half of an idle server's CPU
(`python -m bench.ab --interval 1000 base noping=BENCH_PING_S=0`: 2.0% against 1.1% of a
core). Most of those pings proved nothing new: a socket we just heard from is alive, and
our browser client sends a `ping` message of its own whenever it heard nothing for a
few seconds (and once a minute for its clock offset). What is left to ping is a socket
that only listens, to a busy room.

So run.py turns uvicorn's keepalive off, and every KEEPALIVE_SWEEP_S this sweep walks
every socket's peer, a slot at a time (see Keepalive):
- a peer heard from within PING_INTERVAL_S is left alone;
- a silent one gets a ping frame, written straight to its transport (`Wire.ping`);
- any frame from it, or the pong, clears that ping;
- a ping still unanswered PING_TIMEOUT_S later closes the peer with SERVER_ERROR (1011,
  as uvicorn's keepalive did), and its close is bounded like any other (Peer.close).

A connection whose server runs its own keepalive (plain `uvicorn server.app:app` keeps
uvicorn's default) is left to it. So is one with no Wire (another ASGI server).
"""

import asyncio
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

from protocol.codes import CloseCode
from protocol.limits import PING_INTERVAL_S, PING_TIMEOUT_S
from server.realtime.peer import Peer

KEEPALIVE_SWEEP_S = 2.0  # how late a ping or a close may be: a precision, not a deadline
SWEEPS_PER_INTERVAL = 5  # at least this many sweeps per interval and per timeout
SLOTS = 50  # the peers are swept a fiftieth at a time
log = logging.getLogger("peercircle.keepalive")


@dataclass(slots=True)
class Swept:
    """What one sweep did."""

    pinged: int = 0
    closed: int = 0


def sweep(peers: Iterable[Peer], now: float, silence_s: float = PING_INTERVAL_S,
          timeout_s: float = PING_TIMEOUT_S) -> Swept:
    """Ping the peers silent for `silence_s`; close those whose ping went unanswered for
    `timeout_s`. `now` is time.monotonic(), as the Reader stamps `heard_at` with it."""
    swept = Swept()
    for peer in peers:
        if not peer.ping_sent_at and now - peer.heard_at < silence_s:
            continue  # heard from lately, no ping out: most peers, settled without their wire
        wire = peer.wire
        if wire is None or peer.close_code is not None or wire.pinged_by_server:
            continue
        if peer.ping_sent_at:
            if not (wire.answered or peer.heard_at > peer.ping_sent_at):  # still waiting for an answer
                if now - peer.ping_sent_at >= timeout_s:
                    peer.close(CloseCode.SERVER_ERROR, "keepalive ping timeout")
                    swept.closed += 1
                continue
            peer.heard_at = max(peer.heard_at, peer.ping_sent_at)
            peer.ping_sent_at = 0.0
        if now - peer.heard_at >= silence_s and wire.ping():
            peer.ping_sent_at = now
            swept.pinged += 1
    return swept


class Keepalive:
    """The process's sweep. Each watched peer gets one of SLOTS slots, in turn; every
    KEEPALIVE_SWEEP_S / SLOTS one slot is swept, so each peer is looked at once per
    KEEPALIVE_SWEEP_S and thousands of sockets that arrived together (a storm, a big
    event) are pinged a slot at a time, never all in one turn of the loop."""

    def __init__(self, silence_s: float = PING_INTERVAL_S, timeout_s: float = PING_TIMEOUT_S) -> None:
        self.silence_s, self.timeout_s = silence_s, timeout_s
        # short intervals (tests, tuning) sweep more often, so lateness stays a fraction of them
        self.every_s = min(KEEPALIVE_SWEEP_S, silence_s / SWEEPS_PER_INTERVAL, timeout_s / SWEEPS_PER_INTERVAL)
        self._slots: list[set[Peer]] = [set() for _ in range(SLOTS)]
        self._where: dict[Peer, int] = {}
        self._turn = 0
        self._task: asyncio.Task[None] | None = None

    def watch(self, peer: Peer) -> None:
        slot = self._turn = (self._turn + 1) % SLOTS
        self._slots[slot].add(peer)
        self._where[peer] = slot

    def forget(self, peer: Peer) -> None:
        slot = self._where.pop(peer, None)
        if slot is not None:
            self._slots[slot].discard(peer)

    def __len__(self) -> int:
        return len(self._where)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="keepalive")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        slot = 0
        while True:
            await asyncio.sleep(self.every_s / SLOTS)
            slot = (slot + 1) % SLOTS
            try:
                swept = sweep(list(self._slots[slot]), time.monotonic(), self.silence_s, self.timeout_s)
            except Exception:  # a sweep that broke must not end the keepalive for good
                log.exception("keepalive sweep failed")
                continue
            if swept.closed:
                log.info("closed %d sockets that stopped answering pings", swept.closed)
