"""The lobby over HTTP (GET /api/rooms/{room}/brief), against a real server process and a
real Redis: every live link of the meeting reads the brief before joining, the summary
link and strangers do not, and wrong tokens count towards the guessing limit."""

import httpx2 as httpx

from tests.support.client import Client, create_room, join, token_of

FIELDS = {"title", "method", "problem", "objectives", "context", "starts_at", "started", "closed"}
STARTS_AT = 1_900_000_000.0


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token is not None else {}


async def get_brief(base: str, room: str, token: str | None) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.get(f"{base}/api/rooms/{room}/brief", headers=bearer(token))


async def prepared(server) -> tuple[dict, dict[str, str], Client]:
    room = await create_room(server.base, "Onboarding: half the time")
    tokens = {link: token_of(url) for link, url in room["links"].items()}
    tokens["invite"] = tokens.pop("participant")
    tokens["ann"] = await join(server.base, tokens["invite"], "Ann")
    fac = await Client.connect(server.ws_url, tokens["facilitator"])
    await fac.ok("UpdateBrief", problem="New colleagues need 6 weeks", objectives="Halve it",
                 context="See https://wiki.example/onboarding", starts_at=STARTS_AT)
    return room, tokens, fac


async def test_every_live_link_reads_the_brief_and_sees_the_meeting_start_and_close(server) -> None:
    room, tokens, fac = await prepared(server)
    for link in ("invite", "ann", "facilitator", "display"):
        answer = await get_brief(server.base, room["room"], tokens[link])
        assert answer.status_code == 200, (link, answer.text)
        assert answer.json() == {
            "title": "Onboarding: half the time", "method": "peer_assist",
            "problem": "New colleagues need 6 weeks", "objectives": "Halve it",
            "context": "See https://wiki.example/onboarding", "starts_at": STARTS_AT,
            "started": False, "closed": False,
        }
    await fac.ok("NextRound")
    started = (await get_brief(server.base, room["room"], tokens["invite"])).json()
    assert set(started) == FIELDS and (started["started"], started["closed"]) == (True, False)
    await fac.ok("CloseMeeting")
    closed = (await get_brief(server.base, room["room"], tokens["invite"])).json()
    assert (closed["started"], closed["closed"]) == (True, True)
    await fac.close()


async def test_joining_a_closed_meeting_is_refused_with_wrong_state(server) -> None:
    room, tokens, fac = await prepared(server)
    await fac.ok("CloseMeeting")
    async with httpx.AsyncClient() as http:
        answer = await http.post(server.base + "/api/join", json={"name": "Bob"}, headers=bearer(tokens["invite"]))
    assert answer.status_code == 409 and answer.json()["error"] == "wrong_state"
    await fac.close()


async def test_the_summary_link_strangers_and_revoked_links_may_not_read_the_brief(server) -> None:
    room, tokens, fac = await prepared(server)
    async with httpx.AsyncClient() as http:
        link = await http.post(f"{server.base}/api/rooms/{room['room']}/summary-link", headers=bearer(tokens["facilitator"]))
        rotated = await http.post(f"{server.base}/api/rooms/{room['room']}/revoke", json={"link": "participant"},
                                  headers=bearer(tokens["facilitator"]))
    other = await create_room(server.base)
    refused = {
        "reader": token_of(link.json()["url"]),
        "none": None,
        "made up": f"{room['room']}.{'x' * 32}",
        "another meeting's": token_of(other["links"]["facilitator"]),
        "revoked invite": tokens["invite"],
    }
    for who, token in refused.items():
        answer = await get_brief(server.base, room["room"], token)
        assert answer.status_code == 403 and answer.json()["error"] == "forbidden", who
    fresh = token_of(rotated.json()["url"])
    assert (await get_brief(server.base, room["room"], fresh)).status_code == 200
    await fac.close()


async def test_wrong_tokens_count_towards_the_limit_and_the_summary_link_does_not(start_server) -> None:
    server = start_server()
    room, tokens, fac = await prepared(server)
    async with httpx.AsyncClient() as http:
        link = await http.post(f"{server.base}/api/rooms/{room['room']}/summary-link", headers=bearer(tokens["facilitator"]))
    reader = token_of(link.json()["url"])
    for _ in range(25):  # a valid token of the wrong kind is refused without counting
        assert (await get_brief(server.base, room["room"], reader)).status_code == 403
    assert (await get_brief(server.base, room["room"], tokens["invite"])).status_code == 200
    for _ in range(20):
        assert (await get_brief(server.base, room["room"], f"{room['room']}.{'y' * 32}")).status_code == 403
    blocked = await get_brief(server.base, room["room"], tokens["invite"])
    assert blocked.status_code == 429 and blocked.json()["error"] == "rate_limited"
    await fac.close()
