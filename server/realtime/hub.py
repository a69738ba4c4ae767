"""RoomHub: one active room in one process — its folded state, its sockets, its clock.

State only moves forward by applying events in seq order, whether they come from this
process's own commits or from another process's announcement; anything that skips a
seq is filled from the log first. Commands are decided and committed one batch at a time
per hub (those that queued during the last commit share the next: commits.py, and the
path from queued to committed: commit_path.py), so this process never races itself; other
processes are caught by the seq check in the commit script, whose refusal carries the
entries this hub missed: it applies them and decides again.
"""

__all__ = ["REPLAY_WINDOW", "SNAPSHOT_EVERY", "RoomGone", "RoomHub"]

import asyncio
import logging
import time
from collections import deque

import msgpack
from redis.exceptions import RedisError

from protocol import messages
from protocol.codes import CloseCode
from server.domain import Room, evolve, next_deadline, tick
from server.domain import snapshots
from server.domain.events import from_dict
from server.domain.views import REFRESHING
from server.realtime.alarm import Alarm
from server.realtime.batches import Batch, from_entries, open_frame
from server.realtime.commit_path import CommitPath, RoomGone
from server.realtime.fanout import fan_out, viewer_of
from server.realtime.peer import Peer
from server.realtime.welcome import Position, welcome
from server.store.committer import CommitResult
from server.store.rooms import RoomStore
from server.store.tokens import new_epoch

REPLAY_WINDOW = 1000  # events kept for resuming clients (in memory and in the log)
SNAPSHOT_EVERY = 500  # events between compaction snapshots
DEADLINE_RETRY_S = 0.5

log = logging.getLogger("peercircle.hub")


