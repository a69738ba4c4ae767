"""Keepalive on a real server: silent sockets are pinged, dead ones closed, talkers left alone."""

import asyncio
import logging

import msgpack
import pytest
import websockets

from tests.support.client import Client, create_room, join, token_of

INTERVAL_S, TIMEOUT_S = 0.6, 0.6  # the server's settings here; the sweep runs 5 times per interval


@pytest.fixture
def quick_server(start_server):
    return start_server(PEERCIRCLE_PING_INTERVAL_S=str(INTERVAL_S), PEERCIRCLE_PING_TIMEOUT_S=str(TIMEOUT_S))


class PingLog(logging.Handler):
    """Counts the pings a websockets client receives (it answers them by itself)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.pings = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("< PING"):
            self.pings += 1


async def connect_logged(server, token: str) -> tuple[websockets.ClientConnection, PingLog]:
    handler = PingLog()
    logger = logging.getLogger(f"keepalive-test-{id(handler)}")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    logger.propagate = False
    ws = await websockets.connect(server.ws_url, origin=server.base, logger=logger, ping_interval=None,
                                  compression=None)
    await ws.send(msgpack.packb({"t": "hello", "v": 1, "token": token}))
    return ws, handler


async def read_for(ws: websockets.ClientConnection, seconds: float) -> list[dict]:
    frames = []
    try:
        async with asyncio.timeout(seconds):
            async for data in ws:
                frames.append(msgpack.unpackb(data))
    except TimeoutError:
        pass
    return frames


async def test_a_silent_socket_is_pinged_answers_and_stays(quick_server):
    room = await create_room(quick_server.base)
    ws, log = await connect_logged(quick_server, token_of(room["links"]["display"]))
    frames = await read_for(ws, 4 * (INTERVAL_S + TIMEOUT_S))
    assert frames and frames[0]["t"] == "welcome"
    assert log.pings >= 2  # pinged again after each silence
    await ws.send(msgpack.packb({"t": "ping", "ts": 1}))
    assert (await read_for(ws, 1.0))[0]["t"] == "pong"  # still open and served
    await ws.close()


async def test_a_socket_that_keeps_talking_is_never_pinged(quick_server):
    room = await create_room(quick_server.base)
    ws, log = await connect_logged(quick_server, token_of(room["links"]["facilitator"]))
    for _ in range(int(3 * (INTERVAL_S + TIMEOUT_S) / 0.2)):
        await ws.send(msgpack.packb({"t": "ping", "ts": 1}))
        await read_for(ws, 0.2)
    assert log.pings == 0
    await ws.close()


async def test_a_socket_that_stops_answering_is_closed_and_its_person_goes_offline(quick_server):
    room = await create_room(quick_server.base)
    fac = await Client.connect(quick_server.ws_url, token_of(room["links"]["facilitator"]))
    ws, _ = await connect_logged(quick_server, await join(quick_server.base, token_of(room["links"]["participant"]), "Gone"))
    await fac.wait(lambda: any(e["name"] == "Gone" for e in fac.of_type("PersonJoined")))
    person = next(e["person"] for e in fac.of_type("PersonJoined") if e["name"] == "Gone")
    await fac.wait(lambda: any(e["person"] == person for e in fac.of_type("PersonCameOnline")))
    ws.transport.pause_reading()  # a phone that lost its network: nothing is read, nothing answered
    await fac.wait(lambda: any(e["person"] == person for e in fac.of_type("PersonWentOffline")),
                   timeout=4 * (INTERVAL_S + TIMEOUT_S) + 2)
    assert fac.close_code is None  # the facilitator's client answers its pings and stays
    assert await fac.ok("AddItem", kind="note", text="still here")
    ws.transport.abort()
    await fac.close()
