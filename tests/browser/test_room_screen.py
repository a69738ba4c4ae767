"""The room screen in real Chromium: "waiting for the facilitator" before the start, the join
code with a QR code made on the server (shown through a blob: URL under the strict CSP), the
short join page the QR code opens, a wake lock asked for where the browser has one, and
the room named in the socket's URL."""

import re

import pytest
from playwright.async_api import expect

from tests.support.client import create_room

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 780}
FAKE_WAKE_LOCK = """
  window.__wakeLocks = 0;
  Object.defineProperty(navigator, 'wakeLock', { configurable: true, value: { request: async (type) => {
    window.__wakeLocks += 1;
    return { type, released: false, release: async () => {}, addEventListener() {} };
  } } });
"""


async def test_room_screen_shows_a_qr_code_to_the_join_page_and_keeps_awake(server, pages) -> None:
    room = await create_room(server.base, "Hybrid intervision")
    context = await pages.browser.new_context(viewport={"width": 1920, "height": 1080})
    pages.contexts.append(context)
    screen = await context.new_page()
    screen.on("pageerror", lambda exc: pages.errors.append(f"display: {exc}"))
    screen.on("console", lambda msg: pages.errors.append(msg.text) if msg.type == "error" else None)
    sockets: list[str] = []
    screen.on("websocket", lambda socket: sockets.append(socket.url))
    await screen.add_init_script(FAKE_WAKE_LOCK)
    await screen.goto(room["links"]["display"])

    await expect(screen.get_by_test_id("waiting")).to_have_text("Waiting for the facilitator to begin…")
    await expect(screen.get_by_test_id("join-code")).to_have_text(room["code"])
    qr = screen.get_by_test_id("join-qr")
    await expect(qr).to_be_visible()
    await expect(qr).to_have_attribute("src", re.compile(r"^blob:"))
    join_url = f"{server.base}/join#{room['code']}"
    await expect(qr).to_have_attribute("alt", f"QR code to join: {join_url}")
    assert await qr.evaluate("img => img.complete && img.naturalWidth > 0")
    box = await qr.bounding_box()
    assert box and box["width"] >= 150  # readable from across the room
    assert await screen.evaluate("window.__wakeLocks") >= 1
    # the socket names its room, for a balancer that keeps a room on one process
    assert sockets == [f"{server.ws_url}?room={room['room']}"]

    # the QR code's address: the join page, code prefilled, then the participant view
    phone = await pages.open(join_url, viewport=PHONE)
    await expect(phone.get_by_test_id("join-code-input")).to_have_value(room["code"])
    await expect(phone.get_by_test_id("join-name")).to_be_focused()
    await phone.get_by_test_id("join-name").fill("Ann")
    await phone.get_by_test_id("join-submit").click()
    await expect(phone).to_have_url(re.compile(r"/participant#[0-9a-f]+$"))
    await expect(phone.get_by_test_id("raise-hand")).to_be_visible()
    await expect(phone.get_by_test_id("people")).to_contain_text("Ann")
    await phone.reload()  # the same person after a reload
    await expect(phone.get_by_test_id("raise-hand")).to_be_visible()
    await expect(phone.get_by_test_id("people").locator("li")).to_have_count(2)

    # a wrong code is said in words, on the join page itself
    other = await pages.open(server.base + "/join", viewport=PHONE)
    await expect(other.get_by_test_id("join-code-input")).to_be_focused()
    await other.get_by_test_id("join-code-input").fill("ZZZZZZ")
    await other.get_by_test_id("join-name").fill("Bo")
    await other.get_by_test_id("join-submit").click()
    await expect(other.get_by_test_id("join-error")).to_contain_text("not valid")
    await expect(other).to_have_url(re.compile(r"/join$"))

    # facilitator starts: the waiting line goes, and the display still has no controls
    fac = await pages.open(room["links"]["facilitator"])
    await fac.get_by_test_id("round-next").click()
    await expect(screen.get_by_test_id("waiting")).to_be_hidden()
    await expect(screen.get_by_test_id("round")).to_contain_text("Opening")
    # its only controls: the language switch and this screen's own sound when time is up
    controls = ":is(button, input, select, textarea):visible:not([data-testid=lang-switch] *):not([data-testid=chime-toggle])"
    assert await screen.locator(controls).count() == 0
    assert pages.errors == []