class RoomHub(CommitPath):
    def __init__(self, room: str, store: RoomStore, code: str = "") -> None:
        super().__init__()
        self.room = room
        self.code = code
        self.store = store
        self.state = Room()
        self.seq = 0
        self.epoch = ""
        self.peers: set[Peer] = set()
        self._recent: deque[dict] = deque(maxlen=REPLAY_WINDOW)
        self._sync_lock = asyncio.Lock()
        self._alarm = Alarm()
        self._tasks: set[asyncio.Task] = set()
        self._meta: dict[str, str] = {}  # the room's meta as last loaded: grants, code
        self.deleted = False

    # --- loading and catching up -------------------------------------------------------

    async def load(self) -> bool:
        loaded = await self.store.load(self.room, 1)
        if loaded is None:
            return False
        state = snapshots.load(msgpack.unpackb(loaded.snapshot)) if loaded.snapshot else Room()
        self._recent.clear()
        for seq, raw in loaded.entries:
            event = msgpack.unpackb(raw)
            if seq > loaded.snap_seq:
                state = evolve(state, from_dict(event))
            self._recent.append(event)
        self.state, self.seq, self.epoch = state, loaded.seq, loaded.epoch
        self._meta = loaded.meta
        self.code = loaded.meta.get("code", self.code)
        self._schedule_deadline()
        return True

    async def catch_up(self) -> None:
        """Apply whatever the log holds beyond our seq; notice a lost or replaced log."""
        async with self._sync_lock:
            epoch, entries = await self.store.read_since(self.room, self.seq + 1)
            if epoch is None:
                await self._recover()
            elif epoch != self.epoch or (entries and entries[0][0] != self.seq + 1):
                await self._reload()  # a new epoch, or trimmed past us: start over
            elif entries:
                self._apply(from_entries(entries))

    async def _catch_up_after(self, conflict: CommitResult, epoch: str) -> None:
        """A lost race: apply the entries the conflict answered with, and read the log only
        if they stop short of its seq or no longer follow ours (a reload came between)."""
        async with self._sync_lock:
            if epoch != self.epoch:
                return  # reloaded meanwhile: nothing of the old epoch applies
            fresh = [entry for entry in conflict.missed or () if entry[0] > self.seq]
            if fresh and fresh[0][0] == self.seq + 1:
                self._apply(from_entries(fresh))
            if self.seq >= (conflict.seq or 0):
                return
        await self.catch_up()

    async def _recover(self) -> bool:
        """The log is gone or not ours any more: restore it if Redis lost it, else reload
        whatever is there now. False when the room no longer exists (sockets closed)."""
        return await self._restore() or await self._reload()

    async def _restore(self) -> bool:
        """Redis lost the room (restarted empty): write it back from this process's
        memory under a new epoch, so every client resyncs instead of trusting old seqs."""
        if not self.state.created or self.deleted or not await self.store.data_lost():
            return False  # deleted on purpose, not lost: stay gone
        epoch = new_epoch()
        data = msgpack.packb(snapshots.dump(self.state))
        if not await self.store.restore(self.room, epoch, self.seq, data, self._meta):
            return False  # it exists: another process restored it first
        log.warning("room %s: restored at seq %s under a new epoch", self.room, self.seq)
        self.epoch = epoch
        self._recent.clear()  # old events belong to the old epoch
        for peer in self.peers:
            peer.push(self._welcome(peer, None, None))
        return True

    async def _reload(self) -> bool:
        """The log was lost, trimmed past us or restarted: reload and resend snapshots.
        False when the room no longer exists (its sockets are then closed)."""
        if not await self.load():
            self.epoch = ""
            for peer in list(self.peers):
                peer.close(CloseCode.UNKNOWN_ROOM, "the meeting is gone")
            return False
        for peer in self.peers:
            peer.push(self._welcome(peer, None, None))
        return True

    def on_announcement(self, epoch: str, first: int, last: int, frame: bytes) -> None:
        """A batch committed by some process (maybe this one): apply it in order."""
        if epoch != self.epoch:
            self._spawn(self._locked_reload())
        elif last <= self.seq:
            return  # our own commit, already applied, or a duplicate
        elif first == self.seq + 1 and not self._sync_lock.locked():
            landing = self._landing  # our own commit, heard before its reply: no need to decode it
            self._apply(landing.batch if landing is not None and landing.batch.frame == frame else open_frame(frame))
        else:
            self._spawn(self._fill_then_apply(first, frame))

    async def _locked_reload(self) -> bool:
        async with self._sync_lock:
            return await self._reload()

    async def _fill_then_apply(self, first: int, frame: bytes) -> None:
        async with self._sync_lock:
            if first > self.seq + 1:
                entries = await self.store.read_range(self.room, self.seq + 1, first - 1)
                if not entries or entries[0][0] != self.seq + 1:
                    await self._reload()
                    return
                self._apply(from_entries(entries))
            self._apply(open_frame(frame))

    def _apply(self, batch: Batch) -> None:
        if batch.last <= self.seq:
            return
        if batch.first <= self.seq:
            batch = Batch(fresh := [e for e in batch.events if e["seq"] > self.seq], messages.events(fresh))
        if batch.first != self.seq + 1:
            log.error("room %s: batch %s does not follow seq %s", self.room, batch.first, self.seq)
            self._spawn(self.catch_up())
            return
        landing = self._landing
        if landing is not None and landing.batch is batch and landing.base is self.state:
            state = landing.state  # evolved once already, when the batch was decided
            self._recent.extend(batch.events)
        else:
            state = self.state
            for event in batch.events:
                state = evolve(state, from_dict(event))
                self._recent.append(event)
        self.state, self.seq = state, batch.last
        self._fan_out(batch)
        self._schedule_deadline()

    def _fan_out(self, batch: Batch) -> None:
        refreshing = any(event["type"] in REFRESHING for event in batch.events)
        # Snapshots follow a refreshing batch: its acks wait for them, as they always did.
        landing = self._landing
        acks = landing.acks.take(batch) if landing is not None and landing.acks is not None and not refreshing else {}
        for peer in fan_out(self.peers, batch, self.state, acks, refreshing):
            self.resend_snapshot(peer)

    # --- sockets -------------------------------------------------------------------------

    def attach(self, peer: Peer, epoch: str | None, last_seq: int | None) -> None:
        """Queue the welcome, then the live events: nothing can slip in between."""
        peer.push(self._welcome(peer, epoch, last_seq))
        self.peers.add(peer)

    def detach(self, peer: Peer) -> None:
        self.peers.discard(peer)

    def on_deleted(self) -> None:
        self.deleted = True
        self.epoch = ""
        for peer in list(self.peers):
            peer.close(CloseCode.UNKNOWN_ROOM, "the meeting was deleted")

    def on_new_code(self, code: str) -> None:
        """The join code changed: every view shows `you.code`, so each gets a fresh welcome."""
        self.code = code
        self._meta = {**self._meta, "code": code}
        for peer in self.peers:
            self.resend_snapshot(peer)

    def close_tokens(self, fields: frozenset[str]) -> None:
        for peer in list(self.peers):
            if peer.token_field in fields:
                peer.close(CloseCode.FORBIDDEN, "this link was revoked")

    def resend_snapshot(self, peer: Peer) -> None:
        peer.push(self._welcome(peer, None, None))

    def _welcome(self, peer: Peer, epoch: str | None, last_seq: int | None) -> bytes:
        you = {"role": str(peer.actor.role), "person": peer.actor.person, "room": self.room, "code": self.code}
        at = Position(self.epoch, self.seq, self._recent)
        return welcome(self.state, at, you, viewer_of(self.state, peer), epoch, last_seq, time.time())

    # --- time and compaction ------------------------------------------------------------

    def _compact(self, sealed: Batch) -> None:
        if sealed.last // SNAPSHOT_EVERY > (sealed.first - 1) // SNAPSHOT_EVERY:
            self._spawn(self._snapshot(self.state, self.seq))

    async def _snapshot(self, state: Room, seq: int) -> None:
        data = msgpack.packb(snapshots.dump(state))
        try:
            await self.store.write_snapshot(self.room, self.epoch, seq, data, seq - REPLAY_WINDOW + 1)
        except (RedisError, OSError) as exc:  # harmless: the log still holds everything
            log.warning("room %s: snapshot at %s not written (%s)", self.room, seq, type(exc).__name__)

    def _schedule_deadline(self) -> None:
        self._alarm.set(next_deadline(self.state), self._wake)

    def _wake(self) -> None:
        self._spawn(self._on_deadline())

    async def _on_deadline(self) -> None:
        """Every process with this room active wakes; the seq check lets one commit."""
        try:
            await self._commit(tick, "", None)
        except Exception:
            log.exception("room %s: committing what time produced failed", self.room)
            await asyncio.sleep(DEADLINE_RETRY_S)
        # The loop's clock and the wall clock can disagree by a hair: if time produced
        # nothing yet, or the commit failed, wake again.
        self._schedule_deadline()

    # --- housekeeping -------------------------------------------------------------------

    def _spawn(self, coroutine) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self, code: CloseCode) -> None:
        self._alarm.cancel()
        self._stop_commits()
        for peer in list(self.peers):
            peer.close(code)
        for task in list(self._tasks):
            task.cancel()
