"""WCAG 2.2 AA in Chromium: axe-core on every view (landing, join, participant, facilitator,
display) in the states a meeting goes through: before the start, a private writing round,
and a round-robin with turns going round. Zero violations, every time."""

import pytest
from playwright.async_api import Page, expect

from tests.browser.axe import violations
from tests.support.client import create_method_room

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 780}
LAPTOP = {"width": 1366, "height": 768}
ROOM_SCREEN = {"width": 1920, "height": 1080}


async def assert_accessible(page: Page, state: str) -> None:
    found = await violations(page)
    assert found == [], f"{state}:\n" + "\n".join(found)


async def test_every_view_in_every_state_has_no_axe_violations(server, pages) -> None:
    landing = await pages.open(server.base + "/")
    await expect(landing.get_by_test_id("method-select").locator("option")).to_have_count(5)
    await assert_accessible(landing, "landing")
    await landing.get_by_test_id("create-title").fill("Accessible intake")
    await landing.get_by_test_id("create-submit").click()
    await expect(landing.get_by_test_id("created")).to_be_visible()
    await assert_accessible(landing, "landing, meeting created")

    room = await create_method_room(server.base, "incident", "Incident, accessibly")
    join_page = await pages.open(f"{server.base}/join#{room['code']}", viewport=PHONE)
    await assert_accessible(join_page, "join page")

    fac = await pages.open(room["links"]["facilitator"], viewport=LAPTOP)
    screen = await pages.open(room["links"]["display"], viewport=ROOM_SCREEN)
    ann = await pages.open(room["links"]["participant"], viewport=PHONE)
    await assert_accessible(ann, "participant, join form")
    await ann.get_by_test_id("join-name").fill("Ann")
    await ann.get_by_test_id("join-submit").click()
    bo = await pages.open(room["links"]["participant"], viewport=PHONE)
    await bo.get_by_test_id("join-name").fill("Bo")
    await bo.get_by_test_id("join-submit").click()
    await expect(ann.get_by_test_id("raise-hand")).to_be_visible()
    await ann.get_by_test_id("raise-hand").click()
    await expect(fac.get_by_test_id("queue-entry")).to_have_count(1)
    await expect(screen.get_by_test_id("join-qr")).to_be_visible()
    views = {"facilitator": fac, "display": screen, "participant": ann}
    for name, page in views.items():
        await assert_accessible(page, f"{name}, before the start")

    # a private writing round: Ann writes a question only she can read
    for _ in range(3):  # choose a case, tell, write questions
        await fac.get_by_test_id("round-next").click()
    await expect(ann.get_by_test_id("add-item-private")).to_be_visible()
    await ann.get_by_test_id("add-item-text").fill("What did the client expect?")
    await ann.get_by_test_id("add-item-submit").click()
    await expect(fac.get_by_test_id("item-placeholder")).to_have_count(1)
    await expect(ann.get_by_test_id("item-private")).to_be_visible()
    for name, page in views.items():
        await assert_accessible(page, f"{name}, private writing")

    # a round-robin: turns go round, the first turn is Ann's
    await fac.get_by_test_id("round-next").click()
    await fac.get_by_test_id("turns-start").click()
    await expect(ann.get_by_test_id("your-turn")).to_be_visible()
    await fac.get_by_test_id("timer-preset-1").click()
    await expect(screen.get_by_test_id("timer")).to_be_visible()
    for name, page in {**views, "other participant": bo}.items():
        await assert_accessible(page, f"{name}, round-robin")
    assert pages.errors == []


