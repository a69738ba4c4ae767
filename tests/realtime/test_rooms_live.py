"""A live room over real uvicorn processes and real WebSocket clients."""

import asyncio

from tests.support.client import Client, create_room, join, token_of


async def open_room(server, *names: str):
    room = await create_room(server.base)
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    people = []
    for name in names:
        token = await join(server.base, token_of(room["links"]["participant"]), name)
        person = await Client.connect(server.ws_url, token)
        me = person.welcome["you"]["person"]  # online once admitted, a moment after the welcome
        await fac.wait(lambda: any(e["type"] == "PersonCameOnline" and e["person"] == me for e in fac.events))
        people.append(person)
    return room, fac, people


async def test_every_view_sees_the_same_events_in_the_same_order(server) -> None:
    room, fac, (ann, bob) = await open_room(server, "Ann", "Bob")
    display = await Client.connect(server.ws_url, token_of(room["links"]["display"]))
    await asyncio.gather(ann.ok("RaiseHand"), bob.ok("RaiseHand"), ann.ok("AddItem", kind="question", text="Why?"))
    await fac.ok("GiveFloor")
    last = await fac.ok("NextRound")
    for client in (fac, ann, bob, display):
        await client.wait_seq(last)
    tail = [e["seq"] for e in display.events]
    for client in (ann, bob):
        assert [e for e in client.events if e["seq"] in tail] == display.events
        assert not client.gaps
    # the facilitator sees the same events, plus the airtime others do not get
    ended = [e for e in fac.events if e["type"] == "FloorEnded" and e["seq"] in tail]
    assert ended and all(isinstance(e["seconds"], float) for e in ended)
    assert all(e["seconds"] is None for e in display.events if e["type"] == "FloorEnded")
    same = [{**e, "seconds": None} if e["type"] == "FloorEnded" else e for e in fac.events if e["seq"] in tail]
    assert same == display.events and not fac.gaps
    floor = fac.of_type("FloorGiven")[-1]["person"]
    first_hand = fac.of_type("HandRaised")[0]["person"]
    assert floor == first_hand  # "next" is the earliest hand by the server's order


async def test_a_participant_gets_a_personal_identity_that_survives_a_reconnect(server) -> None:
    room = await create_room(server.base)
    token = await join(server.base, token_of(room["links"]["participant"]), "Ann")
    first = await Client.connect(server.ws_url, token)
    person = first.welcome["you"]["person"]
    await first.close()
    again = await Client.connect(server.ws_url, token)
    assert again.welcome["you"] == {**first.welcome["you"], "person": person}
    assert again.welcome["you"]["role"] == "participant"


async def test_presence_shows_who_is_here_and_who_left(server) -> None:
    room, fac, (ann,) = await open_room(server, "Ann")
    person = ann.welcome["you"]["person"]
    await fac.wait(lambda: any(e["type"] == "PersonCameOnline" and e["person"] == person for e in fac.events))
    await ann.close()
    await fac.wait(lambda: any(e["type"] == "PersonWentOffline" and e["person"] == person for e in fac.events))


async def test_participants_cannot_steer_and_displays_change_nothing(server) -> None:
    room, fac, (ann,) = await open_room(server, "Ann")
    display = await Client.connect(server.ws_url, token_of(room["links"]["display"]))
    before = fac.seq
    for name, args in [("NextRound", {}), ("PreviousRound", {}), ("StartTimer", {"seconds": 60}),
                       ("GiveFloor", {}), ("LowerAllHands", {}), ("LowerHand", {"person": "p1"})]:
        assert (await ann.command(name, **args))["code"] == "forbidden", name
    for name, args in [("AddItem", {"kind": "note", "text": "x"}), ("RaiseHand", {}), ("Rename", {"name": "TV"}),
                       ("NextRound", {})]:
        assert (await display.command(name, **args))["code"] == "forbidden", name
    marker = await fac.ok("AddItem", kind="note", text="marker")
    await ann.wait_seq(marker)
    assert [e["type"] for e in ann.events if e["seq"] > before] == ["ItemAdded"]


async def test_a_retried_op_is_applied_once_and_acknowledged_with_its_first_seq(server) -> None:
    room, fac, (ann,) = await open_room(server, "Ann")
    first = await ann.command("AddItem", op="same-op", kind="note", text="only once")
    again = await ann.command("AddItem", op="same-op", kind="note", text="only once")
    assert first["t"] == again["t"] == "ack" and first["seq"] == again["seq"]
    await fac.wait_seq(first["seq"])
    assert len([e for e in fac.of_type("ItemAdded") if e["text"] == "only once"]) == 1


async def test_a_reconnecting_client_gets_exactly_the_events_it_missed(server) -> None:
    room, fac, (ann,) = await open_room(server, "Ann")
    token = token_of(room["links"]["display"])
    display = await Client.connect(server.ws_url, token)
    epoch, seen = display.epoch, display.seq
    await display.close()
    missed = [await fac.ok("AddItem", kind="note", text=f"while away {i}") for i in range(5)]
    back = await Client.connect(server.ws_url, token, epoch=epoch, seq=seen)
    assert "state" not in back.welcome
    replayed = back.welcome["events"]
    assert [e["seq"] for e in replayed] == list(range(seen + 1, missed[-1] + 1))
    assert [e["text"] for e in replayed if e["type"] == "ItemAdded"] == [f"while away {i}" for i in range(5)]
    assert not back.gaps


async def test_a_client_from_another_epoch_gets_a_snapshot_instead_of_events(server) -> None:
    room, fac, _ = await open_room(server)
    back = await Client.connect(server.ws_url, token_of(room["links"]["display"]), epoch="stale", seq=1)
    assert back.welcome["state"]["title"] == "Peer Assist"
    assert back.welcome["seq"] == fac.seq


async def test_the_timer_runs_on_a_deadline_and_time_up_is_announced_once(server) -> None:
    room, fac, (ann,) = await open_room(server, "Ann")
    seq = await fac.ok("StartTimer", seconds=1)
    started = next(e for e in fac.events if e["seq"] == seq)
    assert started["ends_at"] - fac.welcome["now"] < 5
    await ann.wait(lambda: ann.of_type("TimeUp"), timeout=5)
    await asyncio.sleep(0.5)
    assert len(ann.of_type("TimeUp")) == len(fac.of_type("TimeUp")) == 1
    assert not [f for f in ann.frames if f["t"] == "events" and len(f["events"]) == 0]
