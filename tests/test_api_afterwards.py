"""After the meeting over HTTP, against real server processes and a real Redis: a meeting
held over the WebSocket protocol, then its summary and exports compared with the state
the facilitator's socket holds, who may read what, the summary link, the follow-up,
deletion and retention from the close."""

import asyncio
import csv
import io
from dataclasses import dataclass

import httpx2 as httpx
import pytest
from redis.asyncio import Redis

from server.exports.markdown import escape
from tests.support.client import Client, create_room, join, token_of

SECRET = "Cat keeps this to herself"


@dataclass
class Held:
    """A meeting run over the wire. `fac` holds the facilitator's live state."""

    base: str
    room: dict
    fac: Client
    tokens: dict[str, str]  # facilitator, invite, display, ann, bob, cat

    @property
    def id(self) -> str:
        return self.room["room"]

    def url(self, path: str) -> str:
        return f"{self.base}/api/rooms/{self.id}/{path}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def open_meeting(server) -> Held:
    room = await create_room(server.base, "Onboarding: half the time")
    invite = token_of(room["links"]["participant"])
    tokens = {"facilitator": token_of(room["links"]["facilitator"]), "invite": invite,
              "display": token_of(room["links"]["display"])}
    fac = await Client.connect(server.ws_url, tokens["facilitator"])
    for name in ("Ann", "Bob", "Cat"):
        tokens[name.lower()] = await join(server.base, invite, name)
    return Held(server.base, room, fac, tokens)


async def hold(server, close: bool = True) -> Held:
    """Items before the start and in three rounds; a private round where Bob's advice is
    revealed and Cat's never is; airtime; a lesson and two actions, one drawn from a card,
    confirmed by Ann, the case owner; then the close."""
    held = await open_meeting(server)
    fac = held.fac
    ann, bob, cat = [await Client.connect(server.ws_url, held.tokens[n]) for n in ("ann", "bob", "cat")]
    await fac.ok("SetDuty", person=ann.welcome["you"]["person"], duty="case_owner", on=True)
    await fac.ok("UpdateBrief", problem="New colleagues need 6 weeks", objectives="Halve it", context="See https://wiki")
    await fac.ok("AddItem", kind="note", text="Agreed: learning, not judging")
    await fac.ok("NextRound")
    await bob.ok("AddItem", kind="note", text="Opening remark")
    agenda = {r["kind"]: r["id"] for r in fac.state["agenda"]}
    await fac.ok("JumpToRound", round=agenda["ask"])
    await bob.ok("AddItem", kind="question", text="Who owns onboarding?")
    await bob.ok("RaiseHand")
    await fac.ok("GiveFloor")
    await asyncio.sleep(0.3)
    await bob.ok("EndFloor")
    await fac.ok("AddRound", kind="write_advice")
    await fac.wait(lambda: any(e["type"] == "AgendaChanged" for e in fac.events))
    private = [e for e in fac.events if e["type"] == "AgendaChanged"][-1]["agenda"][-1]["id"]
    await fac.ok("JumpToRound", round=private)
    await bob.ok("AddItem", kind="option", text="Pair every newcomer with a buddy")
    await cat.ok("AddItem", kind="option", text=SECRET)
    await fac.ok("RevealItems", person=bob.welcome["you"]["person"])
    await fac.ok("JumpToRound", round=agenda["lessons"])
    await ann.ok("AddOutcome", kind="lesson", text="Ask the newcomers, not the managers")
    buddy = next(e["item"] for e in bob.events if e["type"] == "ItemAdded" and e["text"].startswith("Pair"))
    await ann.ok("AddOutcome", kind="action", text="Write the buddy guide", owner="Ann", due="2026-12-01", item=buddy)
    await ann.ok("AddOutcome", kind="action", text="=Measure, then report", owner="Bob")
    await ann.ok("ConfirmOutcomes")
    if close:
        await fac.ok("CloseMeeting")
    await fac.wait_seq(max(c.seq for c in (ann, bob, cat)))
    for client in (ann, bob, cat):
        await client.close()
    return held


async def fresh_state(held: Held) -> dict:
    """The facilitator's snapshot as a new socket receives it now."""
    again = await Client.connect(held.base.replace("http://", "ws://") + "/ws", held.tokens["facilitator"])
    await again.close()
    return again.state


