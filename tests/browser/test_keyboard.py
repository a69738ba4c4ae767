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


async def test_before_and_after_by_keyboard_alone(server, pages) -> None:
    """The facilitator fills the brief and plans a role, adds a lesson and an action with a
    due date and closes the meeting through the confirm dialog; the case owner confirms
    the outcomes. Tab, Enter, Space and typing only; every control shows its focus."""
    room = await create_room(server.base, "Keys before and after")
    fac = await pages.open(room["links"]["facilitator"])
    await tab_to(fac, "brief-problem-input")
    await fac.keyboard.type("Handovers lose facts.")
    await tab_to(fac, "brief-objectives-input")
    await fac.keyboard.type("One written handover")
    await tab_to(fac, "brief-context-input")
    await fac.keyboard.type("Notes: https://example.org/handover")
    await tab_to(fac, "brief-save")
    await fac.keyboard.press("Enter")
    await tab_to(fac, "roster-name")
    await fac.keyboard.type("Ann")  # planned as the case owner (the first duty offered)
    await tab_to(fac, "roster-add")
    await fac.keyboard.press("Space")
    await expect(fac.get_by_test_id("roster")).to_contain_text("Ann")

    ann = await pages.open(room["links"]["participant"], viewport=PHONE)
    await expect(ann.get_by_test_id("join-form").get_by_test_id("brief-problem")).to_contain_text("Handovers lose facts.")
    await expect(ann.get_by_test_id("join-name")).to_be_focused()
    await ann.keyboard.type("Ann")
    await ann.keyboard.press("Enter")
    await expect(ann.get_by_test_id("brief-context").locator("a")).to_have_text("https://example.org/handover")

    await tab_to(fac, "round-next")
    await fac.keyboard.press("Enter")
    await expect(ann.get_by_test_id("round")).to_contain_text("Opening")
    await tab_to(fac, "outcome-add-text")  # a lesson: the kind offered first
    await fac.keyboard.type("Write it down while it is fresh")
    await tab_to(fac, "outcome-add-submit")
    await fac.keyboard.press("Enter")
    await expect(ann.get_by_test_id("lessons")).to_contain_text("Write it down while it is fresh")
    await tab_to(fac, "outcome-add-kind")
    await fac.keyboard.press("ArrowDown")  # lesson -> action
    await expect(fac.get_by_test_id("outcome-add-kind")).to_have_value("action")
    await tab_to(fac, "outcome-add-text")
    await fac.keyboard.type("Draft the handover form")
    await tab_to(fac, "outcome-add-owner")
    await fac.keyboard.type("Ann")
    await tab_to(fac, "outcome-add-due")
    await fac.keyboard.type("12012026")  # mm dd yyyy, the date field's own segments
    await expect(fac.get_by_test_id("outcome-add-due")).to_have_value("2026-12-01")
    await tab_to(fac, "outcome-add-submit")
    await fac.keyboard.press("Space")
    actions = ann.get_by_test_id("actions")
    await expect(actions).to_contain_text("Draft the handover form")
    await expect(actions).to_contain_text("2026-12-01")

    await tab_to(ann, "confirm-outcomes")  # Ann, the case owner, for the learning team
    await ann.keyboard.press("Enter")
    await expect(fac.get_by_test_id("outcomes-state")).to_have_attribute("data-state", "confirmed")

    await tab_to(fac, "close-meeting")
    await fac.keyboard.press("Enter")
    dialog = fac.get_by_test_id("confirm")
    await expect(dialog).to_be_visible()
    await expect(fac.get_by_test_id("confirm-no")).to_be_focused()  # the safe answer first
    await tab_to(fac, "confirm-yes")
    await fac.keyboard.press("Enter")
    await expect(ann.get_by_test_id("meeting-closed")).to_be_visible()
    await expect(fac.get_by_test_id("reopen-meeting")).to_be_visible()
    await expect(fac.get_by_test_id("add-item-text")).to_be_hidden()

    # closed too soon: reopened by keyboard, the live controls come back on both pages
    await tab_to(fac, "reopen-meeting")
    await fac.keyboard.press("Enter")
    await expect(fac.get_by_test_id("add-item-text")).to_be_visible()
    await expect(fac.get_by_test_id("timer")).to_be_visible()
    await expect(ann.get_by_test_id("add-item-text")).to_be_visible()
    assert pages.errors == []
