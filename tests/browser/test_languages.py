"""English and Dutch in real Chromium: the language follows the browser (navigator.languages),
a visible EN/NL switch changes it and is remembered, <html lang> follows, and a Dutch meeting
speaks Dutch throughout, the method and round names included."""

import re

import pytest
from playwright.async_api import Page, expect

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 780}
# words that only English has: none of them may appear in a Dutch page's own texts
ENGLISH = re.compile(r"\b(the|and|you|your|with|has|nobody|round|meeting|turns?|speaks|queue|not|join|hands?)\b", re.I)

ALL_TEXT = """() => {
  const attrs = [...document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')]
    .flatMap((el) => ['aria-label', 'placeholder', 'title', 'alt'].map((a) => el.getAttribute(a) || ''));
  return [document.title, document.body.innerText, ...attrs].join('\\n');
}"""


async def english_words(page: Page, *allowed: str) -> list[str]:
    text = await page.evaluate(ALL_TEXT)
    for word in allowed:
        text = text.replace(word, "")
    return sorted({m.group(0) for m in ENGLISH.finditer(text)})


async def test_dutch_from_the_browser_a_switch_and_a_dutch_meeting(server, pages) -> None:
    landing = await pages.open(server.base + "/", locale="nl-NL")
    await expect(landing.locator("html")).to_have_attribute("lang", "nl")
    await expect(landing.get_by_test_id("create-submit")).to_have_text("Bijeenkomst aanmaken")
    await expect(landing.get_by_test_id("method-select").locator("option", has_text="Incidentmethode")).to_have_count(1)
    await expect(landing.get_by_test_id("lang-nl")).to_have_attribute("aria-pressed", "true")
    assert await english_words(landing) == []

    # the switch: English, remembered over a reload, and back to Dutch
    await landing.get_by_test_id("lang-en").click()
    await expect(landing.get_by_test_id("create-submit")).to_have_text("Create meeting")
    await expect(landing.locator("html")).to_have_attribute("lang", "en")
    await landing.reload()
    await expect(landing.get_by_test_id("create-submit")).to_have_text("Create meeting")
    await landing.get_by_test_id("lang-nl").click()
    await expect(landing.get_by_test_id("create-submit")).to_have_text("Bijeenkomst aanmaken")

    await landing.get_by_test_id("create-title").fill("Intervisie: de nieuwe intake")
    await landing.get_by_test_id("method-select").select_option("incident")
    await expect(landing.get_by_test_id("method-summary")).to_contain_text("Tien rondes rond één incident")
    await landing.get_by_test_id("create-submit").click()
    await expect(landing.get_by_test_id("created")).to_contain_text("Je bijeenkomst staat klaar")
    links = {v: await landing.get_by_test_id(f"link-{v}").input_value() for v in ("facilitator", "participant", "display")}

    fac = await pages.open(links["facilitator"], locale="nl-NL")
    screen = await pages.open(links["display"], viewport={"width": 1920, "height": 1080}, locale="nl")
    ann = await pages.open(links["participant"], viewport=PHONE, locale="nl-BE")
    await expect(ann.get_by_test_id("join-submit")).to_have_text("Meedoen")
    await ann.get_by_test_id("join-name").fill("Ann")
    await ann.get_by_test_id("join-submit").click()
    await expect(ann.get_by_test_id("raise-hand")).to_have_text("Hand opsteken")
    for page in (fac, screen, ann):
        await expect(page.get_by_test_id("round")).to_contain_text("Nog niet begonnen")
    await expect(screen.get_by_test_id("waiting")).to_have_text("Wachten tot de gespreksleider begint…")
    await expect(fac.get_by_test_id("round-next")).to_have_text("Beginnen: Casus kiezen →")

    await fac.get_by_test_id("round-next").click()
    await fac.get_by_test_id("round-next").click()
    for page in (fac, screen, ann):
        await expect(page.get_by_test_id("round")).to_contain_text("Casus inbrengen")
    await expect(ann.get_by_test_id("round-rule")).to_contain_text("Alleen de inbrenger spreekt")
    await expect(ann.get_by_test_id("hands-off")).to_contain_text("Geen handen in deze ronde")
    await expect(fac.get_by_test_id("round-rule")).to_contain_text("de inbrenger vertelt")
    await fac.get_by_test_id("round-next").click()
    await fac.get_by_test_id("round-next").click()
    await expect(ann.get_by_test_id("round")).to_contain_text("Vraagronde")
    await fac.get_by_test_id("turns-start").click()
    await expect(ann.get_by_test_id("your-turn")).to_contain_text("Jouw beurt")
    await fac.get_by_test_id("timer-preset-1").click()
    await expect(fac.get_by_test_id("timer-status")).to_have_text("Loopt")

    for page in (fac, screen, ann):
        assert await english_words(page, "Intervisie: de nieuwe intake", "Ann", "/join") == [], page.url
    assert pages.errors == []


async def test_a_dutch_meeting_closes_and_is_summarised_in_dutch(server, pages) -> None:
    landing = await pages.open(server.base + "/", locale="nl-NL")
    await landing.get_by_test_id("create-title").fill("Overdracht")
    await landing.get_by_test_id("create-submit").click()
    links = {v: await landing.get_by_test_id(f"link-{v}").input_value() for v in ("facilitator", "participant", "display")}
    fac = await pages.open(links["facilitator"], locale="nl-NL")
    await fac.get_by_test_id("brief-problem-input").fill("Feiten gaan verloren bij de nachtdienst")
    await fac.get_by_test_id("brief-save").click()
    ann = await pages.open(links["participant"], viewport=PHONE, locale="nl-NL")
    await expect(ann.get_by_test_id("brief-problem")).to_contain_text("Feiten gaan verloren")  # before joining
    await ann.get_by_test_id("join-name").fill("Ann")
    await ann.get_by_test_id("join-submit").click()
    await expect(ann.get_by_test_id("lobby")).to_be_visible()
    await fac.get_by_test_id("round-next").click()
    await fac.get_by_test_id("outcome-add-kind").select_option("action")
    await fac.get_by_test_id("outcome-add-text").fill("Eén overdrachtslijst")
    await fac.get_by_test_id("outcome-add-owner").fill("Ann")
    await fac.get_by_test_id("outcome-add-submit").click()
    await expect(fac.get_by_test_id("actions")).to_contain_text("Eén overdrachtslijst")

    await fac.get_by_test_id("close-meeting").click()
    await fac.get_by_test_id("confirm-yes").click()
    for page in (fac, ann):
        await expect(page.get_by_test_id("round")).to_contain_text("Gesloten")
    await expect(ann.get_by_test_id("meeting-closed")).to_be_visible()
    for page in (fac, ann):
        assert await english_words(page, "Overdracht", "Ann", "/join") == [], page.url

    await ann.get_by_test_id("summary-page").click()
    await expect(ann.get_by_test_id("summary-actions")).to_contain_text("Eén overdrachtslijst")
    await expect(ann.locator("html")).to_have_attribute("lang", "nl")
    assert await english_words(ann, "Overdracht", "Ann") == []
    assert pages.errors == []
