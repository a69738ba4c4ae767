"""Who may open a socket (the Origin allowlist) and where tokens never appear (logs)."""

import httpx2 as httpx
import pytest
import websockets

from protocol.codes import CloseCode
from tests.support.client import Client, create_room, join, token_of

BAD_ORIGINS = [
    None, "null", "", "http://evil.example", "https://evil.example", "http://127.0.0.1.evil.example",
    "http://evil127.0.0.1", "https://127.0.0.1", "ws://127.0.0.1", "file://", "http://localhost",
    "http://127.0.0.2", "http://[::1]", "http://127.0.0.1.", "http://127.0.0.1:1", "http://127.0.0.1:80",
    "http://127.0.0.1:%d/", "http://127.0.0.1:%d.evil.example", "http://user@127.0.0.1:%d",
    "http://127.0.0.1:%d/x", "chrome-extension://abcdef", "HTTP://127.0.0.1:%d.", "http://xn--12-7ba.0.0.1:%d",
]


@pytest.mark.parametrize("origin", BAD_ORIGINS)
async def test_a_socket_from_an_origin_not_on_the_list_is_refused_with_403(server, origin) -> None:
    origin = origin % server.port if origin and "%d" in origin else origin
    headers = {} if origin is None else {"Origin": origin}
    with pytest.raises(websockets.InvalidStatus) as refused:
        await websockets.connect(server.ws_url, additional_headers=headers, origin=None)
    assert refused.value.response.status_code == 403


async def test_the_servers_own_origin_and_configured_ones_are_accepted(start_server) -> None:
    server = start_server(PEERCIRCLE_ORIGINS="https://circle.example.org, http://127.0.0.1:1")
    room = await create_room(server.base)
    token = token_of(room["links"]["display"])
    for origin in ("https://circle.example.org", "HTTPS://CIRCLE.EXAMPLE.ORG", "http://127.0.0.1:1"):
        client = await Client.connect(server.ws_url, token, origin=origin)
        assert client.welcome["you"]["role"] == "display"
    with pytest.raises(websockets.InvalidStatus):  # the list replaces the default
        await Client.connect(server.ws_url, token, origin=server.base)


async def test_no_token_appears_in_any_server_output(start_server, tmp_path) -> None:
    server = start_server(log_level="debug")
    room = await create_room(server.base)
    secrets = [token_of(link).split(".", 1)[1] for link in room["links"].values()]
    personal = await join(server.base, token_of(room["links"]["participant"]), "Canary")
    secrets.append(personal.split(".", 1)[1])
    ann = await Client.connect(server.ws_url, personal)
    await ann.ok("AddItem", kind="note", text="a note")
    await ann.command("NextRound")  # refused: logged as a denial, if at all
    for link in room["links"].values():
        async with httpx.AsyncClient() as http:
            await http.get(link)  # the fragment never leaves the browser; httpx drops it too
    bad = await Client.connect(server.ws_url, personal[:-4] + "AAAA")
    assert bad.close_code is not None
    await ann.close()
    server.stop()
    output = server.log_path.read_text(errors="replace")
    assert "WebSocket /ws" in output  # the access log was on
    for secret in secrets:
        pieces = {secret[i:i + 8] for i in range(len(secret) - 7)}
        assert not [p for p in pieces if p in output], "a token leaked into the server's output"


async def test_a_socket_may_name_its_room_in_its_url_for_a_balancer_to_route_by(server) -> None:
    room = await create_room(server.base)
    client = await Client.connect(f"{server.ws_url}?room={room['room']}", token_of(room["links"]["display"]))
    assert client.welcome["you"]["role"] == "display"
    await client.close()


@pytest.mark.parametrize("named", ["another", ""])
async def test_a_socket_whose_url_names_another_room_than_its_token_is_closed_with_policy(server, named) -> None:
    room = await create_room(server.base)
    facilitator = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    await facilitator.ok("AddItem", kind="note", text="kept")
    stray = await Client.connect(f"{server.ws_url}?room={named}", token_of(room["links"]["display"]))
    assert await stray.wait_closed() == CloseCode.POLICY and not stray.welcome
    assert "another room" in stray.ws.close_reason
    again = await Client.connect(server.ws_url, token_of(room["links"]["display"]))
    assert [item["text"] for item in again.state["items"]] == ["kept"]
    await facilitator.close()
    await again.close()
