"""Redis key names. Every key of a room shares the hash tag `{room:<id>}`, so a
Redis Cluster keeps a room on one shard and one Lua script may touch them all."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RoomKeys:
    room: str

    @property
    def _tag(self) -> str:
        return f"{{room:{self.room}}}"

    @property
    def meta(self) -> str:  # hash: seq, epoch, snap_seq, code, tok:<sha256> -> grant
        return self._tag + ":meta"

    @property
    def log(self) -> str:  # stream: entry id <seq>-0, field e = encoded event
        return self._tag + ":log"

    @property
    def snap(self) -> str:  # string: encoded full state at meta.snap_seq
        return self._tag + ":snap"

    @property
    def ops(self) -> str:  # hash: <actor>:<op id> -> seq, trimmed with the log
        return self._tag + ":ops"

    @property
    def claim(self) -> str:  # string, expiring: the process whose turn it is to commit (lua.COMMIT)
        return self._tag + ":claim"

    @property
    def presence(self) -> str:  # hash: <person>|<connection> -> expiry (epoch seconds)
        return self._tag + ":presence"

    @property
    def channel(self) -> str:  # pub/sub: every commit, announced once
        return self._tag + ":ch"

    def all(self) -> tuple[str, ...]:
        return (self.meta, self.log, self.snap, self.ops, self.presence)


GENERATION_KEY = "pc:generation"  # changes only when Redis lost its data (see RoomStore.generation)


def code_key(code: str) -> str:
    """The short join code's index entry: code -> room id."""
    return f"code:{code}"
