"""Two PeerCircle processes sharing one Redis: one room, one order, one clock."""

import asyncio

from tests.support.client import Client, create_room, join, token_of


def public(event: dict) -> dict:
    """An event as a non-facilitator receives it: airtime seconds are the facilitator's."""
    return {**event, "seconds": None} if event["type"] == "FloorEnded" else event


async def test_clients_on_two_processes_see_the_same_events_in_the_same_order(start_server) -> None:
    one, two = start_server(), start_server()
    room = await create_room(one.base)
    invite = token_of(room["links"]["participant"])
    fac = await Client.connect(one.ws_url, token_of(room["links"]["facilitator"]))
    display = await Client.connect(two.ws_url, token_of(room["links"]["display"]))
    people = [
        await Client.connect(server.ws_url, await join(server.base, invite, f"Peer {i}"))
        for i, server in enumerate([one, two, one, two])
    ]

    async def act(client: Client, i: int) -> None:
        for n in range(5):
            await client.ok("AddItem", kind="note", text=f"{i}-{n}")
        await client.ok("RaiseHand")

    await asyncio.gather(*(act(c, i) for i, c in enumerate(people)), fac.ok("StartTimer", seconds=300))
    await fac.ok("GiveFloor")
    last = await fac.ok("NextRound")
    everyone = [fac, display, *people]
    for client in everyone:
        await client.wait_seq(last)
        assert not client.gaps
    by_seq = {e["seq"]: e for e in display.events}
    for client in everyone:
        seen = [e for e in client.events if e["seq"] <= last]
        assert [e["seq"] for e in seen] == list(range(seen[0]["seq"], last + 1))  # ordered, gap-free
        shared = [public(e) for e in seen if e["seq"] in by_seq]
        assert shared and shared == [by_seq[e["seq"]] for e in shared]  # the very same events
    reference = [by_seq[s] for s in sorted(by_seq) if s <= last]
    hands = [e["person"] for e in reference if e["type"] == "HandRaised"]
    assert len(hands) == len(set(hands)) == 4
    assert [e["n"] for e in reference if e["type"] == "HandRaised"] == sorted(e["n"] for e in reference if e["type"] == "HandRaised")


async def test_time_up_is_emitted_once_even_with_two_processes_watching(start_server, redis_client) -> None:
    one, two = start_server(), start_server()
    room = await create_room(one.base)
    fac = await Client.connect(one.ws_url, token_of(room["links"]["facilitator"]))
    display = await Client.connect(two.ws_url, token_of(room["links"]["display"]))
    await fac.ok("StartTimer", seconds=1)
    await display.wait(lambda: display.of_type("TimeUp"), timeout=5)
    await asyncio.sleep(1.0)
    log = await redis_client.xrange(f"{{room:{room['room']}}}:log")
    assert sum(b"TimeUp" in fields[b"e"] for _, fields in log) == 1
    assert len(fac.of_type("TimeUp")) == len(display.of_type("TimeUp")) == 1


async def test_a_meeting_created_on_one_process_is_joined_through_the_other(start_server) -> None:
    one, two = start_server(), start_server()
    room = await create_room(one.base)
    token = await join(two.base, token_of(room["links"]["participant"]), "Ann")
    ann = await Client.connect(one.ws_url, token)
    assert [p["name"] for p in ann.state["people"]] == ["Facilitator", "Ann"]
