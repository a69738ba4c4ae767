"""A server process going away for a restart (SIGTERM: uvicorn closes every socket with
1012) does not announce its people as gone: they reconnect elsewhere in a moment, and a
commit per socket would outlast the shutdown's grace period. Whoever does not come back
is marked offline by the presence sweep of a process that still serves the room."""

import asyncio
import time

from protocol.codes import CloseCode
from server.store.presence import PRESENCE_REFRESH_S
from tests.support.client import Client, create_room, join, token_of


def presence_of(client: Client, person: str) -> list[str]:
    return [e["type"] for e in client.events
            if e["type"] in ("PersonCameOnline", "PersonWentOffline") and e["person"] == person]


async def test_a_restart_is_not_announced_and_who_does_not_return_is_marked_offline(start_server) -> None:
    leaving, staying = start_server(), start_server()
    room = await create_room(staying.base)
    invite = token_of(room["links"]["participant"])
    fac = await Client.connect(staying.ws_url, token_of(room["links"]["facilitator"]))
    pat_token, quin_token = await join(staying.base, invite, "Pat"), await join(staying.base, invite, "Quin")
    pat = await Client.connect(leaving.ws_url, pat_token)
    quin = await Client.connect(leaving.ws_url, quin_token)
    pat_id, quin_id = pat.welcome["you"]["person"], quin.welcome["you"]["person"]
    await fac.wait(lambda: presence_of(fac, pat_id) == ["PersonCameOnline"] and presence_of(fac, quin_id) == ["PersonCameOnline"])
    fac.events.clear()

    await asyncio.to_thread(leaving.stop)  # SIGTERM: a graceful shutdown
    assert await pat.wait_closed() == CloseCode.SERVICE_RESTART
    assert await quin.wait_closed() == CloseCode.SERVICE_RESTART
    back = await Client.connect(staying.ws_url, pat_token, epoch=pat.epoch, seq=pat.seq)  # Pat returns at once
    assert back.welcome and not back.gaps

    # Quin never returns: the sweep marks them offline within two presence rounds
    started = time.monotonic()
    await fac.wait(lambda: presence_of(fac, quin_id) == ["PersonWentOffline"], timeout=2 * PRESENCE_REFRESH_S + 5)
    assert time.monotonic() - started <= 2 * PRESENCE_REFRESH_S + 5
    assert presence_of(fac, pat_id) == []  # no flicker for the one who came back
    people = {p["id"]: p for p in (await Client.connect(staying.ws_url, token_of(room["links"]["display"]))).state["people"]}
    assert people[pat_id]["online"] and not people[quin_id]["online"]
