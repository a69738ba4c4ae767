"""Hostile text in all three views, in Chromium: 200+ XSS payloads as flipchart items,
names and the title, and in the brief, the planned roles, lessons and actions and the
summary page. Nothing runs, no markup appears, every text shows exactly as typed, and
only http(s) URLs become links."""

import asyncio

import pytest
from playwright.async_api import expect

from tests.support.client import Client, create_room, join, token_of
from tests.support.xss import payloads

pytestmark = pytest.mark.browser
TRAP = """
window.__xss = 0;
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = () => { window.__xss += 1; };
}
"""
UNEXPECTED = (
    "iframe, object, embed, frame, base, meta[http-equiv], img:not([data-testid=join-qr][src^='blob:']), video, audio, svg script, math, "
    "[onerror], [onload], [onclick], [onfocus], [ontoggle], [onpointerenter], [onstart], a[href^='javascript']"
)


async def open_view(pages, url: str):
    page = await pages.open(url)
    page.on("dialog", lambda dialog: pages.errors.append(f"dialog: {dialog.message}"))
    await page.add_init_script(TRAP)
    await page.reload()
    return page


async def test_hostile_text_is_shown_as_typed_and_never_runs(server, pages) -> None:
    texts = payloads()
    title = next(t for t in texts if len(t) <= 200 and "<" in t)
    names = [t for t in texts if len(t) <= 60][:20]
    room = await create_room(server.base, title)
    invite = token_of(room["links"]["participant"])
    writers = [await Client.connect(server.ws_url, await join(server.base, invite, name)) for name in names]

    async def write(client: Client, share: list[str]) -> None:
        for text in share:
            while (await client.command("AddItem", kind="note", text=text))["t"] != "ack":
                await asyncio.sleep(0.2)  # rate-limited: slow down, as a client should

    await asyncio.gather(*(write(c, texts[i::len(writers)]) for i, c in enumerate(writers)))

    views = {
        "facilitator": await open_view(pages, room["links"]["facilitator"]),
        "display": await open_view(pages, room["links"]["display"]),
    }
    participant = await open_view(pages, room["links"]["participant"])
    await participant.get_by_test_id("join-name").fill(names[0])
    await participant.get_by_test_id("join-submit").click()
    views["participant"] = participant

    for view, page in views.items():
        await page.wait_for_function(f"document.querySelectorAll('.item-text').length >= {len(texts)}", timeout=15000)
        shown = await page.eval_on_selector_all(".item-text", "els => els.map(e => e.textContent)")
        assert sorted(shown) == sorted(texts), view
        assert (await page.get_by_test_id("title").text_content()).strip() == title, view
        body = await page.evaluate("document.body.textContent")
        if view != "display":  # the room screen shows no people list
            assert all(name in body for name in names), view
        assert await page.evaluate(f"document.querySelectorAll({UNEXPECTED!r}).length") == 0, view
        scripts = await page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
        assert all(src and src.startswith("/static/") for src in scripts), (view, scripts)
        assert await page.evaluate("window.__xss") == 0, view
    assert pages.errors == []


def within(texts: list[str], limit: int) -> str:
    """As many payloads as fit in `limit` characters, one per line."""
    out = ""
    for text in texts:
        if len(out) + len(text) + 1 > limit:
            break
        out = f"{out}\n{text}" if out else text
    return out


async def test_hostile_brief_roster_outcomes_and_summary_are_shown_as_typed(server, pages) -> None:
    texts = payloads()
    room = await create_room(server.base, "Hostile brief")
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    problem, objectives = within(texts[::2], 4000), within(texts[1::2], 4000)
    context = within([f"see https://example.org/{i}?q=<b>&x=1 {text}" for i, text in enumerate(texts[:40])], 4000)
    title = next(t for t in texts if "<" in t and len(t) <= 80)
    assert (await fac.command("UpdateBrief", title=title, problem=problem, objectives=objectives, context=context))["t"] == "ack"
    names = [t for t in texts if len(t) <= 60][:8]
    for name in names:
        assert (await fac.command("PlanRole", name=name, duty="scribe", on=True))["t"] == "ack"
    outcomes = texts[:120]
    for n, text in enumerate(outcomes):
        args = {"kind": "action", "owner": text[:120]} if n % 2 else {"kind": "lesson"}
        while (reply := await fac.command("AddOutcome", text=text, **args))["t"] != "ack":
            assert reply.get("code") == "rate_limited", reply
            await asyncio.sleep(0.2)

    participant = await open_view(pages, room["links"]["participant"])
    form = participant.get_by_test_id("join-form")  # the brief before joining, from GET .../brief
    await expect(form.get_by_test_id("join-title")).to_have_text(title)
    joining = lambda testid: form.get_by_test_id(testid).locator(".brief-text").text_content()  # noqa: E731
    assert (await joining("brief-problem"), await joining("brief-objectives"), await joining("brief-context")) == (problem, objectives, context)
    hrefs = await form.get_by_test_id("brief-context").locator("a").evaluate_all("els => els.map(a => a.href)")
    assert len(hrefs) == 40 and all(href.startswith("https://example.org/") for href in hrefs), hrefs
    assert await participant.evaluate(f"document.querySelectorAll({UNEXPECTED!r}).length") == 0
    assert await participant.evaluate("window.__xss") == 0
    await participant.get_by_test_id("join-name").fill("Reader")
    await participant.get_by_test_id("join-submit").click()
    await expect(participant.get_by_test_id("join-form")).to_have_count(0)
    await expect(participant.get_by_test_id("lobby")).to_be_visible()  # the meeting's own, now
    await expect(participant.get_by_test_id("brief-context").locator("a")).to_have_count(40)
    shown = lambda testid: participant.eval_on_selector(f"[data-testid={testid}] .brief-text", "e => e.textContent")  # noqa: E731
    assert await shown("brief-problem") == problem
    assert await shown("brief-objectives") == objectives
    assert await shown("brief-context") == context
    hrefs = await participant.eval_on_selector_all("[data-testid=brief-context] a", "els => els.map(a => a.href)")
    assert len(hrefs) == 40 and all(href.startswith("https://example.org/") for href in hrefs), hrefs
    roster = await participant.eval_on_selector_all("[data-testid=brief-roster] .person-name", "els => els.map(e => e.textContent)")
    assert roster == names
    await participant.wait_for_function(f"document.querySelectorAll('.outcome-text').length >= {len(outcomes)}")
    assert sorted(await participant.eval_on_selector_all(".outcome-text", "els => els.map(e => e.textContent)")) == sorted(outcomes)
    assert await participant.evaluate(f"document.querySelectorAll({UNEXPECTED!r}).length") == 0
    assert await participant.evaluate("window.__xss") == 0

    assert (await fac.command("NextRound"))["t"] == "ack"
    assert (await fac.command("CloseMeeting"))["t"] == "ack"
    await participant.get_by_test_id("summary-page").click()  # the trap is installed for every page of this tab
    await expect(participant.get_by_test_id("summary-actions")).to_be_visible()
    summary_texts = await participant.eval_on_selector_all(".summary .outcome-text", "els => els.map(e => e.textContent)")
    assert sorted(summary_texts) == sorted(outcomes)
    assert await participant.eval_on_selector("[data-testid=summary-problem] .brief-text", "e => e.textContent") == problem
    assert await participant.evaluate(f"document.querySelectorAll({UNEXPECTED!r}).length") == 0
    assert await participant.evaluate("window.__xss") == 0
    await fac.close()
    assert pages.errors == []
