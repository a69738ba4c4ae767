"""Admitting many sockets at once (a reconnect storm, in small): all of them get in, their
token lookups and presence entries sharing pipelines, with presence right for each.
Sockets racing a revocation all end closed with FORBIDDEN, whichever step of their
admission the revocation met; and, in-process so that it lands exactly there, a
revocation between the token lookup and the attach (no announcement can reach the
socket yet) is caught by the re-check and leaves no presence behind."""

import asyncio
from types import SimpleNamespace

import httpx2 as httpx
import msgpack
from redis.asyncio import Redis

from protocol.codes import CloseCode
from server.meetings import create_meeting
from server.realtime.guard import FailureGuard
from server.realtime.hubs import Hubs
from server.realtime.session import serve
from server.store.keys import RoomKeys
from server.store.presence import Presence
from server.store.rooms import RoomStore
from server.store.tokens import Grant
from tests.support.client import Client, create_room, join, token_of

CROWD = 80
RACERS = 60
SETTLE_S = 10.0
ORIGIN = "http://circle.test"


def online(client: Client) -> set[str]:
    """Who the client has seen come online and not go offline since."""
    seen: set[str] = set()
    for event in client.events:
        if event["type"] == "PersonCameOnline":
            seen.add(event["person"])
        elif event["type"] == "PersonWentOffline":
            seen.discard(event["person"])
    return seen


async def test_a_crowd_arriving_at_once_is_admitted_with_presence_right_and_leaves_cleanly(
    server, redis_client: Redis
) -> None:
    room = await create_room(server.base)
    invite = token_of(room["links"]["participant"])
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    gate = asyncio.Semaphore(16)

    async def joined(n: int) -> str:
        async with gate:
            return await join(server.base, invite, f"P{n}")

    tokens = await asyncio.gather(*(joined(n) for n in range(CROWD)))
    crowd = await asyncio.gather(*(Client.connect(server.ws_url, token) for token in tokens))
    people = {client.welcome["you"]["person"] for client in crowd}
    assert len(people) == CROWD and all(client.close_code is None for client in crowd)
    await fac.wait(lambda: people <= online(fac), timeout=SETTLE_S)
    presence = await redis_client.hkeys(RoomKeys(room["room"]).presence)
    assert sorted(name.decode().split("|")[0] for name in presence) == sorted(people | {"p1"})
    assert await crowd[0].ok("AddItem", kind="note", text="all in") is not None

    await asyncio.gather(*(client.close() for client in crowd))
    await fac.wait(lambda: not (people & online(fac)), timeout=SETTLE_S)
    assert [name.decode().split("|")[0] for name in await redis_client.hkeys(RoomKeys(room["room"]).presence)] == ["p1"]


async def test_sockets_racing_a_revocation_all_end_closed_forbidden(server) -> None:
    room = await create_room(server.base)
    screen = token_of(room["links"]["display"])
    racers = [asyncio.create_task(Client.connect(server.ws_url, screen)) for _ in range(RACERS)]
    await asyncio.wait(racers, return_when=asyncio.FIRST_COMPLETED)  # revoke while the others are on their way in
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"{server.base}/api/rooms/{room['room']}/revoke", json={"link": "display"},
            headers={"Authorization": f"Bearer {token_of(room['links']['facilitator'])}"},
        )
    assert response.status_code == 200
    clients = await asyncio.gather(*racers)
    codes = await asyncio.gather(*(client.wait_closed(SETTLE_S) for client in clients))
    assert codes == [CloseCode.FORBIDDEN] * RACERS


class FakeSocket:
    """Just enough of Starlette's WebSocket for `serve`: it sends a hello, then nothing,
    and notes how it was closed."""

    def __init__(self, hello: dict) -> None:
        self.headers = {"origin": ORIGIN, "host": ORIGIN.removeprefix("http://")}
        self.scope = {"scheme": "ws"}
        self.client = SimpleNamespace(host="127.0.0.1")
        self.sent: list[dict] = []
        self.close_code: int | None = None
        self._inbox: asyncio.Queue[dict] = asyncio.Queue()
        self._inbox.put_nowait({"type": "websocket.receive", "bytes": msgpack.packb(hello)})

    async def accept(self) -> None:
        pass

    async def receive(self) -> dict:
        return await self._inbox.get()

    _receive = receive  # the read loop's direct path

    async def send_bytes(self, data: bytes) -> None:
        self.sent.append(msgpack.unpackb(data))

    async def close(self, code: int = 1000, reason: str = "") -> None:
        self.close_code = code
        self._inbox.put_nowait({"type": "websocket.disconnect", "code": code})


class RevokingHubs(Hubs):
    """Revokes a grant just before the first hub is acquired: after the token lookup found
    it live, before the room is subscribed, so its announcement can reach nobody."""

    def __init__(self, store: RoomStore, grant: Grant) -> None:
        super().__init__(store)
        self.grant: Grant | None = grant

    async def acquire(self, room: str):
        if self.grant is not None:
            await self.store.revoke(room, self.grant)
            self.grant = None
        return await super().acquire(room)


async def test_a_revocation_between_lookup_and_attach_closes_forbidden_and_leaves_no_presence(
    store: RoomStore, redis_client: Redis
) -> None:
    meeting = await create_meeting(store, "Race")
    hubs = RevokingHubs(store, Grant("facilitator", "p1"))
    await hubs.start()
    socket = FakeSocket({"t": "hello", "v": 1, "token": meeting.facilitator})
    try:
        await asyncio.wait_for(serve(socket, store, hubs, Presence(redis_client), frozenset(), FailureGuard()), SETTLE_S)
    finally:
        await hubs.stop()
    assert socket.close_code == CloseCode.FORBIDDEN
    assert await redis_client.hgetall(RoomKeys(meeting.room).presence) == {}
    assert not any(event["type"] == "PersonCameOnline" for frame in socket.sent for event in frame.get("events", []))
