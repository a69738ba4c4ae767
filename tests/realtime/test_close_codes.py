"""Bad input over a live socket: a documented close code, and nothing committed."""

import msgpack
import pytest
import websockets

from protocol.codes import CloseCode
from protocol.limits import MAX_FRAME_BYTES
from tests.support.client import Client, create_room, token_of


async def raw(server, origin: str | None = "default"):
    origin = server.base if origin == "default" else origin
    return await websockets.connect(server.ws_url, origin=origin, max_size=None, compression=None)


async def close_code_after(server, *frames) -> int:
    ws = await raw(server)
    try:
        for frame in frames:
            await ws.send(frame)
        await ws.wait_closed()
    except websockets.ConnectionClosed:
        pass
    return ws.protocol.close_rcvd.code if ws.protocol.close_rcvd else 1006


@pytest.mark.parametrize(
    ("frames", "code"),
    [
        (["hello"], CloseCode.UNSUPPORTED_DATA),
        ([b"\xc1\xc1"], CloseCode.INVALID_PAYLOAD),
        ([msgpack.packb({"t": "cmd", "op": "x", "name": "RaiseHand", "args": {}})], CloseCode.POLICY),
        ([msgpack.packb({"t": "hello", "v": 99, "token": "a.b"})], CloseCode.VERSION),
        ([msgpack.packb({"t": "hello", "v": 1, "token": "0123456789abcdef01.wrongsecretwrongsecretwrongsecret00"})], CloseCode.FORBIDDEN),
        ([msgpack.packb({"t": "hello", "v": 1})], CloseCode.POLICY),
        ([b"\x00" * (MAX_FRAME_BYTES + 1)], CloseCode.TOO_BIG),
    ],
    ids=["text-frame", "not-msgpack", "command-before-hello", "wrong-version", "unknown-token", "hello-without-token", "oversized"],
)
async def test_a_bad_first_frame_closes_with_its_documented_code(server, frames, code) -> None:
    assert await close_code_after(server, *frames) == code


async def test_the_shared_invite_cannot_open_a_socket_without_joining(server) -> None:
    room = await create_room(server.base)
    hello = msgpack.packb({"t": "hello", "v": 1, "token": token_of(room["links"]["participant"])})
    assert await close_code_after(server, hello) == CloseCode.FORBIDDEN


@pytest.mark.parametrize("origin", [None, "null", "http://evil.example", "http://127.0.0.1.evil.example", "https://127.0.0.1"])
async def test_a_socket_from_a_foreign_origin_is_refused_before_accept(server, origin) -> None:
    with pytest.raises(websockets.InvalidStatus) as refused:
        await raw(server, origin=origin)
    assert refused.value.response.status_code == 403


async def test_a_hostile_frame_mid_session_closes_it_and_loses_nothing(server) -> None:
    room = await create_room(server.base)
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    seq = await fac.ok("AddItem", kind="note", text="kept")
    attacker = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    bomb = 1
    for _ in range(12):
        bomb = [bomb]
    await attacker.send(msgpack.packb(bomb))
    assert await attacker.wait_closed() == CloseCode.INVALID_PAYLOAD
    check = await Client.connect(server.ws_url, token_of(room["links"]["display"]))
    assert check.welcome["seq"] == seq
    assert [i["text"] for i in check.state["items"]] == ["kept"]


async def test_a_malformed_command_gets_an_error_and_the_session_stays_open(server) -> None:
    room = await create_room(server.base)
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    for name, args in [("Explode", {}), ("AddItem", {"kind": "poem", "text": "x"}), ("StartTimer", {"seconds": True}),
                       ("AddItem", {"kind": "note", "text": "a\x00b"}), ("AddItem", {"kind": "note", "text": "x", "extra": 1})]:
        reply = await fac.command(name, **args)
        assert (reply["t"], reply["code"]) == ("error", "invalid_command"), name
    assert await fac.ok("AddItem", kind="note", text="still here")


async def test_compression_is_never_negotiated(server) -> None:
    ws = await websockets.connect(server.ws_url, origin=server.base)  # offers permessage-deflate
    try:
        assert ws.response.headers.get("Sec-WebSocket-Extensions") is None
    finally:
        await ws.close()
