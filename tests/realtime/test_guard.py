"""Guessing is slow: after 20 failed tokens or codes in a minute from one address, that
address is refused for a while; a correct token from elsewhere is unaffected."""

import httpx2 as httpx

from protocol.codes import CloseCode
from server.realtime.guard import FailureGuard
from tests.support.client import Client, create_room, token_of


def test_failures_expire_after_the_window() -> None:
    guard = FailureGuard(allowed=3, window=60)
    for t in (0, 1, 2):
        guard.failed("a", now=t)
    assert guard.blocked("a", now=3) and not guard.blocked("b", now=3)
    assert not guard.blocked("a", now=61)


async def test_guessing_tokens_or_codes_gets_an_address_refused(server) -> None:
    room = await create_room(server.base)
    guesses = [f"{room['room']}.{'A' * 31}{i:x}" for i in range(20)]
    for guess in guesses:
        assert (await Client.connect(server.ws_url, guess)).close_code == CloseCode.FORBIDDEN
    # the twenty-first attempt is refused before the token is even looked up: right or wrong
    right = await Client.connect(server.ws_url, token_of(room["links"]["display"]))
    assert right.close_code == CloseCode.RATE_LIMITED
    async with httpx.AsyncClient() as http:
        response = await http.post(server.base + "/api/join", json={"name": "Eve", "code": "ZZZZZZ"})
    assert response.status_code == 429
