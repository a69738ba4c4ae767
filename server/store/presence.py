"""Who is connected, per room, across every server process.

A hash field per connection, `<person>|<connection id>`, holding its expiry. Each
process refreshes its own connections; a field left behind by a crashed process
expires, and whoever sweeps next marks that person offline.

A connection enters through `admit`, which also re-checks its token, in one step: many
connections arriving together share a pipeline (server/store/batcher.py).
"""

from redis.asyncio import Redis

from server.store.batcher import Batcher
from server.store.keys import RoomKeys
from server.store.lua import ADMIT, REFRESH

PRESENCE_TTL_S = 30.0
PRESENCE_REFRESH_S = 10.0


class Presence:
    def __init__(self, redis: Redis, batcher: Batcher | None = None) -> None:
        self.redis = redis
        self.batcher = batcher or Batcher(redis)  # the process's one (the store's): one kept connection

    async def admit(self, room: str, token_field: str, person: str | None, connection: str, now: float) -> bool:
        """For a connection already attached to its room: True if the token stored under
        `token_field` is still live, and then this connection is recorded as present (when
        it has a person) in the same step. False, with nothing written, when the token was
        revoked or the room deleted meanwhile: the caller closes the socket."""
        keys = RoomKeys(room)
        name = entry(person, connection) if person else ""
        live = await self.batcher.script(ADMIT, [keys.meta, keys.presence], [token_field, name, now + PRESENCE_TTL_S])
        return bool(live)

    async def remove(self, room: str, person: str, connection: str, now: float) -> bool:
        """Forget one connection; True if the person is still connected elsewhere."""
        key = RoomKeys(room).presence
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hdel(key, entry(person, connection))
            pipe.hgetall(key)
            _, fields = await pipe.execute()
        return person in _live(fields, now)

    async def refresh(self, room: str, fields: list[str], now: float) -> set[str]:
        """Extend this process's connections; drop expired ones; return who is live. One
        script through the batcher: a heartbeat over many rooms is a few round trips."""
        live = await self.batcher.script(REFRESH, [RoomKeys(room).presence], [now, now + PRESENCE_TTL_S, *fields])
        return {_person_of(name) for name in live}


def entry(person: str, connection: str) -> str:
    """The presence field of one connection."""
    return f"{person}|{connection}"


def _person_of(field: bytes) -> str:
    """The person of a presence field, as Redis returns it."""
    return field.decode().split("|", 1)[0]


def _live(fields: dict[bytes, bytes], now: float) -> set[str]:
    return {_person_of(name) for name, expiry in fields.items() if float(expiry) > now}
