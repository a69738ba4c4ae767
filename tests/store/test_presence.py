"""Presence entries: one per connection, refreshed by their process, expiring otherwise."""

from redis.asyncio import Redis

from server.store.presence import PRESENCE_TTL_S, Presence
from server.store.tokens import new_room_id


async def test_a_person_stays_online_while_any_of_their_connections_remains(redis_client: Redis) -> None:
    presence, room = Presence(redis_client), new_room_id()
    await presence.add(room, "p2", "tab1", 100.0)
    await presence.add(room, "p2", "tab2", 100.0)
    assert await presence.remove(room, "p2", "tab1", 101.0) is True
    assert await presence.remove(room, "p2", "tab2", 101.0) is False


async def test_connections_nobody_refreshes_expire_and_are_swept(redis_client: Redis) -> None:
    presence, room = Presence(redis_client), new_room_id()
    await presence.add(room, "p2", "a", 100.0)  # its process died: never refreshed
    await presence.add(room, "p3", "b", 100.0)
    later = 100.0 + PRESENCE_TTL_S + 1
    assert await presence.refresh(room, ["p3|b"], later - 2) == {"p2", "p3"}
    assert await presence.refresh(room, ["p3|b"], later) == {"p3"}
    assert await redis_client.hkeys(f"{{room:{room}}}:presence") == [b"p3|b"]
