"""Group commit: the commands of one room that queued while its last commit was in
flight are decided in order, each against the state the ones before it produced, and
committed together: one Lua call, one `events` frame, one write per socket.

A command alone waits for nobody; commands only share a commit when they would
otherwise have waited for each other. So under load, exactly when it matters, the cost
of a command falls (the fan-out writes and the commit are shared) instead of the queue
growing without bound. Every command keeps its own outcome: its last seq, its own
refusal, or the seq of its op committed before (a retried op); its sender's ack goes
out in the same write as the events when it can (`Acks`), else on its own (`answer`).
"""

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from protocol import messages
from server.domain import DomainError, Room, evolve
from server.domain.events import Event
from server.realtime.batches import Batch
from server.realtime.peer import Peer

MAX_BATCH_COMMANDS = 32  # keeps one frame, and one commit's Lua run, small
log = logging.getLogger("peercircle.commits")
Produce = Callable[[Room, float], list[Event]]
MetaFor = Callable[[list[Event]], tuple[tuple[str, str], ...]]


@dataclass(slots=True, eq=False)
class Queued:
    """One command waiting for a commit. Its outcome goes to `future`, when someone awaits
    it, or else only a refusal, to `refused` (a socket's command: its ack is the hub's)."""

    produce: Produce
    op_key: str
    meta_for: MetaFor | None
    future: asyncio.Future | None
    reply: tuple[Peer, str] | None = None  # the sender's socket and op id: the hub acks it
    refused: Callable[[BaseException], None] | None = None
    acked: bool = False  # its ack went out with the events
    settled: bool = False  # for a command with no future

    @property
    def done(self) -> bool:
        return self.settled if self.future is None else self.future.done()

    def settle(self, seq: int | None) -> None:
        if self.future is None:
            self.settled = True
        elif not self.future.done():
            self.future.set_result(seq)

    def fail(self, exc: BaseException) -> None:
        if self.future is None:
            if not self.settled:
                self.settled = True
                if self.refused is not None:
                    self.refused(exc)
        elif not self.future.done():
            self.future.set_exception(exc)


@dataclass(slots=True)
class Decided:
    """One attempt at a batch: what to commit, and each command's part in it."""

    state: Room  # the state after all of `events`, from the state decided against
    events: list[Event] = field(default_factory=list)
    ops: list[tuple[str, int]] = field(default_factory=list)  # (op key, number of events), in order
    owners: list[tuple[Queued, int]] = field(default_factory=list)  # with events: (command, its last event's position)
    refused: list[tuple[Queued, BaseException]] = field(default_factory=list)
    idle: list[Queued] = field(default_factory=list)  # changed nothing

    @property
    def meta(self) -> tuple[tuple[str, str], ...]:
        if len(self.owners) == 1 and self.owners[0][0].meta_for is not None:
            return self.owners[0][0].meta_for(self.events)
        return ()


def take(queue: deque[Queued]) -> list[Queued]:
    """The next batch from the front of the queue: up to MAX_BATCH_COMMANDS commands still
    awaited. A command that writes meta fields (a join and its token) goes alone."""
    batch: list[Queued] = []
    while queue and len(batch) < MAX_BATCH_COMMANDS:
        if queue[0].done:  # its caller gave up (the socket went) before we got to it
            queue.popleft()
            continue
        if queue[0].meta_for is not None and batch:
            break
        batch.append(queue.popleft())
        if batch[-1].meta_for is not None:
            break
    return batch


def decide_all(batch: list[Queued], state: Room, now: float) -> Decided:
    """Decide every command in order against the state its predecessors produced; the
    state after the last is kept, so a committed batch is not applied a second time."""
    decided = Decided(state=state)
    for queued in batch:
        try:
            events = queued.produce(state, now)
        except DomainError as exc:
            decided.refused.append((queued, exc))
            continue
        except Exception as exc:  # a bug in one command must not take the others down
            log.exception("deciding a command failed")
            decided.refused.append((queued, exc))
            continue
        if not events:
            decided.idle.append(queued)
            continue
        decided.events.extend(events)
        decided.ops.append((queued.op_key, len(events)))
        decided.owners.append((queued, len(decided.events)))
        for event in events:
            state = evolve(state, event)
    decided.state = state
    return decided


class Acks:
    """The acks of the batch in flight, sent with its events to their senders, once: only
    to the very batch committed (same frame), not to another process's at the same seq."""

    __slots__ = ("frame", "by_peer", "owners")

    def __init__(self, frame: bytes, by_peer: dict[Peer, list[bytes]], owners: list[Queued]) -> None:
        self.frame, self.by_peer, self.owners = frame, by_peer, owners

    @classmethod
    def of(cls, decided: Decided, sealed: Batch) -> "Acks | None":
        by_peer: dict[Peer, list[bytes]] = {}
        owners = []
        now = time.time()  # inside each sender's round trip, so its ack is a clock sample
        for queued, position in decided.owners:
            if queued.reply is not None:
                peer, op = queued.reply
                by_peer.setdefault(peer, []).append(messages.ack(op, sealed.first - 1 + position, now))
                owners.append(queued)
        return cls(sealed.frame, by_peer, owners) if owners else None

    def take(self, batch: Batch) -> dict[Peer, list[bytes]]:
        """The acks to send with `batch`, once; none unless it is the very batch committed."""
        if batch.frame != self.frame or not self.by_peer:
            return {}
        by_peer, self.by_peer = self.by_peer, {}
        for queued in self.owners:
            queued.acked = True
        return by_peer


@dataclass(slots=True)  # never changed once made (see Batch)
class Landing:
    """The batch in flight: applied from the state it was decided against (`base`), it
    makes `state`, which decide_all already evolved; `acks` go out with its events."""

    batch: Batch
    base: Room
    state: Room
    acks: Acks | None


def answer(queued: Queued, seq: int | None) -> None:
    """Settle a command; ack its sender now unless the ack went out with the events."""
    if queued.reply is not None and not queued.acked and not queued.done:
        peer, op = queued.reply
        peer.push(messages.ack(op, seq, time.time()))
    queued.settle(seq)
