"""The read-only summary link opens no socket: it reads the summary over HTTP and nothing
else, so a hello with it is refused like an unknown link (4003), and counts as a failure."""

import httpx2 as httpx

from protocol.codes import CloseCode
from tests.support.client import Client, create_room, token_of


async def test_a_summary_link_is_refused_on_the_socket(server) -> None:
    room = await create_room(server.base)
    facilitator = token_of(room["links"]["facilitator"])
    async with httpx.AsyncClient() as http:
        made = await http.post(f"{server.base}/api/rooms/{room['room']}/summary-link",
                               headers={"Authorization": f"Bearer {facilitator}"})
    assert made.status_code == 201
    reader = await Client.connect(server.ws_url, token_of(made.json()["url"]))
    assert await reader.wait_closed() == CloseCode.FORBIDDEN and reader.welcome == {}
    fac = await Client.connect(server.ws_url, facilitator)  # the link itself works: the room is fine
    assert fac.welcome["you"]["role"] == "facilitator"
