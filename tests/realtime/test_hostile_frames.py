"""The hostile-frame catalogue over a live socket: each frame closes the session with
its documented code, the server stays up, and nothing in the room changes."""

import websockets

from protocol.codes import CloseCode
from tests.protocol.test_messages import HOSTILE
from tests.support.client import Client, create_room, join, token_of


async def session_closed_by(server, token: str, frame) -> int:
    client = await Client.connect(server.ws_url, token)
    try:
        await client.send(frame)
    except websockets.ConnectionClosed:
        pass
    return await client.wait_closed()


async def test_every_hostile_frame_closes_with_its_code_and_changes_nothing(server) -> None:
    room = await create_room(server.base)
    fac_token = token_of(room["links"]["facilitator"])
    fac = await Client.connect(server.ws_url, fac_token)
    seq = await fac.ok("AddItem", kind="note", text="committed before the barrage")
    for name, (frame, code) in HOSTILE.items():
        assert await session_closed_by(server, fac_token, frame) == code, name
    check = await Client.connect(server.ws_url, token_of(room["links"]["display"]))
    assert check.welcome["seq"] == seq  # nothing was committed by any of them
    assert [i["text"] for i in check.state["items"]] == ["committed before the barrage"]
    assert fac.close_code is None and await fac.ok("RaiseHand")  # and the server is still up


async def test_forged_room_and_role_fields_are_ignored(server) -> None:
    room, other = await create_room(server.base), await create_room(server.base)
    ann = await Client.connect(server.ws_url, await join(server.base, token_of(room["links"]["participant"]), "Ann"))
    forged = {"t": "cmd", "op": "forged", "name": "NextRound", "args": {}, "role": "facilitator",
              "room": other["room"], "person": "p1"}
    await ann.send(forged)
    await ann.wait(lambda: any(f.get("op") == "forged" for f in ann.frames))
    reply = next(f for f in ann.frames if f.get("op") == "forged")
    assert (reply["t"], reply["code"]) == ("error", "forbidden")
    with_args = await ann.command("AddItem", kind="note", text="mine", author="p1")
    assert with_args["code"] == "forbidden"  # nor may a peer write in the facilitator's name


async def test_a_replayed_old_op_is_answered_with_its_seq_and_applies_nothing(server) -> None:
    room = await create_room(server.base)
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    first = await fac.command("AddItem", op="old-op", kind="note", text="one")
    await fac.ok("AddItem", kind="note", text="two")
    replay = await fac.command("AddItem", op="old-op", kind="note", text="changed text")
    assert replay["seq"] == first["seq"]
    display = await Client.connect(server.ws_url, token_of(room["links"]["display"]))
    assert [i["text"] for i in display.state["items"]] == ["one", "two"]


async def test_a_socket_that_never_says_hello_is_closed_and_a_flood_is_cut_off(server) -> None:
    room = await create_room(server.base)
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    for i in range(200):  # far past the burst, without waiting for answers
        try:
            await fac.send({"t": "cmd", "op": f"flood{i}", "name": "RaiseHand", "args": {}})
        except websockets.ConnectionClosed:
            break
    assert await fac.wait_closed() == CloseCode.RATE_LIMITED
    assert len([f for f in fac.frames if f["t"] == "ack"]) < 200  # cut off, not served
    silent = await websockets.connect(server.ws_url, origin=server.base)
    code = None
    try:
        await silent.recv()
    except websockets.ConnectionClosed as closed:
        code = closed.rcvd.code if closed.rcvd else None
    assert code == CloseCode.AUTH_TIMEOUT
