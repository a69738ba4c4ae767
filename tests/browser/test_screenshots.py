"""The three views as the README shows them, taken by the suite so they stay current:
a participant on a 360 px phone, the facilitator on a laptop, the room screen at 1080p
(docs/screenshots/*.png); the room screen at 4K is checked for fit, not kept. No view
scrolls sideways."""

import time
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.support.client import Client, create_method_room, join, token_of

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


async def no_sideways_scroll(page: Page, view: str) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert width <= 0, f"{view} scrolls sideways by {width}px"


async def test_screenshots_of_the_three_views(server, pages, tmp_path) -> None:
    room = await create_method_room(server.base, "peer_assist", "Onboarding new hires")
    invite = token_of(room["links"]["participant"])
    peers = {name: await Client.connect(server.ws_url, await join(server.base, invite, name)) for name in ("Bram", "Chloé", "Dev")}
    fac = await pages.open(room["links"]["facilitator"], viewport={"width": 1440, "height": 900})
    screen = await pages.open(room["links"]["display"], viewport={"width": 1920, "height": 1080})
    ann = await pages.open(room["links"]["participant"], viewport={"width": 360, "height": 780})
    await ann.get_by_test_id("join-name").fill("Ann")
    await ann.get_by_test_id("join-submit").click()
    await expect(fac.get_by_test_id("people").locator("li")).to_have_count(5)

    for _ in range(3):  # opening, tell, ask
        await fac.get_by_test_id("round-next").click()
    await expect(ann.get_by_test_id("round")).to_contain_text("Ask")
    for text in ("Who welcomes a new hire on day one?", "What did the last three hires struggle with?"):
        await peers["Bram"].command("AddItem", kind="question", text=text)
    await peers["Chloé"].command("AddItem", kind="note", text="Buddy system worked well at the Utrecht office")
    await peers["Dev"].command("RaiseHand")
    await peers["Chloé"].command("RaiseHand")
    await fac.get_by_test_id("give-next").click()
    await ann.get_by_test_id("raise-hand").click()
    await fac.get_by_test_id("timer-preset-3").click()
    await expect(screen.get_by_test_id("queue-entry")).to_have_count(2)
    await expect(screen.get_by_test_id("join-qr")).to_be_visible()
    await expect(ann.get_by_test_id("queue-position")).to_contain_text("number 2")

    await fac.evaluate("window.scrollTo(0, 0)")
    await fac.get_by_test_id("round-next").blur()
    SHOTS.mkdir(parents=True, exist_ok=True)
    await ann.screenshot(path=SHOTS / "participant-phone.png", full_page=True)
    await fac.screenshot(path=SHOTS / "facilitator-laptop.png")
    await screen.screenshot(path=SHOTS / "room-screen.png")
    for page, view in ((ann, "participant at 360 px"), (fac, "facilitator"), (screen, "display at 1080p")):
        await no_sideways_scroll(page, view)

    await screen.set_viewport_size({"width": 3840, "height": 2160})
    await no_sideways_scroll(screen, "display at 4K")
    clock = await screen.get_by_test_id("timer").bounding_box()
    assert clock and clock["height"] >= 150  # readable across the room at 4K too
    await screen.screenshot(path=tmp_path / "room-screen-4k.png")  # to look at by hand: pytest --basetemp
    assert pages.errors == []


async def test_screenshot_of_the_room_screen_in_the_lobby(server, pages) -> None:
    """Before the start at 1080p: the title, the brief with its planned start, the join
    code and QR, "waiting for the facilitator"; everything on one screen, nothing cut."""
    room = await create_method_room(server.base, "peer_assist", "Night handovers")
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    await fac.ok("UpdateBrief", problem="Night handovers lose facts: the day shift starts without knowing what happened.",
                 objectives="One handover checklist everyone uses, tried for a month.",
                 context="Last month's incident log: https://example.org/log?week=12&ward=3\nRead it before we meet.",
                 starts_at=time.time() + 25 * 60 + 30)
    await fac.ok("PlanRole", name="Ann", duty="case_owner", on=True)
    screen = await pages.open(room["links"]["display"], viewport={"width": 1920, "height": 1080})
    await expect(screen.get_by_test_id("brief-starts")).to_contain_text("in 26 min")
    await expect(screen.get_by_test_id("join-qr")).to_be_visible()
    await expect(screen.get_by_test_id("waiting")).to_be_visible()
    await expect(screen.get_by_test_id("brief-roster")).to_have_count(0)  # the room screen names nobody
    SHOTS.mkdir(parents=True, exist_ok=True)
    await screen.screenshot(path=SHOTS / "room-screen-lobby.png")
    await no_sideways_scroll(screen, "display lobby at 1080p")
    for testid in ("brief-objectives", "brief-context", "join-code", "waiting"):  # all above the fold
        box = await screen.get_by_test_id(testid).bounding_box()
        assert box and box["y"] + box["height"] <= 1080, f"{testid} is below the fold at 1080p"
    await fac.close()
    assert pages.errors == []
