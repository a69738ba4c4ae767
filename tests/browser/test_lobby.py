"""The lobby before joining, in Chromium: the participant invite shows the brief above the
name field (title, when it starts, the problem, objectives and briefing links), says when
the meeting is under way, and once the meeting has closed offers no join at all, also
when it closes while the form is open."""

import time

import pytest
from playwright.async_api import expect

from tests.support.client import Client, create_room, token_of

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 780}


async def prepared(server, title: str = "Handovers lose facts") -> tuple[dict, Client]:
    room = await create_room(server.base, title)
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    starts = time.time() + 25 * 60 + 30
    await fac.ok("UpdateBrief", problem="Night shift hands over by voice.", objectives="One written handover",
                 context="Notes: https://example.org/handover (and javascript:alert(1))", starts_at=starts)
    return room, fac


async def test_the_invite_shows_the_brief_above_the_name_field_then_joins(server, pages) -> None:
    room, fac = await prepared(server)
    page = await pages.open(room["links"]["participant"], viewport=PHONE)
    form = page.get_by_test_id("join-form")
    await expect(form.get_by_test_id("join-title")).to_have_text("Handovers lose facts")
    await expect(form.get_by_test_id("brief-problem")).to_contain_text("Night shift hands over by voice.")
    await expect(form.get_by_test_id("brief-objectives")).to_contain_text("One written handover")
    await expect(form.get_by_test_id("brief-starts")).to_contain_text("in 26 min")
    links = form.get_by_test_id("brief-context").locator("a")
    await expect(links).to_have_count(1)
    assert await links.get_attribute("href") == "https://example.org/handover"
    await expect(form.get_by_test_id("join-started")).to_have_count(0)
    brief_bottom = await form.get_by_test_id("lobby").evaluate("e => e.getBoundingClientRect().bottom")
    name_top = await page.get_by_test_id("join-name").evaluate("e => e.getBoundingClientRect().top")
    assert brief_bottom <= name_top
    await expect(page.get_by_test_id("join-name")).to_be_focused()

    await page.get_by_test_id("join-name").fill("Ann")
    await page.get_by_test_id("join-submit").click()
    await expect(page.get_by_test_id("join-form")).to_have_count(0)
    await expect(page.get_by_test_id("lobby")).to_have_count(1)  # the meeting's own lobby, not a second one
    await expect(page.get_by_test_id("brief-problem")).to_contain_text("Night shift")
    await fac.close()
    assert pages.errors == []


async def test_once_under_way_the_form_says_so(server, pages) -> None:
    room, fac = await prepared(server)
    await fac.ok("NextRound")
    page = await pages.open(room["links"]["participant"], viewport=PHONE)
    await expect(page.get_by_test_id("join-started")).to_be_visible()
    await expect(page.get_by_test_id("join-submit")).to_be_enabled()
    await fac.close()


async def test_a_closed_meeting_offers_no_join(server, pages) -> None:
    room, fac = await prepared(server, "Closed before you came")
    await fac.ok("CloseMeeting")
    page = await pages.open(room["links"]["participant"], viewport=PHONE)
    await expect(page.get_by_test_id("join-closed")).to_be_visible()
    await expect(page.get_by_test_id("join-closed")).to_contain_text("This meeting has closed")
    await expect(page.get_by_test_id("join-closed-title")).to_have_text("Closed before you came")
    await expect(page.get_by_test_id("join-form")).to_have_count(0)
    await expect(page.locator("input, button[type=submit]")).to_have_count(0)
    await fac.close()
    assert pages.errors == []


async def test_a_meeting_closing_while_the_form_is_open_refuses_the_join_clearly(server, pages) -> None:
    room, fac = await prepared(server)
    page = await pages.open(room["links"]["participant"], viewport=PHONE)
    await expect(page.get_by_test_id("join-title")).to_be_visible()
    await fac.ok("CloseMeeting")
    await page.get_by_test_id("join-name").fill("Late Larry")
    await page.get_by_test_id("join-submit").click()
    await expect(page.get_by_test_id("join-closed")).to_be_visible()
    await expect(page.get_by_test_id("join-form")).to_have_count(0)
    await fac.close()
    assert pages.errors == []
