"""RoomStore: everything the server reads and writes in Redis for a room.

The log is a stream whose entry ids are the seqs (`<seq>-0`), so reading "everything
after seq N" is one XRANGE and the stream itself refuses an out-of-order append.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from server.store.batcher import Batcher
from server.store.committer import Committer, CommitRequest, CommitResult, log_entry
from server.store.keys import GENERATION_KEY, RoomKeys, code_key
from server.store.lua import DELETE, KEEP, LOAD, RECODE, RESTORE, REVOKE, SNAPSHOT
from server.store.tokens import Grant, new_epoch, new_join_code, split_token, token_field

CODE_ATTEMPTS = 20
_RESTORE_OWN = frozenset({"epoch", "seq", "snap_seq"})  # written by RESTORE itself


@dataclass(frozen=True, slots=True)
class Loaded:
    epoch: str
    seq: int
    snap_seq: int
    snapshot: bytes | None
    entries: list[tuple[int, bytes]]  # (seq, encoded event), ascending
    meta: dict[str, str]  # every meta field: token grants and the join code among them


class RoomStore:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self.batcher = Batcher(redis)  # commits and token lookups arriving together share a round trip
        self.committer = Committer(self.batcher)
        self._load = redis.register_script(LOAD)
        self._snapshot = redis.register_script(SNAPSHOT)
        self._restore = redis.register_script(RESTORE)
        self._revoke = redis.register_script(REVOKE)
        self._delete = redis.register_script(DELETE)
        self._recode = redis.register_script(RECODE)
        self.generation: str | None = None  # this Redis's data generation, as last seen

    async def commit(self, request: CommitRequest) -> CommitResult:
        return await self.committer.commit(request)

    def commit_then(self, request: CommitRequest, then: Callable[[list[Any] | BaseException], None]) -> None:
        """`commit` for a caller in a callback (Committer.commit_then)."""
        self.committer.commit_then(request, then)

    async def load(self, room: str, from_seq: int) -> Loaded | None:
        """The latest snapshot and every log entry from `from_seq` on, read atomically."""
        keys = RoomKeys(room)
        raw = await self._load(keys=[keys.meta, keys.log, keys.snap], args=[max(1, from_seq)])
        if not raw:
            return None
        flat, snapshot, entries = raw
        meta = {k.decode(): v.decode() for k, v in zip(flat[::2], flat[1::2])}
        return Loaded(
            epoch=meta["epoch"],
            seq=int(meta["seq"]),
            snap_seq=int(meta["snap_seq"]),
            snapshot=snapshot or None,
            entries=[log_entry(entry) for entry in entries],
            meta=meta,
        )

    async def read_since(self, room: str, first: int) -> tuple[str | None, list[tuple[int, bytes]]]:
        """The room's epoch (None if its keys are gone) and its log from `first` on."""
        keys = RoomKeys(room)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hget(keys.meta, "epoch")
            pipe.xrange(keys.log, f"{first}-0", "+")
            epoch, entries = await pipe.execute()
        return (epoch.decode() if epoch else None), [log_entry(entry) for entry in entries]

    async def learn_generation(self) -> str:
        """Read (or start) the data generation: a key that vanishes only with all of Redis's
        data. A room missing while the generation is the one we know was deleted, not lost."""
        await self.redis.set(GENERATION_KEY, new_epoch(), nx=True)
        self.generation = (await self.redis.get(GENERATION_KEY)).decode()
        return self.generation

    async def data_lost(self) -> bool:
        """True if Redis lost its data since we last looked (then we look again)."""
        current = await self.redis.get(GENERATION_KEY)
        if current is not None and current.decode() == self.generation:
            return False
        await self.learn_generation()
        return True

    async def keep(self, room: str, seconds: int) -> None:
        """(Re)start the retention clock of every key of the room: an idle room's keys
        expire `seconds` after its last activity."""
        code = await self.batcher.script(KEEP, RoomKeys(room).all(), [seconds])
        if code:
            await self.batcher.call("EXPIRE", code_key(code.decode()), seconds)

    async def delete(self, room: str) -> bool:
        """Remove every key of the room and announce it; False if there was none."""
        keys = RoomKeys(room)
        code = await self._delete(keys=list(keys.all()), args=[keys.channel])
        if code is None:
            return False
        if code:
            await self.redis.delete(code_key(code.decode()))
        return True

    async def restore(self, room: str, epoch: str, seq: int, snapshot: bytes, meta: dict[str, str]) -> bool:
        """Recreate a room Redis lost, at `seq` under a new `epoch`; False if it exists."""
        keys = RoomKeys(room)
        fields = [part for name, value in meta.items() if name not in _RESTORE_OWN for part in (name, value)]
        done = await self._restore(keys=[keys.meta, keys.snap], args=[epoch, seq, snapshot, *fields])
        if done and meta.get("code"):  # outside the room's hash tag: its own command
            await self.redis.set(code_key(meta["code"]), room, nx=True)
        return bool(done)

    async def read_range(self, room: str, first: int, last: int | None = None) -> list[tuple[int, bytes]]:
        """Log entries with first <= seq <= last (or to the end)."""
        upper = f"{last}-0" if last is not None else "+"
        entries = await self.redis.xrange(RoomKeys(room).log, f"{first}-0", upper)
        return [log_entry((entry_id, fields)) for entry_id, fields in entries]

    async def write_snapshot(self, room: str, epoch: str, seq: int, data: bytes, keep_from: int) -> bool:
        keys = RoomKeys(room)
        done = await self._snapshot(
            keys=[keys.meta, keys.log, keys.snap, keys.ops], args=[epoch, seq, data, keep_from]
        )
        return bool(done)

    async def op_seq(self, room: str, op_key: str) -> int | None:
        seq = await self.redis.hget(RoomKeys(room).ops, op_key)
        return int(seq) if seq is not None else None

    async def resolve(self, token: str) -> tuple[str, Grant] | None:
        """(room, grant) for a live token, else None."""
        found = await self.resolve_field(token)
        return (found[0], found[1]) if found else None

    async def resolve_field(self, token: str) -> tuple[str, Grant, str] | None:
        """(room, grant, token field) for a live token, else None."""
        parts = split_token(token)
        if parts is None:
            return None
        room, secret = parts
        field = token_field(secret)
        raw = await self.batcher.call("HGET", RoomKeys(room).meta, field)
        return (room, Grant.decode(raw.decode()), field) if raw else None

    async def revoke(self, room: str, grant: Grant, replacement: str = "") -> list[str] | None:
        """Remove every token with `grant` (and add the `replacement` token field for the
        same grant); the token fields removed, or None if the room does not exist. Every
        process hears of it on the room channel and closes those tokens' sockets."""
        keys = RoomKeys(room)
        removed = await self._revoke(keys=[keys.meta], args=[keys.channel, grant.encode(), replacement, grant.encode()])
        return None if removed is None else [field.decode() for field in removed]

    async def reserve_code(self, room: str) -> str:
        for _ in range(CODE_ATTEMPTS):
            code = new_join_code()
            if await self.redis.set(code_key(code), room, nx=True):
                return code
        raise RuntimeError("no free join code")

    async def new_code(self, room: str) -> str | None:
        """Give the room a fresh join code and retire the old one; every process hears it."""
        code = await self.reserve_code(room)
        keys = RoomKeys(room)
        old = await self._recode(keys=[keys.meta], args=[keys.channel, code])
        if old is None:
            await self.redis.delete(code_key(code))
            return None
        await self.redis.delete(code_key(old.decode()))
        return code

    async def room_of_code(self, code: str) -> str | None:
        room = await self.redis.get(code_key(code.upper()))
        return room.decode() if room else None

    async def meta_field(self, room: str, name: str) -> str | None:
        raw = await self.redis.hget(RoomKeys(room).meta, name)
        return raw.decode() if raw is not None else None
