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
