"""axe-core (vendored from npm in tests/browser/vendor/, MPL-2.0) run inside a page under
its own strict CSP: the library goes in through the DevTools protocol, not a <script>."""

from pathlib import Path

from playwright.async_api import Page

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices (landmarks, headings, regions)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

RUN = """async (tags) => {
  const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\\n` +
    v.nodes.slice(0, 6).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\\s+/g, ' ')}`).join('\\n'));
}"""


async def violations(page: Page) -> list[str]:
    """axe's violations on the page as it is now (after animations settle), one string each."""
    if not await page.evaluate("typeof window.axe === 'object'"):
        await page.evaluate(AXE_SOURCE + "\n;0")
    await page.wait_for_timeout(150)
    return await page.evaluate(RUN, TAGS)