async def test_the_json_export_holds_every_visible_item_and_every_outcome(server) -> None:
    held = await hold(server)
    state = await fresh_state(held)
    async with httpx.AsyncClient() as http:
        answer = await http.get(held.url("export.json"), headers=bearer(held.tokens["bob"]))
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    assert answer.headers["content-disposition"].startswith('attachment; filename="peercircle-onboarding-half-the-time-')
    doc = answer.json()
    assert doc["format"] == "peercircle.export/1" and doc["summary"]["format"] == "peercircle.summary/1"
    summary = doc["summary"]
    visible = {i["id"]: i for i in state["items"] if not i["hidden"]}
    exported = {i["id"]: i for group in summary["board"] for i in group["items"]}
    assert set(exported) == set(visible) and len(visible) == 4 and summary["unrevealed"] == 1
    for item_id, item in visible.items():
        assert (exported[item_id]["text"], exported[item_id]["kind"], exported[item_id]["author"]) == (item["text"], item["kind"], item["author"])
    rounds = {r["id"]: r["kind"] for r in state["agenda"]}
    for group in summary["board"]:
        assert all(visible[i["id"]]["round"] == group["round"] for i in group["items"])
        assert group["kind"] == rounds.get(group["round"])
    confirmed = state["confirmed"]["outcomes"]
    assert summary["outcomes"]["lessons"] + summary["outcomes"]["actions"] == sorted(confirmed, key=lambda o: o["kind"] == "action")
    assert summary["outcomes"]["confirmed"] and summary["outcomes"]["confirmed_by"] == "Ann"
    assert [row["name"] for row in summary["airtime"]] == ["Bob"] and summary["airtime"][0]["seconds"] > 0.2
    assert summary["closed_at"] == state["closed_at"] and summary["brief"]["problem"] == "New colleagues need 6 weeks"
    assert doc["meeting"]["items"] == [{**i, "text": ""} if i["hidden"] else i for i in state["items"]]
    assert SECRET not in answer.text


