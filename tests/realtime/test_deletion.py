"""Deleting a meeting removes every Redis key of it, closes its sockets on every process,
frees its join code, and it stays deleted: it is not "restored" as if Redis had lost it."""

import asyncio

import httpx2 as httpx
from redis.asyncio import Redis

from protocol.codes import CloseCode
from tests.support.client import Client, create_room, join, token_of


async def delete(base: str, room: dict, token: str) -> int:
    async with httpx.AsyncClient() as http:
        response = await http.delete(f"{base}/api/rooms/{room['room']}", headers={"Authorization": f"Bearer {token}"})
    return response.status_code


async def test_a_deleted_meeting_leaves_no_key_and_no_socket(start_server, redis_client: Redis) -> None:
    one, two = start_server(), start_server()
    room = await create_room(one.base)
    fac_token = token_of(room["links"]["facilitator"])
    fac = await Client.connect(one.ws_url, fac_token)
    ann = await Client.connect(two.ws_url, await join(two.base, token_of(room["links"]["participant"]), "Ann"))
    await ann.ok("AddItem", kind="note", text="confidential")
    assert await delete(one.base, room, token_of(room["links"]["display"])) == 403
    assert await redis_client.keys(f"*{room['room']}*")

    assert await delete(one.base, room, fac_token) == 204
    assert [await c.wait_closed(2) for c in (fac, ann)] == [CloseCode.UNKNOWN_ROOM] * 2
    await asyncio.sleep(0.5)  # let every process settle: nothing may write the room back
    assert await redis_client.keys(f"*{room['room']}*") == []
    assert await redis_client.get(f"code:{room['code']}") is None
    again = await Client.connect(two.ws_url, fac_token)
    assert again.close_code == CloseCode.FORBIDDEN
    assert await redis_client.keys(f"*{room['room']}*") == []


async def test_every_key_of_a_meeting_carries_the_retention_clock(start_server, redis_client: Redis) -> None:
    server = start_server(PEERCIRCLE_RETENTION_S="120")
    room = await create_room(server.base)
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    await fac.ok("AddItem", op="kept-op", kind="note", text="x")
    await asyncio.sleep(10.5)  # one heartbeat: the keys created since creation get the clock too
    keys = await redis_client.keys(f"*{room['room']}*") + [f"code:{room['code']}".encode()]
    ttls = [await redis_client.ttl(key) for key in keys]
    assert len(keys) >= 4 and all(0 < ttl <= 120 for ttl in ttls), dict(zip(keys, ttls))
