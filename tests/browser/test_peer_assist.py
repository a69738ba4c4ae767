"""A short Peer Assist in real Chromium: a facilitator, three participants on phones and a
room screen, each in its own browser context, all views agreeing at every step. Nothing
runs until the facilitator presses Next; the rounds are opening, tell, ask, analyse,
feedback, lessons, close, and "tell" is for the case owner only (no hands)."""

import re

import pytest
from playwright.async_api import Page, expect

from tests.support.client import Client, token_of

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 780}
ROOM_SCREEN = {"width": 1920, "height": 1080}


async def queue_of(page: Page) -> list[str]:
    return [await e.get_attribute("data-person") for e in await page.get_by_test_id("queue-entry").all()]


async def join(pages, url: str, name: str, code: str | None = None) -> Page:
    page = await pages.open(url, viewport=PHONE)
    if code:
        await page.get_by_test_id("join-code-input").fill(code)
    await page.get_by_test_id("join-name").fill(name)
    await page.get_by_test_id("join-submit").click()
    await expect(page.get_by_test_id("raise-hand")).to_be_visible()  # the lobby takes hands
    return page


async def test_a_short_peer_assist_with_every_view_in_step(server, pages) -> None:
    landing = await pages.open(server.base + "/")
    await landing.get_by_test_id("create-title").fill("Onboarding new hires")
    await landing.get_by_test_id("create-submit").click()
    await expect(landing.get_by_test_id("created")).to_be_visible()
    links = {view: await landing.get_by_test_id(f"link-{view}").input_value() for view in ("facilitator", "participant", "display")}
    code = (await landing.get_by_test_id("join-code").text_content()).strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)

    fac = await pages.open(links["facilitator"])
    screen = await pages.open(links["display"], viewport=ROOM_SCREEN)
    ann = await join(pages, links["participant"], "Ann")
    bram = await join(pages, links["participant"], "Bram")
    chloe = await join(pages, server.base + "/participant", "Chloé", code=code)  # by the room's code
    everyone = [fac, screen, ann, bram, chloe]
    people = [ann, bram, chloe]
    await expect(screen.get_by_test_id("join-code")).to_have_text(code)

    # presence: everybody is here, seen by everybody with a people list
    for page in [fac, *people]:
        for name in ("Ann", "Bram", "Chloé"):
            await expect(page.get_by_test_id("people").get_by_text(name, exact=True)).to_be_visible()
    await expect(fac.get_by_text("4 of 4 online")).to_be_visible()

    # rounds: nothing runs before Next; only the facilitator steers, and every view follows
    for page in everyone:
        await expect(page.get_by_test_id("round")).to_contain_text("Not started")
    for page in people:
        assert await page.get_by_test_id("round-next").count() == 0
    await fac.get_by_test_id("round-next").click()
    for page in everyone:
        await expect(page.get_by_test_id("round")).to_contain_text("Opening")
    await fac.get_by_test_id("duty-p2-case_owner").click()  # Ann brings the case
    await expect(ann.get_by_test_id("case-owner")).to_be_visible()
    await fac.get_by_test_id("round-next").click()
    for page in everyone:
        await expect(page.get_by_test_id("round")).to_contain_text("Tell")
    await expect(bram.get_by_test_id("round-rule")).to_contain_text("Only the case owner speaks")
    await expect(bram.get_by_test_id("raise-hand")).to_be_hidden()  # no hands while the owner tells
    await expect(bram.get_by_test_id("hands-off")).to_contain_text("only the case owner speaks")
    await fac.get_by_test_id("round-next").click()
    for page in everyone:
        await expect(page.get_by_test_id("round")).to_contain_text("Ask")
    await fac.get_by_test_id("round-prev").click()
    await expect(fac.get_by_test_id("round")).to_contain_text("Tell")
    await fac.get_by_test_id("round-next").click()
    for page in everyone:
        await expect(page.get_by_test_id("round")).to_contain_text("Ask")
    await expect(fac.get_by_test_id("agenda-round-r2")).to_contain_text("of")  # planned vs actual

    # the flipchart: add, edit your own, the facilitator deletes
    await ann.get_by_test_id("add-item-kind").select_option("question")
    await ann.get_by_test_id("add-item-text").fill("What did the last team try first?")
    await ann.get_by_test_id("add-item-submit").click()
    await bram.get_by_test_id("add-item-kind").select_option("note")
    await bram.get_by_test_id("add-item-text").fill("Pair each newcomer with a buddy")
    await bram.get_by_test_id("add-item-submit").click()
    for page in everyone:
        await expect(page.get_by_test_id("items")).to_contain_text("What did the last team try first?")
        await expect(page.get_by_test_id("items")).to_contain_text("Pair each newcomer with a buddy")
    anns_item = ann.get_by_test_id("items").locator("[data-testid^=item-i]").first
    item_id = (await anns_item.get_attribute("data-testid")).removeprefix("item-")
    assert await bram.get_by_test_id(f"item-edit-{item_id}").count() == 0  # not Bram's to change
    await ann.get_by_test_id(f"item-edit-{item_id}").click()
    await ann.get_by_test_id("item-edit-text").fill("What did the last two teams try first?")
    await ann.get_by_test_id("item-save").click()
    bram_item = next(i for i in ("i1", "i2") if i != item_id)
    await fac.get_by_test_id(f"item-delete-{bram_item}").click()
    for page in everyone:
        await expect(page.get_by_test_id("items")).to_contain_text("What did the last two teams try first?")
        await expect(page.get_by_test_id("items")).not_to_contain_text("Pair each newcomer")

    # hands: the server's order, the same on every screen
    for page in (bram, chloe, ann):
        await page.get_by_test_id("raise-hand").click()
        await expect(page.get_by_test_id("lower-hand")).to_be_visible()
    expected = await queue_of(fac)
    assert len(expected) == 3
    for page in everyone:
        await expect(page.get_by_test_id("queue-entry")).to_have_count(3)
        assert await queue_of(page) == expected
    await fac.get_by_test_id("give-next").click()
    await expect(bram.get_by_test_id("speaker")).to_contain_text("You have the floor")
    for page in (fac, screen, ann, chloe):
        await expect(page.get_by_test_id("speaker")).to_contain_text("Bram")
        await expect(page.get_by_test_id("queue-entry")).to_have_count(2)
    await chloe.get_by_test_id("lower-hand").click()
    for page in everyone:
        await expect(page.get_by_test_id("queue-entry")).to_have_count(1)
    await bram.get_by_test_id("end-floor").click()  # "Done speaking"
    await fac.get_by_test_id("lower-all").click()
    for page in everyone:
        await expect(page.get_by_test_id("queue-entry")).to_have_count(0)
        await expect(page.get_by_test_id("speaker")).not_to_contain_text("Bram")

    # the timer: a deadline, rendered by each view from the server's clock
    await fac.get_by_test_id("timer-preset-3").click()
    for page in everyone:
        await expect(page.get_by_test_id("timer")).to_contain_text(re.compile(r"0?2:5\d|03:00"))
    await fac.get_by_test_id("timer-pause").click()
    for page in everyone:
        await expect(page.get_by_test_id("timer-status")).to_have_text("Paused")
    await fac.get_by_test_id("timer-resume").click()
    await fac.get_by_test_id("timer-extend").click()
    for page in everyone:
        await expect(page.get_by_test_id("timer")).to_contain_text(re.compile(r"0?3:5\d|04:00"))
    host = await Client.connect(server.ws_url, token_of(links["facilitator"]))
    await host.ok("StartTimer", seconds=1)  # a short round, to see time run out
    for page in everyone:
        await expect(page.get_by_test_id("timer-status")).to_have_text("Time is up", timeout=5000)
    await host.close()

    # a reload is the same person, not a newcomer
    await expect(ann.get_by_test_id("person-p2")).to_contain_text("you")
    await ann.reload()
    await expect(ann.get_by_test_id("round")).to_contain_text("Ask")
    await expect(ann.get_by_test_id("raise-hand")).to_be_visible()
    assert await ann.get_by_test_id("join-name").count() == 0
    await expect(ann.get_by_test_id("person-p2")).to_contain_text("you")
    await expect(fac.get_by_text("4 of 4 online")).to_be_visible()
    assert pages.errors == []
