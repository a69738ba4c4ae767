"""Who is connected, per room, across every server process.

A hash field per connection, `<person>|<connection id>`, holding its expiry. Each
process refreshes its own connections; a field left behind by a crashed process
expires, and whoever sweeps next marks that person offline.
"""

from redis.asyncio import Redis

from server.store.keys import RoomKeys

PRESENCE_TTL_S = 30.0
PRESENCE_REFRESH_S = 10.0


class Presence:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def add(self, room: str, person: str, connection: str, now: float) -> None:
        await self.redis.hset(RoomKeys(room).presence, f"{person}|{connection}", now + PRESENCE_TTL_S)

    async def remove(self, room: str, person: str, connection: str, now: float) -> bool:
        """Forget one connection; True if the person is still connected elsewhere."""
        key = RoomKeys(room).presence
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hdel(key, f"{person}|{connection}")
            pipe.hgetall(key)
            _, fields = await pipe.execute()
        return person in _live(fields, now)

    async def refresh(self, room: str, fields: list[str], now: float) -> set[str]:
        """Extend this process's connections; drop expired ones; return who is live."""
        key = RoomKeys(room).presence
        async with self.redis.pipeline(transaction=True) as pipe:
            if fields:
                pipe.hset(key, mapping={name: now + PRESENCE_TTL_S for name in fields})
            pipe.hgetall(key)
            results = await pipe.execute()
        everything = results[-1]
        expired = [name for name, expiry in everything.items() if float(expiry) <= now]
        if expired:
            await self.redis.hdel(key, *expired)
        return _live(everything, now)


def _live(fields: dict[bytes, bytes], now: float) -> set[str]:
    return {
        name.decode().split("|", 1)[0] for name, expiry in fields.items() if float(expiry) > now
    }
