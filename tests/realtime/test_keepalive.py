"""The keepalive's rule: ping only the silent, close only the unanswered."""

import asyncio

import pytest

from protocol.codes import CloseCode
from server.domain import Actor, Role
from server.realtime.keepalive import Keepalive, sweep
from server.realtime.peer import Peer

SILENCE, TIMEOUT = 15.0, 10.0


class FakeWire:
    """What the sweep reads of a Wire: whether a ping went out, and whether it was answered."""

    def __init__(self, writable: bool = True, pinged_by_server: bool = False) -> None:
        self.writable, self.pinged_by_server = writable, pinged_by_server
        self.pings = 0
        self.answered = True

    def ping(self) -> bool:
        if not self.writable:
            return False
        self.pings += 1
        self.answered = False
        return True

    def pong(self) -> None:
        self.answered = True


def peer_with(wire: FakeWire | None, heard_at: float = 0.0) -> Peer:
    peer = Peer(None, Actor(Role.PARTICIPANT, "p1"), "room", "c1")
    peer._wire = wire
    peer.heard_at = heard_at
    return peer


def test_a_peer_heard_from_lately_is_not_pinged():
    wire = FakeWire()
    peer = peer_with(wire, heard_at=100.0)
    assert sweep([peer], 100.0 + SILENCE - 0.1, SILENCE, TIMEOUT).pinged == 0
    assert wire.pings == 0


def test_a_silent_peer_is_pinged_once_while_its_ping_is_out():
    wire = FakeWire()
    peer = peer_with(wire, heard_at=100.0)
    assert sweep([peer], 100.0 + SILENCE, SILENCE, TIMEOUT).pinged == 1
    assert sweep([peer], 100.0 + SILENCE + 2, SILENCE, TIMEOUT).pinged == 0
    assert wire.pings == 1 and peer.ping_sent_at == 100.0 + SILENCE


def test_a_pong_keeps_the_peer_and_the_next_ping_waits_for_the_next_silence():
    wire = FakeWire()
    peer = peer_with(wire, heard_at=0.0)
    sweep([peer], SILENCE, SILENCE, TIMEOUT)
    wire.pong()
    assert sweep([peer], SILENCE + TIMEOUT + 1, SILENCE, TIMEOUT).closed == 0
    assert peer.close_code is None and peer.ping_sent_at == 0.0 and peer.heard_at == SILENCE
    assert wire.pings == 1
    sweep([peer], 2 * SILENCE, SILENCE, TIMEOUT)
    assert wire.pings == 2


def test_any_frame_after_the_ping_answers_it_too():
    wire = FakeWire()
    peer = peer_with(wire, heard_at=0.0)
    sweep([peer], SILENCE, SILENCE, TIMEOUT)
    peer.heard_at = SILENCE + 1  # the read loop got a message; the pong is not back (yet)
    assert sweep([peer], SILENCE + TIMEOUT + 1, SILENCE, TIMEOUT).closed == 0
    assert peer.close_code is None and peer.ping_sent_at == 0.0


async def test_an_unanswered_ping_closes_the_peer_as_a_server_error():
    wire = FakeWire()
    peer = peer_with(wire, heard_at=0.0)
    sweep([peer], SILENCE, SILENCE, TIMEOUT)
    assert sweep([peer], SILENCE + TIMEOUT - 0.1, SILENCE, TIMEOUT).closed == 0
    assert peer.close_code is None
    assert sweep([peer], SILENCE + TIMEOUT, SILENCE, TIMEOUT).closed == 1
    assert peer.close_code == CloseCode.SERVER_ERROR
    assert sweep([peer], SILENCE + TIMEOUT + 5, SILENCE, TIMEOUT).closed == 0  # closed once
    peer.forget()


def test_a_ping_the_transport_declines_starts_no_deadline():
    wire = FakeWire(writable=False)
    peer = peer_with(wire, heard_at=0.0)
    assert sweep([peer], SILENCE, SILENCE, TIMEOUT).pinged == 0
    assert sweep([peer], SILENCE + TIMEOUT + 1, SILENCE, TIMEOUT).closed == 0
    assert peer.ping_sent_at == 0.0 and peer.close_code is None


@pytest.mark.parametrize("wire", [None, FakeWire(pinged_by_server=True)], ids=["no-wire", "uvicorn-pings"])
def test_sockets_the_server_keeps_alive_itself_are_left_to_it(wire):
    peer = peer_with(wire, heard_at=0.0)
    assert sweep([peer], 10 * SILENCE, SILENCE, TIMEOUT).pinged == 0
    assert wire is None or wire.pings == 0


async def test_the_task_sweeps_often_enough_for_short_intervals_and_survives_a_broken_sweep():
    wire = FakeWire()
    peer = peer_with(wire, heard_at=0.0)
    calls = []

    def peers():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a broken sweep")
        return [peer]

    keepalive = Keepalive(peers, silence_s=0.05, timeout_s=0.05)
    assert keepalive.every_s == pytest.approx(0.01)
    keepalive.start()
    try:
        await asyncio.sleep(0.2)
    finally:
        await keepalive.stop()
    assert len(calls) > 3 and wire.pings >= 1 and peer.close_code == CloseCode.SERVER_ERROR
    peer.forget()
