"""Before, during and after a meeting, in Chromium: the facilitator prepares it (brief,
planned start, a case owner planned by name), a participant reads the lobby, the planned
case owner joins and gets the duty, rounds run with items, lessons and actions are drawn
from items and written directly, the case owner confirms, the facilitator closes, a
participant reads the summary, a read-only summary link opens in a fresh browser and
stops when revoked, the exports download, and a follow-up opens with the accountability
round showing the carried actions. The lobby and the summary are photographed into
docs/screenshots."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.support.client import Client, join, token_of

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 780}
LAPTOP = {"width": 1440, "height": 900}
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PROBLEM = "Night handovers lose facts: the day shift starts without knowing what happened."
CONTEXT = "Last month's incident log: https://example.org/log?week=12&ward=3.\nRead it before we meet."


async def item_id(page: Page, text: str) -> str:
    testid = await page.locator(".item", has_text=text).first.get_attribute("data-testid")
    return testid.removeprefix("item-")


async def outcome_id(page: Page, text: str) -> str:
    testid = await page.locator("[data-testid^='outcome-text-']", has_text=text).first.get_attribute("data-testid")
    return testid.removeprefix("outcome-text-")


async def no_sideways_scroll(page: Page, view: str) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert width <= 0, f"{view} scrolls sideways by {width}px"


async def test_prepare_run_confirm_close_summarise_share_and_follow_up(server, pages) -> None:
    landing = await pages.open(server.base + "/", viewport=LAPTOP)
    await landing.get_by_test_id("create-title").fill("Night handovers")
    await landing.get_by_test_id("create-submit").click()
    await expect(landing.get_by_test_id("created")).to_be_visible()
    links = {view: await landing.get_by_test_id(f"link-{view}").input_value() for view in ("facilitator", "participant", "display")}
    fac = landing  # the same browser keeps the links it made
    await fac.goto(links["facilitator"])

    # --- before: the brief, the planned start in 90 minutes, Ann planned as case owner
    await expect(fac.get_by_test_id("prepare")).to_be_visible()
    await fac.get_by_test_id("brief-problem-input").fill(PROBLEM)
    await fac.get_by_test_id("brief-objectives-input").fill("One handover checklist everyone uses")
    await fac.get_by_test_id("brief-context-input").fill(CONTEXT)
    planned = await fac.evaluate("""() => {
      const d = new Date(Date.now() + 90 * 60000), p = (n) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
    }""")
    await fac.get_by_test_id("brief-starts-input").fill(planned)
    await fac.get_by_test_id("brief-save").click()
    await expect(fac.get_by_test_id("status")).to_contain_text("The brief is saved")
    await fac.get_by_test_id("roster-name").fill("Ann")
    await fac.get_by_test_id("roster-duty").select_option("case_owner")
    await fac.get_by_test_id("roster-add").click()
    await expect(fac.get_by_test_id("roster-0")).to_contain_text("Ann")
    await expect(fac.get_by_test_id("roster-guidance")).to_contain_text("4–7 peers recommended: 0 planned, 0 joined")

    # --- the lobby: a participant reads the brief before the start
    bo = await pages.open(links["participant"], viewport=PHONE)
    before = bo.get_by_test_id("join-form")  # the brief, above the name field, before joining
    await expect(before.get_by_test_id("join-title")).to_have_text("Night handovers")
    await expect(before.get_by_test_id("brief-problem")).to_contain_text(PROBLEM)
    await expect(before.get_by_test_id("brief-starts")).to_have_text(re.compile(r"Starts at \d\d:\d\d \(in 1 h (29|30) min\)"))
    await no_sideways_scroll(bo, "join form with a brief at 360 px")
    SHOTS.mkdir(parents=True, exist_ok=True)
    await bo.screenshot(path=SHOTS / "join-phone.png", full_page=True)
    await bo.get_by_test_id("join-name").fill("Bo")
    await bo.get_by_test_id("join-submit").click()
    await expect(before).to_have_count(0)
    lobby = bo.get_by_test_id("lobby")
    await expect(lobby).to_be_visible()
    await expect(bo.get_by_test_id("brief-problem")).to_contain_text(PROBLEM)
    link = bo.get_by_test_id("brief-context").locator("a")
    await expect(link).to_have_count(1)
    assert await link.get_attribute("href") == "https://example.org/log?week=12&ward=3"
    assert (await bo.get_by_test_id("brief-context").text_content()).endswith("Read it before we meet.")
    await expect(bo.get_by_test_id("brief-starts")).to_have_text(re.compile(r"Starts at \d\d:\d\d \(in 1 h (29|30) min\)"))
    await expect(bo.get_by_test_id("brief-roster")).to_contain_text("Ann")
    await expect(bo.get_by_test_id("brief-roster")).to_contain_text("case owner")
    screen = await pages.open(links["display"], viewport={"width": 1920, "height": 1080})
    await expect(screen.get_by_test_id("brief-problem")).to_contain_text(PROBLEM)
    await expect(screen.get_by_test_id("brief-roster")).to_have_count(0)  # the room screen names nobody
    await no_sideways_scroll(bo, "participant lobby at 360 px")
    SHOTS.mkdir(parents=True, exist_ok=True)
    await bo.screenshot(path=SHOTS / "lobby-phone.png", full_page=True)

    # --- the planned case owner joins (any case) and has the duty
    ann = await pages.open(links["participant"], viewport=PHONE)
    await ann.get_by_test_id("join-name").fill("  ann ")
    await ann.get_by_test_id("join-submit").click()
    await expect(ann.get_by_test_id("join-form")).to_have_count(0)
    await expect(ann.get_by_test_id("lobby")).to_be_visible()
    await expect(fac.get_by_test_id("people")).to_contain_text("case owner")
    cy = await Client.connect(server.ws_url, await join(server.base, token_of(links["participant"]), "Cy"))

    # --- the meeting: opening, tell, ask (questions), analyse
    for _ in range(3):
        await fac.get_by_test_id("round-next").click()
    await expect(bo.get_by_test_id("lobby")).to_be_hidden()
    await bo.get_by_test_id("add-item-text").fill("Who writes the handover note today?")
    await bo.get_by_test_id("add-item-submit").click()
    await cy.ok("AddItem", kind="question", text="Is there a checklist already?")
    await fac.get_by_test_id("round-next").click()
    await cy.ok("AddItem", kind="option", text="Use one checklist on every ward")
    await expect(fac.locator(".item", has_text="one checklist on every ward")).to_have_count(1)

    # lessons and actions: drawn from items by the facilitator, written directly by the case owner
    option = await item_id(fac, "Use one checklist on every ward")
    question = await item_id(fac, "Is there a checklist already?")
    await fac.get_by_test_id(f"item-action-{option}").click()
    await fac.get_by_test_id(f"item-lesson-{question}").click()
    await expect(fac.get_by_test_id(f"item-action-{option}")).to_have_text("Action ✓")
    await expect(ann.get_by_test_id("outcomes")).to_contain_text("Use one checklist on every ward")
    await ann.get_by_test_id("outcome-add-kind").select_option("action")
    await ann.get_by_test_id("outcome-add-text").fill("Ask the night nurses what they miss")
    await ann.get_by_test_id("outcome-add-owner").fill("Ann")
    await ann.get_by_test_id("outcome-add-due").fill("2031-03-01")
    await ann.get_by_test_id("outcome-add-submit").click()
    await ann.get_by_test_id("outcome-add-kind").select_option("lesson")
    await ann.get_by_test_id("outcome-add-text").fill("Facts get lost where nobody owns the note")
    await ann.get_by_test_id("outcome-add-submit").click()
    await expect(fac.get_by_test_id("lessons").locator("li")).to_have_count(2)
    checklist = await outcome_id(fac, "Use one checklist on every ward")
    await fac.get_by_test_id(f"outcome-edit-{checklist}").click()
    await fac.get_by_test_id("outcome-edit-owner").fill("Bo")
    await fac.get_by_test_id("outcome-edit-due").fill("2031-02-15")
    await fac.get_by_test_id("outcome-save").click()
    await expect(ann.get_by_test_id(f"outcome-owner-{checklist}")).to_have_text("Bo")
    await expect(bo.get_by_test_id("confirm-outcomes")).to_be_hidden()  # only the case owner confirms
    await expect(bo.get_by_test_id("outcome-add-submit")).to_be_hidden()  # a peer reads along

    # the case owner confirms; everyone hears it
    await ann.get_by_test_id("confirm-outcomes").click()
    await expect(fac.get_by_test_id("outcomes-state")).to_have_attribute("data-state", "confirmed")
    await expect(bo.get_by_test_id("announcer")).to_contain_text("ann confirmed the lessons and actions")
    await expect(ann.get_by_test_id("confirm-outcomes")).to_be_hidden()

    # --- the close, asked first
    await fac.get_by_test_id("close-meeting").click()
    await expect(fac.get_by_test_id("confirm-message")).to_contain_text("The lessons and actions are confirmed.")
    await fac.get_by_test_id("confirm-yes").click()
    await expect(fac.get_by_test_id("closed-at")).to_be_visible()
    await expect(bo.get_by_test_id("meeting-closed")).to_be_visible()
    await expect(bo.get_by_test_id("announcer")).to_contain_text("The meeting has closed.")
    await expect(bo.get_by_test_id("add-item-text")).to_be_hidden()
    await expect(screen.get_by_test_id("meeting-closed")).to_be_visible()
    await expect(screen.get_by_test_id("items")).to_be_hidden()
    # a closed room takes no changes, so the facilitator's live controls leave the page
    for control in ("add-item-text", "timer", "agenda", "queue", "prepare", "people"):
        await expect(fac.get_by_test_id(control)).to_be_hidden()
    await expect(fac.locator("[data-testid^='item-edit-'], [data-testid^='item-delete-'], [data-testid^='outcome-edit-']")).to_have_count(0)
    await expect(fac.get_by_test_id("items")).to_contain_text("Who writes the handover note today?")  # the flipchart stays
    await expect(fac.get_by_test_id("reopen-meeting")).to_be_visible()
    await expect(fac.get_by_test_id("round")).to_contain_text("Closed")
    await expect(bo.get_by_test_id("round")).to_contain_text("Closed")

    # --- a participant reads the summary with their own link
    await bo.get_by_test_id("summary-page").click()
    await expect(bo.get_by_test_id("summary-title")).to_have_text("Night handovers")
    await expect(bo.get_by_test_id("summary-problem")).to_contain_text(PROBLEM)
    await expect(bo.get_by_test_id("summary-confirmation")).to_contain_text("Confirmed by ann")
    await expect(bo.get_by_test_id("summary-actions")).to_contain_text("Use one checklist on every ward")
    await expect(bo.get_by_test_id("summary-actions")).to_contain_text("2031-02-15")
    await expect(bo.get_by_test_id("summary-lessons")).to_contain_text("Facts get lost where nobody owns the note")
    await expect(bo.get_by_test_id("summary-people")).to_contain_text("Case owner")
    await expect(bo.get_by_test_id("summary-board")).to_contain_text("Who writes the handover note today?")
    await expect(bo.get_by_test_id("summary-agenda").locator("tbody tr")).to_have_count(8)  # 7 rounds and the total
    await expect(bo.get_by_test_id("export-csv")).to_be_visible()  # a participant may export after the close
    await no_sideways_scroll(bo, "summary at 360 px")

    # the facilitator's summary page, downloads and the print stylesheet
    summary = await pages.open(server.base + "/summary#" + token_of(links["facilitator"]), viewport={"width": 1100, "height": 900})
    await expect(summary.get_by_test_id("summary-actions")).to_contain_text("Ask the night nurses")
    await summary.screenshot(path=SHOTS / "summary.png", full_page=True)
    await summary.emulate_media(media="print")
    assert await summary.get_by_test_id("summary-print").is_hidden()
    assert await summary.locator(".lang-switch").is_hidden()
    await summary.emulate_media(media="screen")
    async with fac.expect_download() as download:
        await fac.get_by_test_id("export-csv").click()
    rows = list(csv.reader(io.StringIO(Path(await (await download.value).path()).read_text(encoding="utf-8-sig"))))
    assert any("Use one checklist on every ward" in row for row in rows), rows

    # --- the read-only summary link: opens in a fresh browser, stops when revoked
    await fac.get_by_test_id("summary-link-create").click()
    await expect(fac.get_by_test_id("summary-link")).to_have_value(re.compile(r"/summary#"))
    shared = await fac.get_by_test_id("summary-link").input_value()
    reader = await pages.open(shared)
    await expect(reader.get_by_test_id("summary-lessons")).to_contain_text("Facts get lost")
    await expect(reader.get_by_test_id("summary-print")).to_be_visible()
    await expect(reader.get_by_test_id("export-md")).to_have_count(0)  # a reader may not export
    await fac.get_by_test_id("summary-link-revoke").click()
    await fac.get_by_test_id("confirm-yes").click()
    await expect(fac.get_by_test_id("summary-link-create")).to_be_visible()
    late = await pages.open(shared)
    await expect(late.get_by_test_id("summary-error")).to_contain_text("it was revoked")

    # --- the follow-up opens with the accountability round and the carried actions
    await fac.get_by_test_id("follow-up").click()
    await expect(fac.get_by_test_id("closing")).not_to_have_class(re.compile("is-closed"))
    assert token_of(fac.url) != token_of(links["facilitator"])
    await expect(fac.get_by_test_id("brief-problem-input")).to_have_value(PROBLEM)
    await fac.get_by_test_id("round-next").click()  # opening
    await fac.get_by_test_id("round-next").click()  # accountability
    panel = fac.get_by_test_id("accountability")
    await expect(panel).to_be_visible()
    await expect(panel.locator("li")).to_have_count(2)
    await expect(panel).to_contain_text("Use one checklist on every ward")
    first = (await panel.locator("li").first.get_attribute("data-testid")).removeprefix("carried-")
    await expect(fac.get_by_test_id(f"carried-status-{first}")).to_have_value("open")
    await fac.get_by_test_id(f"carried-status-{first}").select_option("done")
    await fac.get_by_test_id(f"carried-note-{first}").fill("On every ward since April")
    await fac.get_by_test_id(f"carried-save-{first}").click()
    await expect(fac.get_by_test_id(f"outcome-status-{first}")).to_have_text("Done")
    await expect(fac.get_by_test_id("outcomes")).to_contain_text("On every ward since April")
    await cy.close()
    assert pages.errors == []
