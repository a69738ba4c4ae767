""""Sound when time is up", in Chromium: the toggle is off by default and remembered; with
it on, every expiry of the timer plays the Web Audio chime exactly once, a page loaded
onto a timer that had already run out stays quiet, and with it off nothing sounds.
AudioContext is replaced before the page loads by a recorder that counts the tones."""

import pytest
from playwright.async_api import Page, expect

from tests.support.client import Client, create_room, token_of

pytestmark = pytest.mark.browser
RECORDER = """
window.__tones = 0;
class RecordingAudioContext {
  constructor() { this.state = "running"; this.currentTime = 0; this.destination = {}; }
  resume() { return Promise.resolve(); }
  createOscillator() {
    return { type: "", frequency: { value: 0 }, connect: (n) => n, start: () => { window.__tones += 1; }, stop() {} };
  }
  createGain() {
    return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (n) => n };
  }
}
window.AudioContext = RecordingAudioContext;
window.webkitAudioContext = RecordingAudioContext;
"""


async def recorded(pages, url: str) -> Page:
    page = await pages.open(url)
    await page.add_init_script(RECORDER)
    await page.reload()
    await expect(page.get_by_test_id("chime-toggle")).to_be_visible()
    return page


async def tones(page: Page) -> int:
    return await page.evaluate("window.__tones")


async def time_up(fac: Client, page: Page, seconds: int = 1) -> None:
    await fac.ok("StartTimer", seconds=seconds)
    await expect(page.get_by_test_id("timer-status")).not_to_have_text("Time is up")  # this timer, counting down
    await expect(page.get_by_test_id("timer-status")).to_have_text("Time is up", timeout=seconds * 1000 + 4000)
    await page.wait_for_timeout(700)  # the server's TimeUp and a few more ticks: still one chime


async def test_every_expiry_chimes_once_when_the_toggle_is_on(server, pages) -> None:
    room = await create_room(server.base, "Timed")
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    page = await recorded(pages, room["links"]["facilitator"])
    toggle = page.get_by_test_id("chime-toggle")
    await expect(toggle).not_to_be_checked()
    await expect(page.get_by_test_id("chime-hint")).to_contain_text("clicked or pressed a key")
    await expect(page.get_by_label("Sound when time is up")).to_have_count(1)

    await time_up(fac, page)
    assert await tones(page) == 0  # off by default: silent

    await toggle.click()  # the click is also the gesture the browser wants
    await time_up(fac, page)
    per_chime = await tones(page)
    assert per_chime > 0, "the chime did not play when time was up"
    await time_up(fac, page)
    assert await tones(page) == 2 * per_chime

    await page.reload()  # onto a timer that has already run out
    await expect(page.get_by_test_id("chime-toggle")).to_be_checked()  # remembered
    await expect(page.get_by_test_id("timer-status")).to_have_text("Time is up")
    await page.wait_for_timeout(800)
    assert await tones(page) == 0
    await fac.close()
    assert pages.errors == []


async def test_the_room_screen_chimes_once_turned_on(server, pages) -> None:
    room = await create_room(server.base, "Timed on the wall")
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    screen = await recorded(pages, room["links"]["display"])
    await expect(screen.get_by_test_id("chime-toggle")).not_to_be_checked()
    await screen.get_by_test_id("chime-toggle").press("Space")  # a key press counts as a gesture too
    await expect(screen.get_by_test_id("chime-toggle")).to_be_checked()
    await time_up(fac, screen)
    per_chime = await tones(screen)
    assert per_chime > 0
    await screen.get_by_test_id("chime-toggle").click()  # off again: the next expiry is silent
    await time_up(fac, screen)
    assert await tones(screen) == per_chime
    await fac.close()
    assert pages.errors == []
