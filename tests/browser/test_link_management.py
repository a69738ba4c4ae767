"""The facilitator manages the meeting's links, its people and the meeting itself from the
page, in real Chromium: every step asks first (a modal dialog that works by keyboard), and
every other open page sees the result (4003 for a replaced link or a removed person, 4004
for a deleted meeting)."""

import json

import pytest
from playwright.async_api import Page, expect

from tests.support.client import create_room

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 780}
LINK_GONE = "This link is not valid (any more)"
MEETING_GONE = "This meeting no longer exists."


async def join(pages, url: str, name: str) -> Page:
    page = await pages.open(url, viewport=PHONE)
    await page.get_by_test_id("join-name").fill(name)
    await page.get_by_test_id("join-submit").click()
    await expect(page.get_by_test_id("raise-hand")).to_be_visible()
    return page


async def person_id(page: Page, name: str) -> str:
    row = page.get_by_test_id("people").locator("li", has=page.get_by_text(name, exact=True))
    return (await row.get_attribute("data-testid")).removeprefix("person-")


async def saved_links(page: Page, room: str) -> dict:
    return json.loads(await page.evaluate(f"localStorage.getItem('peercircle:links:{room}')"))["links"]


async def confirm(page: Page, expected: str) -> None:
    dialog = page.get_by_test_id("confirm")
    await expect(dialog).to_be_visible()
    await expect(dialog).to_contain_text(expected)
    await expect(page.get_by_test_id("confirm-no")).to_be_focused()  # the safe answer first
    await page.get_by_test_id("confirm-yes").click()
    await expect(dialog).to_be_hidden()


async def test_replace_links_remove_a_person_and_delete_the_meeting(server, pages) -> None:
    fac = await pages.open(server.base + "/")
    await fac.get_by_test_id("create-title").fill("Retro")
    await fac.get_by_test_id("create-submit").click()
    links = {view: await fac.get_by_test_id(f"link-{view}").input_value() for view in ("facilitator", "participant", "display")}
    room = links["facilitator"].split("#", 1)[1].split(".", 1)[0]
    await fac.get_by_test_id("open-facilitator").click()  # same browser: the saved links show
    await expect(fac.get_by_test_id("link-display")).to_have_value(links["display"])

    screen = await pages.open(links["display"])
    await expect(screen.get_by_test_id("connection-state")).to_have_text("Connected")
    ann = await join(pages, links["participant"], "Ann")
    bram = await join(pages, links["participant"], "Bram")
    await expect(fac.get_by_text("3 of 3 online")).to_be_visible()

    # "No" (here: Escape, by keyboard) changes nothing
    await fac.get_by_test_id("rotate-participant").focus()
    await fac.keyboard.press("Enter")
    await expect(fac.get_by_test_id("confirm")).to_contain_text("nobody can join with them any more")
    await fac.keyboard.press("Escape")
    await expect(fac.get_by_test_id("confirm")).to_be_hidden()
    await expect(fac.get_by_test_id("rotate-participant")).to_be_focused()
    await expect(fac.get_by_test_id("link-participant")).to_have_value(links["participant"])

    # a new room display link: the open screen is told its link is gone; the new one works
    await fac.get_by_test_id("rotate-display").click()
    await confirm(fac, "every screen showing it is disconnected")
    await expect(fac.get_by_test_id("link-display")).not_to_have_value(links["display"])
    new_display = await fac.get_by_test_id("link-display").input_value()
    assert new_display.startswith(server.base + "/display#")
    assert (await saved_links(fac, room))["display"] == new_display
    await expect(screen.get_by_test_id("connection-state")).to_contain_text(LINK_GONE)
    new_screen = await pages.open(new_display)
    await expect(new_screen.get_by_test_id("connection-state")).to_have_text("Connected")
    await expect(new_screen.get_by_test_id("title")).to_have_text("Retro")
    old_screen = await pages.open(links["display"])
    await expect(old_screen.get_by_test_id("connection-state")).to_contain_text(LINK_GONE)

    # remove Bram: his page says his place is gone; Ann goes on; no Remove for guests or the facilitator
    await fac.get_by_test_id("guest-name").fill("Chris")
    await fac.get_by_test_id("guest-add").click()
    await expect(fac.get_by_test_id("people")).to_contain_text("Chris")
    guest = await person_id(fac, "Chris")
    assert await fac.get_by_test_id(f"remove-{guest}").count() == 0
    assert await fac.locator("[data-testid^=remove-]").count() == 2  # Ann and Bram only
    bram_id, ann_id = await person_id(fac, "Bram"), await person_id(fac, "Ann")
    await fac.get_by_test_id(f"remove-{bram_id}").click()
    await confirm(fac, "Bram is disconnected at once")
    await expect(bram.get_by_test_id("join-error")).to_contain_text("no longer valid")
    await expect(fac.get_by_test_id(f"person-{bram_id}")).to_contain_text("removed")
    await expect(fac.get_by_test_id(f"remove-{bram_id}")).to_have_count(0)
    await expect(ann.get_by_test_id("connection-state")).to_have_text("Connected")
    await ann.get_by_test_id("raise-hand").click()
    await expect(fac.get_by_test_id("queue")).to_contain_text("Ann")
    assert await fac.get_by_test_id(f"remove-{ann_id}").count() == 1

    # delete the meeting: this page says so, and every open page is told it is gone
    await fac.get_by_test_id("delete-meeting").click()
    await confirm(fac, "This cannot be undone")
    await expect(fac.get_by_test_id("meeting-deleted")).to_contain_text("This meeting was deleted")
    for page in (ann, new_screen):
        await expect(page.get_by_test_id("connection-state")).to_contain_text(MEETING_GONE)
    assert await fac.evaluate(f"localStorage.getItem('peercircle:links:{room}')") is None
    assert pages.errors == []


