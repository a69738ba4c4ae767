"""Revoking a link closes its sockets on every server process, refuses it afterwards,
and hands out a replacement; the facilitator's link is untouched."""

import asyncio
import time

import httpx2 as httpx
import pytest

from protocol.codes import CloseCode
from tests.support.client import Client, create_room, join, token_of

CLOSED_WITHIN_S = 2.0


async def revoke(base: str, room: dict, body: dict, token: str | None = None) -> httpx.Response:
    token = token or token_of(room["links"]["facilitator"])
    async with httpx.AsyncClient() as http:
        return await http.post(f"{base}/api/rooms/{room['room']}/revoke", json=body, headers={"Authorization": f"Bearer {token}"})


async def test_a_revoked_display_link_closes_everywhere_and_its_replacement_works(start_server) -> None:
    one, two = start_server(), start_server()
    room = await create_room(one.base)
    old = token_of(room["links"]["display"])
    screens = [await Client.connect(server.ws_url, old) for server in (one, two, one, two)]
    fac = await Client.connect(one.ws_url, token_of(room["links"]["facilitator"]))
    started = time.monotonic()
    response = await revoke(one.base, room, {"link": "display"})
    assert response.status_code == 200
    codes = await asyncio.gather(*(s.wait_closed(CLOSED_WITHIN_S) for s in screens))
    assert codes == [CloseCode.FORBIDDEN] * 4 and time.monotonic() - started < CLOSED_WITHIN_S
    refused = await Client.connect(two.ws_url, old)
    assert refused.close_code == CloseCode.FORBIDDEN
    fresh = await Client.connect(two.ws_url, token_of(response.json()["url"]))
    assert fresh.welcome["you"]["role"] == "display"
    assert fac.close_code is None and await fac.ok("AddItem", kind="note", text="still steering")


async def test_removing_a_person_closes_only_their_sockets(start_server) -> None:
    one, two = start_server(), start_server()
    room = await create_room(one.base)
    invite = token_of(room["links"]["participant"])
    ann_token, bob_token = await join(one.base, invite, "Ann"), await join(one.base, invite, "Bob")
    ann = [await Client.connect(s.ws_url, ann_token) for s in (one, two)]
    bob = await Client.connect(two.ws_url, bob_token)
    person = ann[0].welcome["you"]["person"]
    assert (await revoke(one.base, room, {"person": person})).json()["revoked"] == 1
    assert [await a.wait_closed(CLOSED_WITHIN_S) for a in ann] == [CloseCode.FORBIDDEN] * 2
    assert (await Client.connect(one.ws_url, ann_token)).close_code == CloseCode.FORBIDDEN
    assert bob.close_code is None and await bob.ok("RaiseHand")


@pytest.mark.parametrize("who", ["participant", "display", "other-room"])
async def test_only_the_facilitator_link_may_revoke(server, who) -> None:
    room, other = await create_room(server.base), await create_room(server.base)
    token = {
        "participant": await join(server.base, token_of(room["links"]["participant"]), "Ann"),
        "display": token_of(room["links"]["display"]),
        "other-room": token_of(other["links"]["facilitator"]),
    }[who]
    assert (await revoke(server.base, room, {"link": "display"}, token)).status_code == 403
    still = await Client.connect(server.ws_url, token_of(room["links"]["display"]))
    assert still.close_code is None


async def test_a_new_participant_link_comes_with_a_new_join_code_everywhere(start_server) -> None:
    one, two = start_server(), start_server()
    room = await create_room(one.base)
    screen = await Client.connect(two.ws_url, token_of(room["links"]["display"]))
    assert screen.welcome["you"]["code"] == room["code"]
    response = await revoke(one.base, room, {"link": "participant"})
    code = response.json()["code"]
    assert code and code != room["code"]
    await screen.wait(lambda: screen.welcome["you"]["code"] == code, timeout=CLOSED_WITHIN_S)
    assert screen.close_code is None  # the room screen stays, and now shows the new code
    async with httpx.AsyncClient(base_url=two.base) as http:
        old = await http.post("/api/join", json={"name": "Back again", "code": room["code"]})
        new = await http.post("/api/join", json={"name": "Newcomer", "code": code})
        old_link = await http.post("/api/join", json={"name": "X"}, headers={"Authorization": f"Bearer {token_of(room['links']['participant'])}"})
        new_link = await http.post("/api/join", json={"name": "Y"}, headers={"Authorization": f"Bearer {token_of(response.json()['url'])}"})
    assert (old.status_code, new.status_code, old_link.status_code, new_link.status_code) == (403, 201, 403, 201)
