"""One writer task per process that sends commits to Redis in pipelines.

Commits queued while a pipeline is in flight go out together in the next one ("smart
batching"): one round trip for many rooms' changes, and never a pool of concurrent
`await evalsha()` calls competing for connections.
"""

import asyncio
from dataclasses import dataclass
from enum import Enum

from redis.asyncio import Redis
from redis.exceptions import NoScriptError

from server.store.keys import RoomKeys
from server.store.lua import COMMIT


class Outcome(Enum):
    COMMITTED = 1
    CONFLICT = 0  # the log moved on: catch up, decide again
    DUPLICATE = 2  # this op id was committed before: `seq` is its original seq
    GONE = 3  # the room's log is missing or has a new epoch


@dataclass(frozen=True, slots=True)
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

    @classmethod
    def single(cls, room: str, epoch: str, expected_seq: int, op_key: str, entries: list[bytes], announce: bytes,
               meta: tuple[tuple[str, str], ...] = ()) -> "CommitRequest":
        """One command's events under one op key."""
        return cls(room, epoch, expected_seq, ((op_key, len(entries)),), entries, announce, meta)


@dataclass(frozen=True, slots=True)
class CommitResult:
    outcome: Outcome
    seq: int | None  # last committed seq, current seq (conflict) or original seq (duplicate)
    op_index: int = 0  # with DUPLICATE: which of the request's ops was committed before


class Committer:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._sha: str | None = None
        self._pending: list[tuple[CommitRequest, asyncio.Future[CommitResult]]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="committer")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        for _, future in self._pending:
            if not future.done():
                future.set_exception(ConnectionError("committer stopped"))

    async def commit(self, request: CommitRequest) -> CommitResult:
        if self._task is None:  # stopped (shutting down): nobody would ever answer
            raise ConnectionError("committer stopped")
        future: asyncio.Future[CommitResult] = asyncio.get_running_loop().create_future()
        self._pending.append((request, future))
        self._wake.set()
        return await future

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            batch, self._pending = self._pending, []
            if not batch:
                continue
            try:
                results = await self._send([request for request, _ in batch])
            except Exception as exc:  # the connection failed: every caller in the batch hears it
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, future), result in zip(batch, results):
                if future.done():
                    continue
                if isinstance(result, Exception):
                    future.set_exception(result)
                else:
                    future.set_result(CommitResult(
                        Outcome(int(result[0])), _seq(result), int(result[2]) if len(result) > 2 else 0
                    ))

    async def _send(self, requests: list[CommitRequest]) -> list:
        if self._sha is None:
            self._sha = await self._redis.script_load(COMMIT)
        pipe = self._redis.pipeline(transaction=False)
        for request in requests:
            keys = RoomKeys(request.room)
            meta_pairs = [part for pair in request.meta for part in pair]
            op_pairs = [part for pair in request.ops for part in pair]
            pipe.execute_command(
                "EVALSHA", self._sha, 3, keys.meta, keys.log, keys.ops,
                request.expected_seq, request.epoch, keys.channel, request.announce,
                len(request.meta), *meta_pairs, len(request.ops), *op_pairs, *request.entries,
            )
        results = await pipe.execute(raise_on_error=False)
        if any(isinstance(result, NoScriptError) for result in results):
            self._sha = None  # Redis restarted and lost its script cache: load, send again
            return await self._send(requests)
        return results


def _seq(result: list) -> int | None:
    return int(result[1]) if len(result) > 1 else None
