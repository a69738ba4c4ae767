"""A complete incident-method meeting in real Chromium: a case owner, four peers, a guest
without a device, a facilitator and a room display, each in its own browser context.
All ten rounds run: hands and direct responses, the owner alone telling (a peer's hand
refused, in words), private questions that no other page has in its DOM until revealed,
round-robin turns with pass, done and skip, advice revealed person by person, a
listening owner who gets no hand and no turn, and an evaluation where the owner takes a
turn. The facilitator's airtime table shows every speaker; every view agrees on round,
speaker and queue at each checkpoint."""

import re

import pytest
from playwright.async_api import Page, expect

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 780}
LAPTOP = {"width": 1280, "height": 800}
ROOM_SCREEN = {"width": 1920, "height": 1080}

OWNER, GUEST = "p2", "p7"
PEERS = ["p3", "p4", "p5", "p6"]
NAMES = {"p2": "Olivia", "p3": "Pia", "p4": "Quinn", "p5": "Ravi", "p6": "Sam", "p7": "Gus"}
QUESTIONS = {p: f"Question from {NAMES[p]}: what happened at {n} o'clock?" for n, p in enumerate(PEERS, start=1)}
ADVICE = {p: f"Advice from {NAMES[p]}: call the team lead #{n}" for n, p in enumerate(PEERS, start=1)}


async def queue_of(page: Page) -> list[str]:
    return [await e.get_attribute("data-person") for e in await page.get_by_test_id("queue-entry").all()]


async def speaker_of(page: Page) -> str:
    return await page.get_by_test_id("speaker").get_attribute("data-person")


async def join(pages, url: str, name: str) -> Page:
    page = await pages.open(url, viewport=PHONE)
    await page.get_by_test_id("join-name").fill(name)
    await page.get_by_test_id("join-submit").click()
    await expect(page.get_by_test_id("raise-hand")).to_be_visible()  # the lobby takes hands
    return page


async def agree(views: list[Page], round_name: str, speaker: str, queue: list[str]) -> None:
    """Every view shows the same round, the same speaker and the same queue."""
    for page in views:
        await expect(page.get_by_test_id("round")).to_contain_text(round_name)
        await expect(page.get_by_test_id("speaker")).to_have_attribute("data-person", speaker)
        await expect(page.get_by_test_id("queue-entry")).to_have_count(len(queue))
        assert await queue_of(page) == queue


async def next_round(fac: Page, views: list[Page], name: str) -> None:
    await fac.get_by_test_id("round-next").click()
    for page in views:
        await expect(page.get_by_test_id("round")).to_contain_text(name)


async def go_round(fac: Page, pages_of: dict[str, Page], *, passes: frozenset[str] = frozenset()) -> list[str]:
    """Take every turn of a round-robin: done (or pass) on the person's own page, the
    facilitator skips the guest's. Returns the order in which turns were taken."""
    taken: list[str] = []
    order = [await e.get_attribute("data-person") for e in await fac.get_by_test_id("turns-order").locator("li").all()]
    for expected in order:
        current = fac.get_by_test_id("turn-current")
        await expect(current).to_have_attribute("data-person", expected)
        taken.append(expected)
        if expected == GUEST:
            await fac.get_by_test_id("turn-skip").click()
        else:
            page = pages_of[expected]
            await expect(page.get_by_test_id("your-turn")).to_be_visible()
            await page.get_by_test_id("turn-pass" if expected in passes else "turn-done").click()
            await expect(page.get_by_test_id("your-turn")).to_be_hidden()
    await expect(fac.get_by_test_id("turns-complete")).to_be_visible()
    return taken


