"""CommitPath: a room's commands, from queued to committed, as the hub's half that writes.

One batch in flight per hub: the commands that queued while a commit was in flight share
the next (commits.py). A batch's usual course (decided, sent, committed at the first try)
runs in callbacks: handed to the store in `_next_batch`, applied in `_landed` straight
from the code that read Redis's reply, the next batch sent from there. No task, no
coroutine and no future per command: on a thin load every command is a batch of its own
and pays that machinery on cold caches each time (W5 in bench/results/notes.md). Whatever
has to wait (a lost race, a yield, a room to recover, op seqs to look up) goes on in a
task, `_finish`, and the queue after it.

The hub supplies the room (its state, seq and epoch, the store, the sync lock) and what
applying and recovering mean; the methods it must have are declared at the end.
"""

import asyncio
import time
from collections import deque
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any

from protocol.codes import ErrorCode
from server.domain import Actor, DomainError, Room, decide
from server.domain.commands import Command
from server.realtime.batches import Batch, announcement, log_entries, seal
from server.realtime.commits import Acks, Decided, Landing, MetaFor, Produce, Queued, answer, decide_all, take
from server.realtime.peer import Peer
from server.store.committer import CommitRequest, CommitResult, Outcome, result_of
from server.store.rooms import RoomStore

# Tries at a batch while other processes keep winning the race for the room (each lost one
# answers with what was missed, so a try is one round trip); past them the sender hears UNAVAILABLE.
COMMIT_ATTEMPTS = 16
CLAIM_AFTER_LOSSES = 2  # then the batch claims the room's next turn (lua.COMMIT)
YIELD_STEP_S = 0.002  # while another process holds the claim, try again this often...
YIELDS_MAX = 50  # ...this many times at most (the claim itself expires after lua.CLAIM_MS)


class RoomGone(Exception):
    pass


