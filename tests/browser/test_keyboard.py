"""Keyboard only, in Chromium: a participant raises and lowers a hand and adds an item, the
facilitator starts the next round, gives the floor and starts the timer, all with Tab, Enter
and Space; the focused control always shows a visible focus ring, and the changes are
announced in the live region."""

import pytest
from playwright.async_api import Page, expect

from tests.support.client import create_room

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 780}
MAX_TABS = 250


async def tab_to(page: Page, testid: str) -> None:
    """Press Tab until the control `testid` has the focus; it must show a focus ring."""
    for _ in range(MAX_TABS):
        await page.keyboard.press("Tab")
        if await page.evaluate("document.activeElement?.dataset?.testid") == testid:
            outline = await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline not in ("none", ""), f"{testid} has no visible focus"
            return
    raise AssertionError(f"{testid} cannot be reached with Tab")


async def test_a_meeting_by_keyboard_alone(server, pages) -> None:
    room = await create_room(server.base, "Keyboard only")
    fac = await pages.open(room["links"]["facilitator"])
    ann = await pages.open(room["links"]["participant"], viewport=PHONE)
    await expect(ann.get_by_test_id("join-name")).to_be_focused()
    await ann.keyboard.type("Ann")
    await ann.keyboard.press("Enter")
    await expect(ann.get_by_test_id("raise-hand")).to_be_visible()

    # the participant: raise (Space) and lower (Enter) a hand, then raise it again
    await tab_to(ann, "raise-hand")
    await ann.keyboard.press("Space")
    await expect(fac.get_by_test_id("queue-entry")).to_have_count(1)
    await expect(fac.get_by_test_id("announcer")).to_have_text("Ann raised a hand.")
    await tab_to(ann, "lower-hand")
    await ann.keyboard.press("Enter")
    await expect(fac.get_by_test_id("queue-entry")).to_have_count(0)
    await expect(fac.get_by_test_id("announcer")).to_have_text("Ann lowered a hand.")
    await tab_to(ann, "raise-hand")
    await ann.keyboard.press("Enter")
    await expect(ann.get_by_test_id("queue-position")).to_have_text("You are next.")

    # the participant adds an item: type, Tab to Add, Enter
    await tab_to(ann, "add-item-text")
    await ann.keyboard.type("How did the first week go?")
    await tab_to(ann, "add-item-submit")
    await ann.keyboard.press("Enter")
    await expect(fac.get_by_test_id("items")).to_contain_text("How did the first week go?")

    # the facilitator: next round, give the floor to the next hand, start the timer
    await tab_to(fac, "round-next")
    await fac.keyboard.press("Enter")
    await expect(ann.get_by_test_id("round")).to_contain_text("Opening")
    await tab_to(fac, "give-next")
    await fac.keyboard.press("Space")
    await expect(ann.get_by_test_id("speaker")).to_contain_text("You have the floor")
    await expect(ann.get_by_test_id("announcer")).to_have_text("You have the floor")
    await tab_to(fac, "timer-start")
    await fac.keyboard.press("Enter")
    await expect(ann.get_by_test_id("timer-status")).to_have_text("Running")
    await tab_to(fac, "timer-pause")
    await fac.keyboard.press("Space")
    await expect(ann.get_by_test_id("timer-status")).to_have_text("Paused")
    assert pages.errors == []
