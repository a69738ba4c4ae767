"""Round rules over real sockets: turns that go round, refusals in words, airtime."""

from tests.support.client import Client, create_method_room, join, token_of


async def test_a_round_robin_goes_round_everyone_once_and_says_so(server) -> None:
    room = await create_method_room(server.base, "five_step")
    invite = token_of(room["links"]["participant"])
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    peers = [await Client.connect(server.ws_url, await join(server.base, invite, n)) for n in ("Ann", "Bob", "Cat")]
    by_person = {p.welcome["you"]["person"]: p for p in peers}
    advice = next(r["id"] for r in fac.state["agenda"] if r["kind"] == "advice")
    await fac.ok("JumpToRound", round=advice)
    refused = await peers[0].command("RaiseHand")
    assert refused["code"] == "not_now" and "turn" in refused["message"].lower()
    started = await fac.ok("StartTurns", shuffle=True)
    await fac.wait_seq(started)
    order = fac.of_type("TurnsStarted")[-1]["order"]
    assert sorted(order) == sorted(by_person)
    for i, person in enumerate(order):
        holder = by_person[person]
        await holder.wait(lambda: holder.of_type("FloorGiven") and holder.of_type("FloorGiven")[-1]["person"] == person)
        assert holder.of_type("FloorGiven")[-1]["ends_at"] is not None  # a turn has its own countdown
        await holder.ok("PassTurn" if i == 1 else "EndFloor")
    await fac.wait(lambda: fac.of_type("TurnsCompleted"))
    assert [e["person"] for e in fac.of_type("FloorGiven")] == order
    assert [e["passed"] for e in fac.of_type("FloorEnded")] == [False, True, False]
    assert all(e["seconds"] is not None for e in fac.of_type("FloorEnded"))  # the facilitator sees airtime
    assert all(e["seconds"] is None for e in peers[0].of_type("FloorEnded"))  # peers do not, yet