async def test_a_new_facilitator_link_moves_the_page_and_ends_the_old_one(server, pages) -> None:
    landing = await pages.open(server.base + "/")
    await landing.get_by_test_id("create-title").fill("Handover")
    await landing.get_by_test_id("create-submit").click()
    old = await landing.get_by_test_id("link-facilitator").input_value()
    fac = await pages.open(old)  # another browser: no saved links, only the join code and this page's link
    other_tab = await pages.open(old)
    await expect(fac.get_by_test_id("link-facilitator")).to_have_value(old)
    await expect(fac.get_by_test_id("link-display")).to_be_hidden()

    await fac.get_by_test_id("rotate-display").click()  # links made elsewhere can be replaced to see them
    await confirm(fac, "every screen showing it is disconnected")
    await expect(fac.get_by_test_id("link-display")).to_be_visible()

    await fac.get_by_test_id("rotate-facilitator").click()
    await confirm(fac, "bookmark it")
    await fac.wait_for_url(lambda url: url.startswith(server.base + "/facilitator#") and url != old)
    await expect(fac.get_by_test_id("connection-state")).to_have_text("Connected")
    await expect(fac.get_by_test_id("title")).to_have_text("Handover")
    await expect(fac.get_by_test_id("link-facilitator")).to_have_value(fac.url)
    await expect(other_tab.get_by_test_id("connection-state")).to_contain_text(LINK_GONE)
    assert pages.errors == []


async def test_a_new_participant_link_shows_its_new_join_code_on_every_screen(server, pages) -> None:
    room = await create_room(server.base)
    fac = await pages.open(room["links"]["facilitator"])
    screen = await pages.open(room["links"]["display"], viewport={"width": 1920, "height": 1080})
    for page in (fac, screen):
        await expect(page.get_by_test_id("join-code")).to_have_text(room["code"])
    await fac.get_by_test_id("rotate-participant").click()
    await fac.get_by_test_id("confirm-yes").click()
    await expect(fac.get_by_test_id("join-code")).not_to_have_text(room["code"])
    code = (await fac.get_by_test_id("join-code").text_content()).strip()
    await expect(screen.get_by_test_id("join-code")).to_have_text(code)
    assert pages.errors == []
