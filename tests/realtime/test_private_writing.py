"""Private writing on the wire: before the reveal, no frame to anyone but the author
holds a hidden item's text — not to other peers, not to the facilitator, not to the
room screen, not in a replay, not through another server process."""

from tests.support.client import Client, create_method_room, join, token_of

SECRET = "I would quietly escalate to the director"


async def into_write_advice(fac: Client) -> None:
    """The incident method's sixth round: everyone writes advice alone."""
    agenda = fac.state["agenda"]
    target = next(r["id"] for r in agenda if r["kind"] == "write_advice")
    await fac.ok("JumpToRound", round=target)


async def test_a_hidden_item_reaches_only_its_author_until_it_is_revealed(start_server) -> None:
    one, two = start_server(), start_server()
    room = await create_method_room(one.base, "incident")
    invite = token_of(room["links"]["participant"])
    fac = await Client.connect(one.ws_url, token_of(room["links"]["facilitator"]))
    writer = await Client.connect(one.ws_url, await join(one.base, invite, "Writer"))
    peer_here = await Client.connect(one.ws_url, await join(one.base, invite, "Peer A"))
    peer_there = await Client.connect(two.ws_url, await join(two.base, invite, "Peer B"))
    screen_there = await Client.connect(two.ws_url, token_of(room["links"]["display"]))
    await into_write_advice(fac)
    parked_epoch, parked_seq = screen_there.epoch, screen_there.seq
    parked = token_of(room["links"]["display"])

    added = await writer.command("AddItem", kind="option", text=SECRET)
    assert added["t"] == "ack"
    item = next(e["item"] for e in writer.events if e["type"] == "ItemAdded")
    edited = await writer.ok("EditItem", item=item, text=SECRET + " today")
    others = [fac, peer_here, peer_there, screen_there]
    for client in [writer, *others]:
        await client.wait_seq(edited)
    # the author sees it; the rest learn only that a card exists, by whom
    assert [e["text"] for e in writer.events if e["type"] in ("ItemAdded", "ItemEdited")] == [SECRET, SECRET + " today"]
    for client in others:
        cards = [e for e in client.events if e["type"] in ("ItemAdded", "ItemEdited")]
        assert [(e["item"], e["hidden"], e["text"]) for e in cards] == [(item, True, ""), (item, True, "")]
    # a late joiner's snapshot and a resumed screen's replay are just as quiet
    late = await Client.connect(two.ws_url, await join(two.base, invite, "Late"))
    replayed = await Client.connect(one.ws_url, parked, epoch=parked_epoch, seq=parked_seq)
    assert next(i for i in late.state["items"] if i["id"] == item)["text"] == ""
    assert [e["text"] for e in replayed.welcome["events"] if e["type"] == "ItemAdded"] == [""]
    # a facilitator may not edit what they cannot read
    refused = await fac.command("EditItem", item=item, text="overwritten")
    assert refused["code"] == "not_author"
    for client in [*others, late, replayed]:
        assert not any(SECRET.encode() in frame for frame in client.raw), "hidden text leaked on the wire"

    revealed = await fac.ok("RevealItems")
    for client in [*others, late, replayed]:
        await client.wait_seq(revealed)
        reveal = next(e for e in client.events if e["type"] == "ItemsRevealed")
        assert reveal["items"] == [{"id": item, "kind": "option", "text": SECRET + " today", "author": reveal["items"][0]["author"]}]


async def test_items_are_revealed_one_author_at_a_time(server) -> None:
    room = await create_method_room(server.base, "balint")
    invite = token_of(room["links"]["participant"])
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    ann = await Client.connect(server.ws_url, await join(server.base, invite, "Ann"))
    bob = await Client.connect(server.ws_url, await join(server.base, invite, "Bob"))
    await into_write_advice(fac)
    await ann.ok("AddItem", kind="option", text="Ann's advice")
    await bob.ok("AddItem", kind="option", text="Bob's advice")
    first = await fac.ok("RevealItems", person=ann.welcome["you"]["person"])
    await bob.wait_seq(first)
    revealed = [row["text"] for e in bob.events if e["type"] == "ItemsRevealed" for row in e["items"]]
    assert revealed == ["Ann's advice"]
    display = await Client.connect(server.ws_url, token_of(room["links"]["display"]))
    assert sorted(i["text"] for i in display.state["items"]) == ["", "Ann's advice"]
    assert not any(b"Bob's advice" in frame for frame in display.raw + ann.raw + fac.raw)
