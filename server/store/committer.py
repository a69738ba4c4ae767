"""Commits, sent to Redis in pipelines through the process's batcher.

Commits queued while a pipeline is in flight go out together in the next one ("smart
batching", server/store/batcher.py): one round trip for many rooms' changes, on one
connection the batcher keeps, and never a pool of concurrent `await evalsha()` calls
competing for connections. The batcher is shared with admission, so a commit and a
token lookup arriving together share a round trip too.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from server.store.batcher import Batcher
from server.store.keys import RoomKeys
from server.store.lua import COMMIT


class Outcome(Enum):
    COMMITTED = 1
    CONFLICT = 0  # the log moved on: catch up, decide again
    DUPLICATE = 2  # this op id was committed before: `seq` is its original seq
    GONE = 3  # the room's log is missing or has a new epoch
    YIELDED = 4  # another process holds the room's claim: `seq` is how many ms it may hold it still


_OUTCOMES = {outcome.value: outcome for outcome in Outcome}  # a dict look-up; Outcome(n) is a Python call


@dataclass(slots=True)  # one per commit, never changed: not frozen, as a frozen __init__ costs ~0.3 µs a field
class CommitRequest:
    """One commit of one or more commands' events: `ops` says, in order, each command's
    op key ("" for none: not deduplicated) and how many of `entries` are its events."""

    room: str
    epoch: str
    expected_seq: int
    ops: tuple[tuple[str, int], ...]
    entries: list[bytes]  # one encoded event each, in order
    announce: bytes  # published on the room channel when committed
    meta: tuple[tuple[str, str], ...] = ()  # fields set on the room's meta hash atomically
    claims: bool = False  # the batch lost the race repeatedly: claim the room's next turn (lua.COMMIT)

    @classmethod
    def single(cls, room: str, epoch: str, expected_seq: int, op_key: str, entries: list[bytes], announce: bytes,
               meta: tuple[tuple[str, str], ...] = ()) -> "CommitRequest":
        """One command's events under one op key."""
        return cls(room, epoch, expected_seq, ((op_key, len(entries)),), entries, announce, meta)


@dataclass(slots=True)  # as CommitRequest
class CommitResult:
    outcome: Outcome
    seq: int | None  # last committed seq, current seq (conflict) or original seq (duplicate)
    op_index: int = 0  # with DUPLICATE: which of the request's ops was committed before
    # with CONFLICT: the log after the expected seq, in order, as (seq, encoded event); at most
    # lua.CONFLICT_TAIL entries, so it may stop short of `seq`
    missed: list[tuple[int, bytes]] | None = None


def log_entry(entry: tuple[bytes, dict | list]) -> tuple[int, bytes]:
    """One stream entry, as XRANGE answers it (a dict from redis-py, a flat list from Lua),
    as (seq, encoded event)."""
    entry_id, fields = entry
    if isinstance(fields, list):
        fields = dict(zip(fields[::2], fields[1::2]))
    return int(entry_id.split(b"-", 1)[0]), fields[b"e"]


class Committer:
    def __init__(self, batcher: Batcher) -> None:
        self._batcher = batcher
        self._running = False
        self.name = secrets.token_hex(8)  # this process, as a claimant of a busy room

    def start(self) -> None:
        self._running = True

    async def stop(self) -> None:
        self._running = False

    async def commit(self, request: CommitRequest) -> CommitResult:
        """One attempt; raises a Redis or connection error when the store could not be
        asked (the caller then cannot know whether it landed: an op key makes a retry safe)."""
        if not self._running:  # stopped (shutting down): nobody would answer
            raise ConnectionError("committer stopped")
        keys = RoomKeys(request.room)
        return result_of(await self._batcher.script(COMMIT, (keys.meta, keys.log, keys.ops, keys.claim),
                                                    self._args(request, keys)))

    def commit_then(self, request: CommitRequest, then: Callable[[list[Any] | BaseException], None]) -> None:
        """The same attempt for a caller that goes on in a callback: `then` is called with
        the script's reply (read by `result_of`) or the error `commit` would raise, straight
        from the code that read the reply. Raises ConnectionError at once when stopped."""
        if not self._running:
            raise ConnectionError("committer stopped")
        keys = RoomKeys(request.room)
        self._batcher.script_then(COMMIT, (keys.meta, keys.log, keys.ops, keys.claim), self._args(request, keys), then)

    def _args(self, request: CommitRequest, keys: RoomKeys) -> tuple[Any, ...]:
        return (
            request.expected_seq, request.epoch, keys.channel, request.announce, self.name if request.claims else "",
            len(request.meta), *(part for pair in request.meta for part in pair),
            len(request.ops), *(part for pair in request.ops for part in pair), *request.entries,
        )


def result_of(reply: list[Any]) -> CommitResult:
    """The commit script's reply (lua.COMMIT) as a CommitResult."""
    outcome = _OUTCOMES[int(reply[0])]
    if outcome is Outcome.CONFLICT:
        return CommitResult(outcome, int(reply[1]), missed=[log_entry(entry) for entry in reply[2]])
    return CommitResult(outcome, int(reply[1]) if len(reply) > 1 else None, int(reply[2]) if len(reply) > 2 else 0)
