"""The summary page printed, in Chromium: under print media no button, navigation or
language switch shows, every section heading, lesson, action and visible card does, the
paper stays white with dark text of a readable size, no table is wider than the page,
and Chromium's own PDF renders (checked without any PDF tool: a PDF's header)."""

import pytest
from playwright.async_api import expect

from tests.test_api_afterwards import hold

pytestmark = pytest.mark.browser
A4_CSS_PX = 794  # 210 mm at 96 px per inch: the widest a printed page can be
MIN_FONT_PX = 12  # 9 pt


async def test_the_summary_prints_its_content_and_none_of_its_controls(server, pages) -> None:
    held = await hold(server)
    page = await pages.open(f"{server.base}/summary#{held.tokens['bob']}", viewport={"width": A4_CSS_PX, "height": 1123})
    await expect(page.get_by_test_id("summary-actions")).to_be_visible()
    await expect(page.get_by_test_id("summary-print")).to_be_visible()  # on screen, there are controls
    headings = await page.locator(".summary-section h2").all_text_contents()
    assert len(headings) >= 6, headings
    await page.emulate_media(media="print")

    for control in ("button", "nav", "[data-testid=lang-switch]", "a.button", "[data-testid^=export-]"):
        shown = [await e.evaluate("e => e.outerHTML.slice(0, 80)") for e in await page.locator(control).all() if await e.is_visible()]
        assert shown == [], f"{control} shows on paper: {shown}"
    for heading in headings:
        await expect(page.locator(".summary-section h2", has_text=heading)).to_be_visible()
    outcomes = ["Ask the newcomers, not the managers", "Write the buddy guide", "=Measure, then report"]
    cards = ["Agreed: learning, not judging", "Opening remark", "Who owns onboarding?", "Pair every newcomer with a buddy"]
    for text in outcomes + cards:
        await expect(page.get_by_text(text, exact=True)).to_be_visible()
    assert await page.get_by_text("Cat keeps this to herself").count() == 0

    looks = await page.evaluate("""() => {
      const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
      const light = (c) => { const [r, g, b, a = 1] = rgb(c); return a < 0.1 || (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 > 0.75; };
      const all = [...document.querySelectorAll('body, body *')].filter((e) => e.getClientRects().length);
      return {
        dark: all.filter((e) => !light(getComputedStyle(e).backgroundColor)).map((e) => e.className || e.tagName),
        tiny: all.filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
          && parseFloat(getComputedStyle(e).fontSize) < %d && !e.closest('.visually-hidden')).map((e) => e.textContent.slice(0, 40)),
        ink: getComputedStyle(document.body).color,
        wide: [...document.querySelectorAll('table')].filter((t) => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length,
      };
    }""" % MIN_FONT_PX)
    assert looks["dark"] == [], f"dark backgrounds on paper: {looks['dark']}"
    assert looks["tiny"] == [], f"text under {MIN_FONT_PX}px on paper: {looks['tiny']}"
    assert looks["ink"] == "rgb(0, 0, 0)"
    assert looks["wide"] == 0

    pdf = await page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
    await held.fac.close()
    assert pages.errors == []