async def test_a_complete_incident_meeting(server, pages) -> None:
    # create: the method is chosen on the landing page, its summary shown
    landing = await pages.open(server.base + "/")
    await expect(landing.get_by_test_id("method-select").locator("option[value=incident]")).to_have_count(1)
    await landing.get_by_test_id("method-select").select_option("incident")
    await expect(landing.get_by_test_id("method-summary")).to_contain_text("Ten rounds")
    await landing.get_by_test_id("create-title").fill("The night-shift handover")
    await landing.get_by_test_id("create-submit").click()
    await expect(landing.get_by_test_id("created")).to_be_visible()
    links = {view: await landing.get_by_test_id(f"link-{view}").input_value() for view in ("facilitator", "participant", "display")}

    fac = await pages.open(links["facilitator"], viewport=LAPTOP)
    screen = await pages.open(links["display"], viewport=ROOM_SCREEN)
    owner = await join(pages, links["participant"], NAMES[OWNER])
    peers = [await join(pages, links["participant"], NAMES[p]) for p in PEERS]
    pia, quinn, ravi, sam = peers
    pages_of = {OWNER: owner, **dict(zip(PEERS, peers, strict=True))}
    people = [owner, *peers]
    everyone = [fac, screen, *people]
    for pid, page in pages_of.items():
        await expect(page.get_by_test_id(f"person-{pid}")).to_contain_text("you")
    await expect(fac.get_by_test_id("agenda").locator("li")).to_have_count(10)

    # duties and a guest, before the start: nothing runs until Next
    await fac.get_by_test_id(f"duty-{OWNER}-case_owner").click()
    await expect(fac.get_by_test_id(f"duty-{OWNER}-case_owner")).to_have_attribute("aria-pressed", "true")
    await expect(owner.get_by_test_id("case-owner")).to_have_text("You are the case owner.")
    await expect(pia.get_by_test_id("case-owner")).to_be_hidden()
    await fac.get_by_test_id("guest-name").fill(NAMES[GUEST])
    await fac.get_by_test_id("guest-add").click()
    await expect(fac.get_by_test_id(f"person-{GUEST}")).to_contain_text("guest")
    for page in everyone:
        await expect(page.get_by_test_id("round")).to_contain_text("Not started")

    # 1. choose a case: hands, a direct response ahead of plain hands, a guest's hand
    await next_round(fac, everyone, "Choose a case")
    await expect(fac.get_by_test_id("agenda-round-r1")).to_have_attribute("aria-current", "step")
    await expect(fac.get_by_test_id("time-box")).to_contain_text(re.compile(r"(09:5\d|10:00)"))
    await fac.get_by_test_id("round-extend-1").click()
    await expect(fac.get_by_test_id("time-box")).to_contain_text(re.compile(r"(10:5\d|11:00)"))
    await expect(fac.get_by_test_id("agenda-round-r1").get_by_test_id("round-minutes-r1")).to_have_value("11")
    await pia.get_by_test_id("raise-hand").click()
    await expect(pia.get_by_test_id("queue-position")).to_have_text("You are next.")
    await fac.get_by_test_id(f"raise-for-{GUEST}").click()
    await quinn.get_by_test_id("direct-response").click()
    await agree(everyone, "Choose a case", "", ["p4", "p3", GUEST])
    await expect(fac.get_by_test_id("queue-entry").first).to_contain_text("direct response")
    await fac.get_by_test_id("give-next").click()
    await agree(everyone, "Choose a case", "p4", ["p3", GUEST])
    await expect(quinn.get_by_test_id("speaker")).to_contain_text("You have the floor")
    await quinn.get_by_test_id("end-floor").click()
    await fac.get_by_test_id(f"raise-for-{GUEST}").click()  # lower the guest's hand for them
    await fac.get_by_test_id("give-next").click()
    await agree(everyone, "Choose a case", "p3", [])
    await pia.get_by_test_id("end-floor").click()
    await agree(everyone, "Choose a case", "", [])

    # 2. tell: only the case owner speaks; a peer has no hand, and a refusal is said in words
    await next_round(fac, everyone, "Tell")
    await expect(ravi.get_by_test_id("round-rule")).to_contain_text("Only the case owner speaks")
    await expect(owner.get_by_test_id("round-rule")).to_contain_text("that is you")
    await expect(ravi.get_by_test_id("raise-hand")).to_be_hidden()
    await expect(ravi.get_by_test_id("direct-response")).to_be_hidden()
    await expect(ravi.get_by_test_id("hands-off")).to_contain_text("only the case owner speaks")
    await fac.get_by_test_id(f"raise-for-{GUEST}").click()  # the server refuses: not_now
    await expect(fac.get_by_test_id("status")).to_contain_text("only the case owner speaks")
    await fac.get_by_test_id("give-p5").click()
    await expect(fac.get_by_test_id("status")).to_contain_text("only the case owner speaks")
    await fac.get_by_test_id(f"give-{OWNER}").click()
    await agree(everyone, "Tell", OWNER, [])
    await owner.get_by_test_id("end-floor").click()
    await agree(everyone, "Tell", "", [])

    # 3. write questions: private until revealed; nobody else has the text, not even in the DOM
    await next_round(fac, everyone, "Write questions")
    await expect(pia.get_by_test_id("round-rule")).to_contain_text("your notes stay private until the facilitator reveals them")
    await expect(pia.get_by_test_id("add-item-kind").locator("option")).to_have_count(1)
    await expect(pia.get_by_test_id("raise-hand")).to_be_hidden()
    for pid in PEERS:
        page = pages_of[pid]
        await page.get_by_test_id("add-item-text").fill(QUESTIONS[pid])
        await page.get_by_test_id("add-item-submit").click()
        await expect(page.get_by_test_id("items")).to_contain_text(QUESTIONS[pid])
        await expect(page.get_by_test_id("item-private")).to_have_count(1)
    await expect(fac.get_by_test_id("hidden-count")).to_contain_text("4 private cards")
    for page in (screen, fac, owner, *peers):
        await expect(page.get_by_test_id("item-placeholder")).to_have_count(3 if page in peers else 4)
    await expect(screen.get_by_test_id("items")).to_contain_text(f"{NAMES['p3']} wrote a card")
    for pid, question in QUESTIONS.items():
        for page in (fac, screen, owner, *peers):
            if page is pages_of.get(pid):
                continue
            assert question not in await page.content(), f"{pid}'s private question leaked"
    for page in people:
        await page.get_by_test_id("mark-done").click()
    await expect(fac.get_by_test_id("done-count")).to_have_text("5 of 5 done")
    await expect(fac.get_by_test_id("everyone-done")).to_be_visible()
    await fac.get_by_test_id("reveal-all").click()
    for page in everyone:
        for question in QUESTIONS.values():
            await expect(page.get_by_test_id("items")).to_contain_text(question)
    await expect(fac.get_by_test_id("hidden-count")).to_be_hidden()

    # 4. information round: turns go round, pass and done, the guest's turn skipped
    await next_round(fac, everyone, "Information round")
    await expect(fac.get_by_test_id("done-count")).to_have_text("0 of 5 done")
    await expect(pia.get_by_test_id("hands-off")).to_contain_text("turns go round")
    await expect(pia.get_by_test_id("turns-waiting")).to_be_visible()
    await fac.get_by_test_id("turns-start").click()
    await expect(fac.get_by_test_id("turns-order").locator("li")).to_have_count(5)  # the peers and the guest
    await expect(fac.get_by_test_id("turn-current")).to_have_attribute("data-person", "p3")
    await agree(everyone, "Information round", "p3", [])
    for page in (fac, screen, *people):
        await expect(page.get_by_test_id("turn-current")).to_have_attribute("data-person", "p3")
    await expect(fac.get_by_test_id("turn-countdown")).to_contain_text(re.compile(r"01:[23]\d"))
    taken = await go_round(fac, pages_of, passes=frozenset({"p4"}))
    assert taken == [*PEERS, GUEST]
    for page in (screen, *people):
        await expect(page.get_by_test_id("turns-complete")).to_have_text("Everyone has had a turn.")
    await agree(everyone, "Information round", "", [])

    # 5. analyse: the case owner listens only (no hand); progressive ordering
    await next_round(fac, everyone, "Analyse")
    await expect(owner.get_by_test_id("owner-listening")).to_be_visible()
    await expect(owner.get_by_test_id("raise-hand")).to_be_hidden()
    await expect(owner.get_by_test_id("hands-off")).to_contain_text("Listen only")
    await fac.get_by_test_id("progressive").check()
    for page in (ravi, sam):
        await page.get_by_test_id("raise-hand").click()
        await expect(page.get_by_test_id("lower-hand")).to_be_visible()
    expected = await queue_of(fac)
    assert sorted(expected) == ["p5", "p6"]
    await agree(everyone, "Analyse", "", expected)
    await fac.get_by_test_id("give-next").click()
    await agree(everyone, "Analyse", expected[0], expected[1:])
    await fac.get_by_test_id("end-floor").click()
    await fac.get_by_test_id("lower-all").click()
    await agree(everyone, "Analyse", "", [])

    # 6. write advice, revealed person by person
    await next_round(fac, everyone, "Write advice")
    for pid in PEERS:
        page = pages_of[pid]
        await page.get_by_test_id("add-item-text").fill(ADVICE[pid])
        await page.get_by_test_id("add-item-submit").click()
        await expect(page.get_by_test_id("items")).to_contain_text(ADVICE[pid])
    await expect(fac.get_by_test_id("hidden-count")).to_contain_text("4 private cards")
    for pid in PEERS:
        await fac.get_by_test_id(f"reveal-{pid}").click()
        await expect(screen.get_by_test_id("items")).to_contain_text(ADVICE[pid])
        await expect(fac.get_by_test_id(f"reveal-{pid}")).to_have_count(0)
        content = await screen.content()
        for later in PEERS[PEERS.index(pid) + 1:]:
            assert ADVICE[later] not in content, f"{later}'s advice shown before its reveal"

    # 7. share advice: turns go round; the listening owner gets no turn and no hand
    await next_round(fac, everyone, "Share advice")
    await fac.get_by_test_id("turns-shuffle").click()
    await expect(fac.get_by_test_id("turns-order").locator("li")).to_have_count(5)
    assert await fac.get_by_test_id("turns-order").locator(f"[data-person={OWNER}]").count() == 0
    await expect(owner.get_by_test_id("owner-listening")).to_be_visible()
    await expect(owner.get_by_test_id("raise-hand")).to_be_hidden()
    await expect(owner.get_by_test_id("your-turn")).to_be_hidden()
    first = await fac.get_by_test_id("turn-current").get_attribute("data-person")
    await agree(everyone, "Share advice", first, [])
    taken = await go_round(fac, pages_of)
    assert sorted(taken) == sorted([*PEERS, GUEST])

    # 8. the case owner responds
    await next_round(fac, everyone, "Case owner responds")
    await expect(owner.get_by_test_id("owner-listening")).to_be_hidden()
    await fac.get_by_test_id(f"give-{OWNER}").click()
    await agree(everyone, "Case owner responds", OWNER, [])
    await owner.get_by_test_id("add-item-kind").select_option("action")
    await owner.get_by_test_id("add-item-text").fill("Brief the night team every Monday")
    await owner.get_by_test_id("add-item-submit").click()
    await owner.get_by_test_id("end-floor").click()
    for page in everyone:
        await expect(page.get_by_test_id("items")).to_contain_text("Brief the night team every Monday")

    # 9. closing discussion: hands again, the owner among them
    await next_round(fac, everyone, "Closing discussion")
    await fac.get_by_test_id("progressive").uncheck()  # back to order of raising
    await expect(fac.get_by_test_id("progressive")).not_to_be_checked()
    await owner.get_by_test_id("raise-hand").click()
    await expect(owner.get_by_test_id("lower-hand")).to_be_visible()
    await sam.get_by_test_id("raise-hand").click()
    await agree(everyone, "Closing discussion", "", [OWNER, "p6"])
    await fac.get_by_test_id("give-next").click()
    await agree(everyone, "Closing discussion", OWNER, ["p6"])
    await fac.get_by_test_id("give-next").click()  # ends the owner's turn, Sam speaks
    await agree(everyone, "Closing discussion", "p6", [])
    await sam.get_by_test_id("end-floor").click()

    # 10. evaluation: the owner takes a turn too
    await next_round(fac, everyone, "Evaluation")
    await fac.get_by_test_id("turns-start").click()
    await expect(fac.get_by_test_id("turns-order").locator("li")).to_have_count(6)
    await expect(fac.get_by_test_id("turn-current")).to_have_attribute("data-person", OWNER)
    await expect(owner.get_by_test_id("your-turn")).to_be_visible()
    await agree(everyone, "Evaluation", OWNER, [])
    taken = await go_round(fac, pages_of)
    assert taken == [OWNER, *PEERS, GUEST]
    await agree(everyone, "Evaluation", "", [])
    await expect(fac.get_by_test_id("round-next")).to_be_disabled()  # the last round

    # the airtime ledger: every speaker, live, on the facilitator's page
    airtime = fac.get_by_test_id("airtime")
    for pid in [OWNER, *PEERS]:
        row = airtime.get_by_test_id(f"airtime-{pid}")
        await expect(row).to_contain_text(NAMES[pid])
        assert int(await row.get_by_test_id("airtime-turns").text_content()) >= 2
        await expect(row.get_by_test_id("airtime-seconds")).to_have_text(re.compile(r"\d\d:\d\d"))
    # the agenda knows what actually ran
    await expect(fac.get_by_test_id("agenda-round-r1")).to_contain_text(re.compile(r"\d+ (s|min) of"))

    # the display never controls the meeting (its only controls switch the language and the
    # sound of this screen)
    controls = ":is(button, input, select, textarea):visible:not([data-testid=lang-switch] *):not([data-testid=chime-toggle])"
    assert await screen.locator(controls).count() == 0
    assert pages.errors == []