async def test_before_and_after_the_meeting_have_no_axe_violations(server, pages) -> None:
    """The lobby with a brief, the Prepare panel, lessons and actions (an editor's and a
    reader's), the closed state on every view, and the summary page."""
    room = await create_method_room(server.base, "peer_assist", "Accessible handovers")
    fac = await pages.open(room["links"]["facilitator"], viewport=LAPTOP)
    await fac.get_by_test_id("brief-problem-input").fill("Handovers lose facts.")
    await fac.get_by_test_id("brief-context-input").fill("See https://example.org/notes for the log.")
    await fac.get_by_test_id("brief-starts-input").fill("2031-05-06T14:00")
    await fac.get_by_test_id("brief-save").click()
    await fac.get_by_test_id("roster-name").fill("Ann")
    await fac.get_by_test_id("roster-add").click()
    screen = await pages.open(room["links"]["display"], viewport=ROOM_SCREEN)
    ann = await pages.open(room["links"]["participant"], viewport=PHONE)
    await expect(ann.get_by_test_id("join-form").get_by_test_id("brief-starts")).to_contain_text("2031")
    await assert_accessible(ann, "participant, join form with a brief")
    await ann.get_by_test_id("join-name").fill("Ann")
    await ann.get_by_test_id("join-submit").click()
    bo = await pages.open(room["links"]["participant"], viewport=PHONE)
    await bo.get_by_test_id("join-name").fill("Bo")
    await bo.get_by_test_id("join-submit").click()
    await expect(bo.get_by_test_id("join-form")).to_have_count(0)
    await expect(bo.get_by_test_id("brief-context").locator("a")).to_have_count(1)
    await expect(screen.get_by_test_id("brief-starts")).to_contain_text("2031")
    for name, page in {"facilitator": fac, "display": screen, "participant": bo}.items():
        await assert_accessible(page, f"{name}, lobby with a brief")

    await fac.get_by_test_id("round-next").click()
    await ann.get_by_test_id("outcome-add-kind").select_option("action")
    await ann.get_by_test_id("outcome-add-text").fill("Write the checklist")
    await ann.get_by_test_id("outcome-add-owner").fill("Ann")
    await ann.get_by_test_id("outcome-add-submit").click()
    await fac.get_by_test_id("outcome-add-text").fill("Facts need an owner")
    await fac.get_by_test_id("outcome-add-submit").click()
    await expect(bo.get_by_test_id("lessons").locator("li")).to_have_count(1)
    for name, page in {"facilitator": fac, "case owner": ann, "participant": bo}.items():
        await assert_accessible(page, f"{name}, lessons and actions")
    action = (await fac.get_by_test_id("actions").locator("tbody tr").first.get_attribute("data-testid")).removeprefix("action-")
    await fac.get_by_test_id(f"outcome-edit-{action}").click()
    await assert_accessible(fac, "facilitator, editing an action")
    await fac.get_by_test_id("outcome-cancel").click()
    await ann.get_by_test_id("confirm-outcomes").click()
    await expect(fac.get_by_test_id("outcomes-state")).to_have_attribute("data-state", "confirmed")

    await fac.get_by_test_id("close-meeting").click()
    await assert_accessible(fac, "facilitator, asked to close")
    await fac.get_by_test_id("confirm-yes").click()
    await fac.get_by_test_id("summary-link-create").click()
    await expect(fac.get_by_test_id("summary-link")).to_be_visible()
    await expect(bo.get_by_test_id("meeting-closed")).to_be_visible()
    await expect(screen.get_by_test_id("meeting-closed")).to_be_visible()
    for name, page in {"facilitator": fac, "display": screen, "participant": bo}.items():
        await assert_accessible(page, f"{name}, closed")
    latecomer = await pages.open(room["links"]["participant"], viewport=PHONE)
    await expect(latecomer.get_by_test_id("join-closed")).to_be_visible()
    await assert_accessible(latecomer, "participant invite, meeting closed")
    await bo.get_by_test_id("summary-page").click()
    await expect(bo.get_by_test_id("summary-actions")).to_contain_text("Write the checklist")
    await assert_accessible(bo, "summary page, phone")
    reader = await pages.open(await fac.get_by_test_id("summary-link").input_value(), viewport=LAPTOP)
    await expect(reader.get_by_test_id("summary-lessons")).to_contain_text("Facts need an owner")
    await assert_accessible(reader, "summary page, read-only link")
    assert pages.errors == []
