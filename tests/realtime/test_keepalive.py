"""The keepalive's rule: ping only the silent, close only the unanswered."""

import asyncio

import pytest

from protocol.codes import CloseCode
from server.domain import Actor, Role
from server.realtime.keepalive import SLOTS, Keepalive, sweep
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


def test_peers_arriving_together_are_spread_over_the_slots_and_forgotten_when_gone():
    keepalive = Keepalive(SILENCE, TIMEOUT)
    peers = [peer_with(FakeWire()) for _ in range(10 * SLOTS)]
    for peer in peers:
        keepalive.watch(peer)
    assert len(keepalive) == 10 * SLOTS
    assert {len(slot) for slot in keepalive._slots} == {10}  # a burst of arrivals: never one big sweep
    for peer in peers[:5]:
        keepalive.forget(peer)
    keepalive.forget(peers[0])  # twice: harmless
    assert len(keepalive) == 10 * SLOTS - 5 and sum(map(len, keepalive._slots)) == 10 * SLOTS - 5


class BrokenWire(FakeWire):
    def ping(self) -> bool:
        raise RuntimeError("a bug elsewhere")


async def test_the_task_sweeps_every_slot_often_enough_for_short_intervals_and_survives_a_broken_sweep():
    keepalive = Keepalive(silence_s=0.05, timeout_s=0.05)
    assert keepalive.every_s == pytest.approx(0.01)
    keepalive.watch(peer_with(BrokenWire(), heard_at=0.0))  # its slot's sweep raises, every time
    wires = [FakeWire() for _ in range(2 * SLOTS)]
    peers = [peer_with(wire, heard_at=0.0) for wire in wires]
    for peer in peers:
        keepalive.watch(peer)
    keepalive.start()
    try:
        await asyncio.sleep(0.3)
    finally:
        await keepalive.stop()
    swept = [peer for peer in peers if peer.close_code is not None]
    assert len(swept) >= 2 * SLOTS - 2  # all but (perhaps) the two sharing the broken slot: pinged, unanswered, closed
    assert all(peer.close_code == CloseCode.SERVER_ERROR and peer.wire.pings == 1 for peer in swept)
    for peer in peers:
        peer.forget()