async def test_the_csv_export_is_the_actions_and_the_markdown_has_every_card_and_action(server) -> None:
    held = await hold(server)
    state = await fresh_state(held)
    async with httpx.AsyncClient() as http:
        csv_answer = await http.get(held.url("export.csv"), headers=bearer(held.tokens["facilitator"]))
        md_answer = await http.get(held.url("export.md"), headers=bearer(held.tokens["ann"]))
    assert csv_answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv_answer.headers["content-disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(csv_answer.content.decode("utf-8-sig"), newline="")))
    actions = [o for o in state["confirmed"]["outcomes"] if o["kind"] == "action"]
    assert [(r["Id"], r["What"], r["Owner"], r["Due"], r["Status"]) for r in rows] == [
        (a["id"], "'" + a["text"] if a["text"].startswith("=") else a["text"], a["owner"], a["due"], a["status"]) for a in actions]
    assert rows[0]["Source item"] == "Pair every newcomer with a buddy"

    assert md_answer.status_code == 200 and md_answer.headers["content-type"] == "text/markdown; charset=utf-8"
    md = md_answer.text
    for item in state["items"]:
        assert item["hidden"] or escape(item["text"]) in md, item
    assert escape(SECRET) not in md and SECRET not in md
    for outcome in state["confirmed"]["outcomes"]:
        assert escape(outcome["text"]) in md
    assert "## Actions" in md and "Owner: Ann" in md


async def test_exports_speak_the_language_asked_for_or_the_browsers(server) -> None:
    held = await hold(server)
    async with httpx.AsyncClient() as http:
        asked = await http.get(held.url("export.md") + "?lang=nl", headers=bearer(held.tokens["facilitator"]))
        browser = await http.get(held.url("export.csv"), headers={**bearer(held.tokens["facilitator"]), "Accept-Language": "nl-BE,nl;q=0.9"})
        default = await http.get(held.url("export.csv"), headers=bearer(held.tokens["facilitator"]))
        zone = await http.get(held.url("export.md") + "?tz=Mars/Olympus", headers=bearer(held.tokens["facilitator"]))
    assert "## Geleerde lessen" in asked.text and "Doorvragen" in asked.text and "Eigenaar: Ann" in asked.text
    assert browser.content.decode("utf-8-sig").startswith("Id,Wat,Eigenaar,Uiterlijk,Status,Toelichting,Overgenomen,Bronkaartje")
    assert default.content.decode("utf-8-sig").startswith("Id,What,Owner,Due,Status,Note,Carried over,Source item")
    assert zone.status_code == 400


async def statuses(held: Held, token: str | None) -> dict[str, int]:
    headers = bearer(token) if token else {}
    async with httpx.AsyncClient() as http:
        return {
            path: (await http.get(held.url(path), headers=headers)).status_code
            for path in ("summary", "export.md", "export.json", "export.csv")
        }


async def summary_link(held: Held, method: str = "POST") -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.request(method, held.url("summary-link"), headers=bearer(held.tokens["facilitator"]))


def everything(status: int) -> dict[str, int]:
    return {"summary": status, "export.md": status, "export.json": status, "export.csv": status}


async def test_who_may_read_the_summary_and_exports_before_the_close(server) -> None:
    held = await hold(server, close=False)
    reader = token_of((await summary_link(held)).json()["url"])
    assert await statuses(held, held.tokens["facilitator"]) == everything(200)  # a preview
    assert await statuses(held, held.tokens["bob"]) == everything(409)
    assert await statuses(held, reader) == {**everything(403), "summary": 409}
    assert await statuses(held, held.tokens["display"]) == everything(403)
    assert await statuses(held, held.tokens["invite"]) == everything(403)
    async with httpx.AsyncClient() as http:
        early = await http.get(held.url("summary"), headers=bearer(held.tokens["bob"]))
    assert early.json()["error"] == "not_closed"


async def test_who_may_read_the_summary_and_exports_after_the_close(server) -> None:
    held = await hold(server)
    reader = token_of((await summary_link(held)).json()["url"])
    assert await statuses(held, held.tokens["facilitator"]) == everything(200)
    assert await statuses(held, held.tokens["cat"]) == everything(200)
    assert await statuses(held, reader) == {**everything(403), "summary": 200}
    assert await statuses(held, held.tokens["display"]) == everything(403)
    assert await statuses(held, held.tokens["invite"]) == everything(403)
    assert await statuses(held, None) == everything(403)
    assert await statuses(held, f"{held.id}.{'x' * 32}") == everything(403)
    other = await create_room(server.base)  # a valid link of another meeting
    assert await statuses(held, token_of(other["links"]["facilitator"])) == everything(403)


async def test_each_reader_sees_their_own_private_card_and_nobody_elses(server) -> None:
    held = await hold(server)
    reader = token_of((await summary_link(held)).json()["url"])
    async with httpx.AsyncClient() as http:
        seen = {who: (await http.get(held.url("summary"), headers=bearer(token))).json()
                for who, token in (("cat", held.tokens["cat"]), ("bob", held.tokens["bob"]), ("reader", reader),
                                   ("facilitator", held.tokens["facilitator"]))}
    cards = {who: [(i["text"], i["hidden"]) for g in s["board"] for i in g["items"] if i["text"] == SECRET] for who, s in seen.items()}
    assert cards == {"cat": [(SECRET, True)], "bob": [], "reader": [], "facilitator": []}
    assert [s["unrevealed"] for s in seen.values()] == [0, 1, 1, 1]


async def test_a_new_summary_link_replaces_the_old_and_a_revoked_one_stops_working(server, redis_client: Redis) -> None:
    held = await hold(server)
    first = await summary_link(held)
    assert first.status_code == 201 and first.json()["url"].startswith(f"{server.base}/summary#{held.id}.")
    second = await summary_link(held)
    old, new = token_of(first.json()["url"]), token_of(second.json()["url"])
    assert (await statuses(held, old))["summary"] == 403 and (await statuses(held, new))["summary"] == 200
    grants = await redis_client.hvals(f"{{room:{held.id}}}:meta")
    assert grants.count(b"reader") == 1
    assert (await summary_link(held, "DELETE")).status_code == 204
    assert (await statuses(held, new))["summary"] == 403
    assert b"reader" not in await redis_client.hvals(f"{{room:{held.id}}}:meta")
    async with httpx.AsyncClient() as http:
        for token in (held.tokens["bob"], held.tokens["display"], new):
            for method in ("POST", "DELETE"):
                assert (await http.request(method, held.url("summary-link"), headers=bearer(token))).status_code == 403


async def test_the_follow_up_carries_lessons_and_open_actions_and_opens_with_accountability(server) -> None:
    held = await open_meeting(server)
    async with httpx.AsyncClient() as http:
        early = await http.post(held.url("follow-up"), headers=bearer(held.tokens["facilitator"]))
    assert early.status_code == 409 and early.json()["error"] == "not_closed"
    await held.fac.ok("Rename", name="Fay")
    await held.fac.ok("UpdateBrief", problem="Onboarding is slow")
    await held.fac.ok("NextRound")
    agenda = {r["kind"]: r["id"] for r in held.fac.state["agenda"]}
    await held.fac.ok("JumpToRound", round=agenda["lessons"])
    await held.fac.ok("AddOutcome", kind="lesson", text="Ask newcomers")
    await held.fac.ok("AddOutcome", kind="action", text="Buddy guide", owner="Ann")
    await held.fac.ok("AddOutcome", kind="action", text="Already done", owner="Bob")
    await held.fac.ok("EditOutcome", outcome="o3", status="done")
    await held.fac.ok("CloseMeeting")
    async with httpx.AsyncClient() as http:
        refused = [await http.post(held.url("follow-up"), headers=bearer(held.tokens[who])) for who in ("bob", "display")]
        answer = await http.post(held.url("follow-up"), headers=bearer(held.tokens["facilitator"]))
    assert [r.status_code for r in refused] == [403, 403]
    assert answer.status_code == 201 and set(answer.json()) == {"room", "code", "links"}
    assert set(answer.json()["links"]) == {"facilitator", "participant", "display"} and answer.json()["room"] != held.id
    follow = await Client.connect(server.ws_url, token_of(answer.json()["links"]["facilitator"]))
    state = follow.state
    assert state["follows"] == held.id and state["title"] == "Onboarding: half the time"
    assert state["brief"]["problem"] == "Onboarding is slow" and state["current"] is None
    assert [r["kind"] for r in state["agenda"]][:2] == ["opening", "accountability"]
    assert [(o["kind"], o["text"], o["carried"]) for o in state["outcomes"]] == [
        ("lesson", "Ask newcomers", True), ("action", "Buddy guide", True)]
    assert next(p for p in state["people"] if p["id"] == follow.welcome["you"]["person"])["name"] == "Fay"


async def test_deleting_a_meeting_with_a_summary_link_leaves_no_key_of_it(server, redis_client: Redis) -> None:
    held = await hold(server)
    reader = token_of((await summary_link(held)).json()["url"])
    assert (await statuses(held, reader))["summary"] == 200
    async with httpx.AsyncClient() as http:
        deleted = await http.delete(f"{server.base}/api/rooms/{held.id}", headers=bearer(held.tokens["facilitator"]))
    assert deleted.status_code == 204
    await asyncio.sleep(0.5)  # nothing may write the room back
    left = [key async for key in redis_client.scan_iter(match=f"*{held.id}*")]
    assert left == [] and await redis_client.get(f"code:{held.room['code']}") is None
    assert await statuses(held, reader) == everything(403)


@pytest.mark.parametrize("retention", [120])
async def test_a_closed_meeting_expires_retention_after_its_close_not_after_its_last_activity(start_server, redis_client, retention) -> None:
    server = start_server(PEERCIRCLE_RETENTION_S=str(retention))
    held = await open_meeting(server)
    await held.fac.ok("NextRound")
    await held.fac.ok("CloseMeeting")
    closed_at = (await fresh_state(held))["closed_at"]
    meta = f"{{room:{held.id}}}:meta"
    ttls = []
    for _ in range(2):  # two heartbeats with the facilitator still connected
        await asyncio.sleep(10.5)
        ttls.append(await redis_client.ttl(meta))
    now = await redis_client.time()
    expected = closed_at + retention - (now[0] + now[1] / 1e6)
    assert abs(ttls[-1] - expected) <= 11, (ttls, expected)
    assert ttls[1] < ttls[0] - 5  # the clock runs on from the close; it is not restarted
    keys = [key async for key in redis_client.scan_iter(match=f"*{held.id}*")] + [f"code:{held.room['code']}".encode()]
    assert len(keys) >= 4 and all(0 < ttl <= ttls[-1] + 1 for ttl in [await redis_client.ttl(key) for key in keys])
