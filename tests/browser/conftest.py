"""A real Chromium (Debian's package), driven by Playwright; pages record their errors."""

import os
import shutil
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Chromium is missing: install Debian's `chromium` (bash .ci/run does)")
    return path


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


class Pages:
    """Opens each person's page in its own browser context (its own storage), and keeps
    every uncaught page error and CSP violation so a test can insist there were none."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.contexts: list[BrowserContext] = []
        self.errors: list[str] = []

    async def open(self, url: str, *, viewport: dict | None = None, locale: str | None = None) -> Page:
        options = {"locale": locale} if locale else {}
        context = await self.browser.new_context(viewport=viewport or {"width": 1280, "height": 800}, **options)
        self.contexts.append(context)
        page = await context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"{url}: {exc}"))
        page.on("console", lambda msg: self.errors.append(f"{url}: {msg.text}")
                if msg.type == "error" and "Content Security Policy" in msg.text else None)
        await page.goto(url)
        return page

    async def close(self) -> None:
        for context in self.contexts:
            await context.close()


@pytest.fixture
async def pages(browser: Browser) -> AsyncIterator[Pages]:
    pages = Pages(browser)
    yield pages
    await pages.close()
