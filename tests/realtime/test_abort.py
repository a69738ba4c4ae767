"""The transport middleware: what it hands a WebSocket session, and what it lets go of
when the session ends (the collector is told; no reference cycle of ours is left)."""

import pytest

from server.realtime.abort import SCOPE_KEY, WIRE_KEY, TransportAbort
from tests.realtime.test_peer import FakeProtocol


class SansioProtocol(FakeProtocol):
    """uvicorn's websockets-sansio protocol as the middleware sees it: its `send` is bound."""

    def __init__(self) -> None:
        super().__init__()
        self.transport.abort = lambda: None
        self.handshake_complete = True
        self.request = self.response = None

    async def send(self, message: dict) -> None:
        pass


async def receive() -> dict:
    return {"type": "websocket.disconnect"}


async def test_a_session_gets_the_abort_and_the_wire_and_both_go_when_it_ends() -> None:
    closed: list[int] = []
    seen: dict = {}

    async def app(scope, receive, send) -> None:
        seen.update(abort=scope.get(SCOPE_KEY), wire=scope.get(WIRE_KEY))

    protocol = SansioProtocol()
    scope = {"type": "websocket"}
    await TransportAbort(app, on_closed=lambda: closed.append(1))(scope, receive, protocol.send)
    assert seen["abort"] is not None and seen["wire"] is not None
    assert SCOPE_KEY not in scope and WIRE_KEY not in scope  # the protocol keeps the scope: no cycle through it
    assert closed == [1]


async def test_a_session_that_fails_still_counts_as_closed() -> None:
    closed: list[int] = []

    async def app(scope, receive, send) -> None:
        raise RuntimeError("boom")

    protocol = SansioProtocol()
    scope = {"type": "websocket"}
    with pytest.raises(RuntimeError):
        await TransportAbort(app, on_closed=lambda: closed.append(1))(scope, receive, protocol.send)
    assert closed == [1] and WIRE_KEY not in scope


async def test_plain_http_passes_through_uncounted() -> None:
    closed: list[int] = []
    calls: list[dict] = []

    async def app(scope, receive, send) -> None:
        calls.append(scope)

    await TransportAbort(app, on_closed=lambda: closed.append(1))({"type": "http"}, receive, SansioProtocol().send)
    assert len(calls) == 1 and closed == []