class CommitPath:
    room: str
    store: RoomStore
    state: Room
    seq: int
    epoch: str
    _sync_lock: asyncio.Lock

    def __init__(self) -> None:
        self._queue: deque[Queued] = deque()  # commands waiting for the next commit
        self._loop: asyncio.AbstractEventLoop | None = None
        self._landing: Landing | None = None  # the batch being committed: its state and acks
        self._draining = False  # from a command queued until the queue is empty again
        self._in_flight: list[Queued] | None = None  # the batch whose commit is sent, in callbacks
        self._finishing: asyncio.Task[None] | None = None  # the batch whose commit has to wait

    async def execute(
        self, actor: Actor, command: Command, op_key: str = "", meta_for: MetaFor | None = None,
        reply: tuple[Peer, str] | None = None,
    ) -> int | None:
        """Decide and commit; the last seq written, the original seq of a retried op,
        or None when the command changed nothing. Raises DomainError, RoomGone. With
        `reply` (the sender's socket and op id) the hub sends the ack itself, in the
        same write as the sender's events when it can: one system call fewer per command."""
        return await self._commit(_deciding(command, actor), op_key, meta_for, reply)

    def submit(
        self, actor: Actor, command: Command, op_key: str, reply: tuple[Peer, str],
        refused: Callable[[BaseException], None],
    ) -> None:
        """Queue a socket's command and return at once: the hub acks it (`reply`) once
        committed, and a refusal (DomainError, RoomGone, a store error) goes to `refused`.
        The socket's reader then never waits for a commit, nor wakes when one ends."""
        self._enqueue(Queued(_deciding(command, actor), op_key, None, None, reply, refused))

    async def _commit(
        self, produce: Produce, op_key: str, meta_for: MetaFor | None, reply: tuple[Peer, str] | None = None
    ) -> int | None:
        """Queue the command for the room's next commit and await its outcome; what
        queues while a commit is in flight goes out together in the next (commits.py)."""
        queued = Queued(produce, op_key, meta_for, (self._loop or self._learn_loop()).create_future(), reply)
        self._enqueue(queued)
        return await queued.future

    def _enqueue(self, queued: Queued) -> None:
        self._queue.append(queued)
        if not self._draining:
            self._draining = True
            (self._loop or self._learn_loop()).call_soon(self._next_batch)

    def _learn_loop(self) -> asyncio.AbstractEventLoop:
        # Python 3.11 makes a getpid() system call in every get_running_loop(): once per hub.
        self._loop = asyncio.get_running_loop()
        return self._loop

    def _next_batch(self) -> None:
        while batch := take(self._queue):
            decided = decide_all(batch, self.state, time.time())
            try:
                if not decided.events:
                    if lookups := self._settle(decided, 0):
                        return self._go_on(batch, self._look_up(lookups))
                    continue
                sealed, request = self._prepare(decided, claims=False)
                self._in_flight = batch
                self.store.commit_then(request, partial(self._landed, batch, decided, sealed, request.epoch))
            except Exception as exc:  # the store is stopped, or an event Redis cannot take
                self._in_flight = self._landing = None
                _fail(batch, exc)
                continue
            return
        self._draining = False

    def _prepare(self, decided: Decided, claims: bool) -> tuple[Batch, CommitRequest]:
        sealed = seal(self.seq + 1, decided.events)
        # whichever way the batch is applied first, from our commit's reply or its announcement
        self._landing = Landing(sealed, self.state, decided.state, Acks.of(decided, sealed))
        return sealed, CommitRequest(
            room=self.room, epoch=self.epoch, expected_seq=self.seq, ops=tuple(decided.ops),
            entries=log_entries(sealed), announce=announcement(self.epoch, sealed), meta=decided.meta, claims=claims,
        )

    def _landed(self, batch: list[Queued], decided: Decided, sealed: Batch, epoch: str,
                reply: list[Any] | BaseException) -> None:
        """The commit's reply, read by the batcher in the loop turn it came in."""
        if self._in_flight is not batch:
            return  # the hub closed meanwhile: its commands heard RoomGone
        self._in_flight = None
        try:
            try:
                if isinstance(reply, BaseException):
                    raise reply
                result = result_of(reply)
                if result.outcome is Outcome.COMMITTED:
                    self._apply(sealed)
            finally:
                self._landing = None
            if result.outcome is not Outcome.COMMITTED:
                return self._go_on(batch, self._retry(batch, decided, result, epoch))
            if lookups := self._committed(decided, sealed):
                return self._go_on(batch, self._look_up(lookups))
        except asyncio.CancelledError:  # the store's round trip was cancelled: shutting down
            _fail(batch, RoomGone(self.room))
        except Exception as exc:  # the store failed: all of them hear it
            _fail(batch, exc)
        self._next_batch()

    def _go_on(self, batch: list[Queued], rest: Coroutine[Any, Any, None]) -> None:
        """Finish `batch` in a task, then go on with the queue."""
        self._finishing = (self._loop or self._learn_loop()).create_task(self._finish(batch, rest))

    async def _finish(self, batch: list[Queued], rest: Coroutine[Any, Any, None]) -> None:
        try:
            await rest
        except asyncio.CancelledError:  # cancelled with the hub (close): nobody may wait for ever
            _fail([*batch, *self._queue], RoomGone(self.room))
            self._queue.clear()
            raise
        except Exception as exc:
            _fail(batch, exc)
        finally:
            self._finishing = None
        self._next_batch()

    async def _retry(self, batch: list[Queued], decided: Decided, result: CommitResult, epoch: str) -> None:
        """Try the batch again after an attempt that did not land (`result`), up to
        COMMIT_ATTEMPTS lost races and YIELDS_MAX yields."""
        lost = yielded = 0
        while True:
            if result.outcome is Outcome.YIELDED:  # another process's turn: not a lost race
                yielded += 1
                await asyncio.sleep(min(YIELD_STEP_S, (result.seq or 0) / 1000))
            else:
                lost += 1
                if result.outcome is Outcome.DUPLICATE:  # that op is done; decide the others again
                    answer(decided.owners[result.op_index][0], result.seq)
                elif result.outcome is Outcome.GONE:
                    async with self._sync_lock:
                        if not await self._recover():
                            raise RoomGone(self.room)
                else:
                    await self._catch_up_after(result, epoch)
            if lost >= COMMIT_ATTEMPTS or yielded > YIELDS_MAX:
                raise DomainError(ErrorCode.UNAVAILABLE, "The meeting is very busy; please try again.")
            batch = [queued for queued in batch if not queued.done]
            decided = decide_all(batch, self.state, time.time())
            if not decided.events:
                return await self._look_up(self._settle(decided, 0))
            try:
                sealed, request = self._prepare(decided, claims=lost >= CLAIM_AFTER_LOSSES)
                epoch = request.epoch
                result = await self.store.commit(request)
                if result.outcome is Outcome.COMMITTED:
                    self._apply(sealed)
            finally:
                self._landing = None
            if result.outcome is Outcome.COMMITTED:
                return await self._look_up(self._committed(decided, sealed))

    def _committed(self, decided: Decided, sealed: Batch) -> list[Queued]:
        self._compact(sealed)
        return self._settle(decided, sealed.first - 1)

    def _settle(self, decided: Decided, before: int) -> list[Queued]:
        """Give each command its outcome (`before` is the seq the batch followed), except
        the no-ops with an op key: returned, their seq has to be looked up (`_look_up`)."""
        for queued, position in decided.owners:
            answer(queued, before + position)
        for queued, exc in decided.refused:
            queued.fail(exc)
        lookups = []
        for queued in decided.idle:
            if queued.op_key:
                lookups.append(queued)
            else:
                answer(queued, None)
        return lookups

    async def _look_up(self, idle: list[Queued]) -> None:
        """A no-op now may be an op committed before: say its seq."""
        for queued in idle:
            try:
                answer(queued, await self.store.op_seq(self.room, queued.op_key))
            except Exception as exc:
                queued.fail(exc)

    def _stop_commits(self) -> None:
        """The hub is closing: every command not yet answered hears RoomGone, and a reply
        still to come is not applied."""
        if self._finishing is not None:
            self._finishing.cancel()  # it fails its batch and the queue
        if self._in_flight is not None:
            _fail(self._in_flight, RoomGone(self.room))
            self._in_flight, self._landing = None, None
        self._draining = False
        _fail(list(self._queue), RoomGone(self.room))
        self._queue.clear()

    # --- the hub's part ------------------------------------------------------------------

    def _apply(self, batch: Batch) -> None:
        """Apply a batch that follows `seq` and fan it out (using `_landing` when it is ours)."""
        raise NotImplementedError

    async def _recover(self) -> bool:
        """The log is gone or not ours: restore or reload it; False when the room is gone."""
        raise NotImplementedError

    async def _catch_up_after(self, conflict: CommitResult, epoch: str) -> None:
        """Apply what a lost race answered with, reading the log only if it falls short."""
        raise NotImplementedError

    def _compact(self, sealed: Batch) -> None:
        """A batch of ours was committed: write a snapshot when one is due."""
        raise NotImplementedError


def _fail(batch: list[Queued], exc: BaseException) -> None:
    for queued in batch:
        queued.fail(exc)


def _deciding(command: Command, actor: Actor) -> Produce:
    return lambda state, now: decide(state, command, actor, now)
