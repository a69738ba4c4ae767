"""Hostile text in all three views, in Chromium: 200+ XSS payloads as flipchart items,
names and the title. Nothing runs, no markup appears, every text shows exactly as typed."""

import asyncio

import pytest

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
