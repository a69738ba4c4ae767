"""The transport middleware: what it hands a WebSocket session, and what it lets go of
when the session ends (the collector is told; no reference cycle of ours is left)."""

import socket

import pytest

from protocol.limits import SEND_BUFFER_BYTES
from server.realtime.abort import SCOPE_KEY, WIRE_KEY, TransportAbort, bound_send_buffer, reset
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


class SocketTransport:
    """A transport over a real TCP socket, as far as bound_send_buffer and reset look."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.aborted = sock, False

    def get_extra_info(self, name: str, default: object = None) -> object:
        return self.sock if name == "socket" else default

    def abort(self) -> None:
        self.aborted = True
        self.sock.close()


@pytest.fixture
def tcp_pair():
    """The server's end of a TCP connection and the client's."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        client = socket.create_connection(server.getsockname())
        accepted, _ = server.accept()
        client.settimeout(2)
        yield accepted, client
        client.close()
        accepted.close()


def test_the_kernel_send_buffer_is_bounded_instead_of_autotuned(tcp_pair) -> None:
    accepted, _ = tcp_pair
    bound_send_buffer(SocketTransport(accepted))
    # Linux doubles the size asked for its own bookkeeping; autotuning would have let it grow to megabytes
    assert SEND_BUFFER_BYTES <= accepted.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) <= 2 * SEND_BUFFER_BYTES


def test_reset_drops_the_connection_with_an_rst_not_a_lingering_close(tcp_pair) -> None:
    accepted, client = tcp_pair
    transport = SocketTransport(accepted)
    reset(transport)
    assert transport.aborted
    with pytest.raises(ConnectionResetError):  # a plain close would read as an orderly end (b"")
        client.recv(1)


def test_reset_of_a_connection_already_gone_still_aborts_and_raises_nothing(tcp_pair) -> None:
    accepted, _ = tcp_pair
    transport = SocketTransport(accepted)
    accepted.close()
    reset(transport)
    assert transport.aborted
