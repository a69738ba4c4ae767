"""A burst of clients arriving at once (a restart, a room full of phones scanning the
QR code): every one is admitted; none is refused for want of a Redis connection."""

import asyncio

from tests.support.client import Client, create_room, token_of

BURST = 300


async def test_a_burst_of_hellos_is_admitted_without_refusals(server) -> None:
    room = await create_room(server.base)
    token = token_of(room["links"]["display"])
    clients = await asyncio.gather(*(Client.connect(server.ws_url, token) for _ in range(BURST)))
    refused = [c.close_code for c in clients if c.close_code is not None]
    assert refused == []
    assert all(c.welcome["you"]["role"] == "display" for c in clients)
    await asyncio.gather(*(c.close() for c in clients))
