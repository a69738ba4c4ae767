"""The HTTP contract: create a meeting, join it, check health, and the page headers."""

import re

import httpx2 as httpx
import pytest
import segno

from tests.support.client import Client, create_room, token_of
from tests.support.processes import RedisServer

TOKEN = re.compile(r"^[0-9a-f]{18}\.[A-Za-z0-9_-]{32}$")


async def test_creating_a_meeting_answers_three_capability_links_and_a_join_code(server) -> None:
    room = await create_room(server.base, "Launch retrospective")
    assert set(room) == {"room", "code", "links"} and re.fullmatch(r"[A-Z2-9]{6}", room["code"])
    for view, link in room["links"].items():
        path, _, secret = link.partition("#")
        assert path == f"{server.base}/{view}" and "?" not in link
        assert TOKEN.match(secret) and secret.startswith(room["room"] + ".")
    assert len(set(room["links"].values())) == 3


@pytest.mark.parametrize("body", [{}, {"title": ""}, {"title": "   "}, {"title": 5}, {"title": "x" * 201}, [1]])
async def test_a_meeting_needs_a_sensible_title(server, body) -> None:
    async with httpx.AsyncClient() as http:
        response = await http.post(server.base + "/api/rooms", json=body)
    assert response.status_code == 400 and response.json()["error"] == "invalid"


async def test_joining_needs_the_invite_or_the_code_and_a_name(server) -> None:
    room = await create_room(server.base)
    invite, display = token_of(room["links"]["participant"]), token_of(room["links"]["display"])
    async with httpx.AsyncClient(base_url=server.base) as http:
        assert (await http.post("/api/join", json={"name": "Ann"})).status_code == 403
        assert (await http.post("/api/join", json={"name": "Ann"}, headers={"Authorization": f"Bearer {display}"})).status_code == 403
        assert (await http.post("/api/join", json={"name": ""}, headers={"Authorization": f"Bearer {invite}"})).status_code == 400
        by_code = await http.post("/api/join", json={"name": "Bo", "code": room["code"].lower()})
        by_invite = await http.post("/api/join", json={"name": "Cy"}, headers={"Authorization": f"Bearer {invite}"})
    assert by_code.status_code == by_invite.status_code == 201
    assert by_code.json()["person"] != by_invite.json()["person"]
    bo = await Client.connect(server.ws_url, by_code.json()["token"])
    assert [p["name"] for p in bo.state["people"]] == ["Facilitator", "Bo", "Cy"]


@pytest.mark.parametrize("path", ["/", "/facilitator", "/participant", "/display", "/join", "/summary"])
async def test_pages_forbid_inline_script_framing_referrers_and_caching(server, path) -> None:
    async with httpx.AsyncClient() as http:
        response = await http.get(server.base + path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"


async def test_the_qr_code_of_the_join_page_is_for_the_display_and_facilitator_links_only(server) -> None:
    room = await create_room(server.base)
    invite = token_of(room["links"]["participant"])
    async with httpx.AsyncClient(base_url=server.base) as http:
        joined = (await http.post("/api/join", json={"name": "Ann"}, headers={"Authorization": f"Bearer {invite}"})).json()
        answers = {
            view: await http.get("/api/qr", headers={"Authorization": f"Bearer {token_of(room['links'][view])}"})
            for view in ("display", "facilitator")
        }
        refused = [
            await http.get("/api/qr", headers=headers)
            for headers in ({}, {"Authorization": f"Bearer {invite}"}, {"Authorization": f"Bearer {joined['token']}"},
                            {"Authorization": "Bearer nonsense"}, {"Authorization": f"Bearer {room['room']}.{'x' * 32}"})
        ]
    url = f"{server.base}/join#{room['code']}"
    for answer in answers.values():
        assert answer.status_code == 200 and answer.headers["content-type"] == "image/svg+xml"
        assert answer.headers["x-join-url"] == url and answer.headers["cache-control"] == "no-store"
        size = segno.make(url, error="m", micro=False).symbol_size(border=2)[0]
        assert answer.text.startswith("<svg") and f'viewBox="0 0 {size} {size}"' in answer.text  # scales to any size
        assert room["code"] not in answer.text and "script" not in answer.text
    assert [r.status_code for r in refused] == [403] * 5


async def test_health_needs_a_real_publish_subscribe_round_trip(start_server, tmp_path) -> None:
    redis = RedisServer(tmp_path / "redis").start()
    try:
        server = start_server(redis.url)
        async with httpx.AsyncClient() as http:
            assert (await http.get(server.base + "/healthz")).status_code == 200
            redis.kill()
            response = await http.get(server.base + "/healthz", timeout=10)
        assert response.status_code == 503 and response.json() == {"ok": False}
    finally:
        redis.kill()


async def test_the_methods_are_published_with_the_rules_of_every_round(server) -> None:
    async with httpx.AsyncClient() as http:
        response = await http.get(server.base + "/api/methods")
    assert response.status_code == 200
    methods = {m["id"]: m for m in response.json()["methods"]}
    assert set(methods) == {"peer_assist", "incident", "balint", "gossip", "five_step"}
    assert [r["key"] for r in methods["peer_assist"]["rounds"]] == ["opening", "tell", "ask", "analyse", "feedback", "lessons", "close"]
    assert len(methods["incident"]["rounds"]) == 10
    assert methods["peer_assist"]["peers"] == [4, 7]  # the seed text: "works best in groups of 4-7"
    rules = {r["key"]: r for r in methods["incident"]["rounds"]}
    assert rules["write_advice"]["visibility"] == "private" and rules["write_advice"]["speaking"] == "silent_writing"
    assert rules["share_advice"]["owner"] == "listening" and rules["share_advice"]["turn_seconds"] > 0
    kinds = {t["key"] for t in response.json()["round_types"]}
    assert {r["key"] for m in methods.values() for r in m["rounds"]} <= kinds


@pytest.mark.parametrize("method", ["incident", "balint", "gossip", "five_step"])
async def test_a_meeting_starts_with_the_agenda_of_its_method(server, method) -> None:
    async with httpx.AsyncClient() as http:
        plan = {m["id"]: m for m in (await http.get(server.base + "/api/methods")).json()["methods"]}[method]
        created = await http.post(server.base + "/api/rooms", json={"title": "Intervisie", "method": method})
        unknown = await http.post(server.base + "/api/rooms", json={"title": "Intervisie", "method": "seance"})
    assert created.status_code == 201 and unknown.status_code == 400
    display = await Client.connect(server.ws_url, token_of(created.json()["links"]["display"]))
    assert display.state["method"] == method and display.state["current"] is None
    assert [(r["kind"], r["minutes"]) for r in display.state["agenda"]] == [(r["key"], r["minutes"]) for r in plan["rounds"]]
