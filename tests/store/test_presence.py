"""Presence entries: one per connection, refreshed by their process, expiring otherwise;
a connection is admitted (its token re-checked, its entry written) in one step."""

import asyncio

from redis.asyncio import Redis

from server.store.keys import RoomKeys
from server.store.presence import PRESENCE_TTL_S, Presence, entry
from server.store.tokens import new_room_id


async def present(redis: Redis, room: str, person: str, connection: str, now: float) -> None:
    """A connection's entry as admission writes it, without a token to check."""
    await redis.hset(RoomKeys(room).presence, entry(person, connection), now + PRESENCE_TTL_S)


async def test_a_person_stays_online_while_any_of_their_connections_remains(redis_client: Redis) -> None:
    presence, room = Presence(redis_client), new_room_id()
    await present(redis_client, room, "p2", "tab1", 100.0)
    await present(redis_client, room, "p2", "tab2", 100.0)
    assert await presence.remove(room, "p2", "tab1", 101.0) is True
    assert await presence.remove(room, "p2", "tab2", 101.0) is False


async def test_connections_nobody_refreshes_expire_and_are_swept(redis_client: Redis) -> None:
    presence, room = Presence(redis_client), new_room_id()
    await present(redis_client, room, "p2", "a", 100.0)  # its process died: never refreshed
    await present(redis_client, room, "p3", "b", 100.0)
    later = 100.0 + PRESENCE_TTL_S + 1
    assert await presence.refresh(room, ["p3|b"], later - 2) == {"p2", "p3"}
    assert await presence.refresh(room, ["p3|b"], later) == {"p3"}
    assert await redis_client.hkeys(f"{{room:{room}}}:presence") == [b"p3|b"]


async def test_admit_records_presence_only_while_the_token_is_live(redis_client: Redis) -> None:
    presence, room = Presence(redis_client), new_room_id()
    keys = RoomKeys(room)
    await redis_client.hset(keys.meta, mapping={"tok:ann": "participant:p2", "tok:screen": "display"})
    assert await presence.admit(room, "tok:ann", "p2", "tab1", 100.0) is True
    assert await presence.admit(room, "tok:screen", None, "tv", 100.0) is True  # no person: nothing to record
    assert await redis_client.hgetall(keys.presence) == {b"p2|tab1": str(100.0 + PRESENCE_TTL_S).encode()}
    await redis_client.hdel(keys.meta, "tok:ann")  # revoked while the socket was attaching
    assert await presence.admit(room, "tok:ann", "p2", "tab2", 100.0) is False
    assert await presence.admit(new_room_id(), "tok:ann", "p2", "tab3", 100.0) is False  # no such room (deleted)
    assert await redis_client.hkeys(keys.presence) == [b"p2|tab1"]  # nothing written for a revoked token
    assert await presence.refresh(room, ["p2|tab1"], 101.0) == {"p2"}


async def test_many_admissions_at_once_each_get_their_own_answer(redis_client: Redis) -> None:
    presence, room = Presence(redis_client), new_room_id()
    keys = RoomKeys(room)
    await redis_client.hset(keys.meta, mapping={f"tok:{n}": f"participant:p{n}" for n in range(0, 100, 2)})
    answers = await asyncio.gather(*(presence.admit(room, f"tok:{n}", f"p{n}", "c", 100.0) for n in range(100)))
    assert answers == [n % 2 == 0 for n in range(100)]
    assert sorted(await redis_client.hkeys(keys.presence)) == sorted(f"p{n}|c".encode() for n in range(0, 100, 2))
