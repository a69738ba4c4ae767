"""A socket's messages after its hello, handled as they arrive and never awaited: a
command goes to the hub with its op key and a way to refuse it, junk and floods are
answered or cut off, and a bug closes only that socket."""

import msgpack

from protocol.codes import CloseCode, ErrorCode
from protocol.limits import COMMAND_BURST, RATE_STRIKES_BEFORE_CLOSE
from server.domain import Actor, DomainError, Role
from server.domain.commands import AddItem
from server.realtime.hub import RoomGone
from server.realtime.peer import Peer
from server.realtime.session import Reader


class Hub:
    """What the Reader asks of a hub: submit, resend_snapshot, its room's name."""

    room = "r1"

    def __init__(self, fails: Exception | None = None) -> None:
        self.submitted: list[tuple] = []
        self.snapshots = 0
        self.fails = fails

    def submit(self, actor, command, op_key, reply, refused) -> None:
        if self.fails is not None:
            raise self.fails
        self.submitted.append((actor, command, op_key, reply, refused))

    def resend_snapshot(self, peer) -> None:
        self.snapshots += 1


def reader(hub: Hub | None = None) -> tuple[Reader, Peer, Hub]:
    hub = hub or Hub()
    peer = Peer(None, Actor(Role.PARTICIPANT, "p2"), "r1", "c1")
    return Reader(peer, hub), peer, hub


def command(op: str = "op-1", text: str = "a note") -> bytes:
    return msgpack.packb({"t": "cmd", "op": op, "name": "AddItem", "args": {"kind": "note", "text": text}})


def sent(peer: Peer) -> list[dict]:
    return [msgpack.unpackb(frame) for frame in peer._outbox]


async def test_a_command_goes_to_the_hub_with_its_op_key_and_its_sender() -> None:
    take, peer, hub = reader()
    take.take(command("op-7", "hello"))
    [(actor, cmd, op_key, reply, _)] = hub.submitted
    assert (actor.person, cmd, op_key, reply) == ("p2", AddItem("note", "hello"), "p2:op-7", (peer, "op-7"))
    assert sent(peer) == []  # the ack is the hub's, once committed


async def test_a_refusal_reaches_the_sender_as_an_error_with_its_code() -> None:
    take, peer, hub = reader()
    take.take(command("op-1"))
    take.take(command("op-2"))
    hub.submitted[0][4](DomainError(ErrorCode.NOT_NOW, "Not in this round."))
    hub.submitted[1][4](RoomGone("r1"))
    assert [(f["op"], f["code"]) for f in sent(peer)] == [("op-1", "not_now"), ("op-2", "not_found")]


async def test_junk_is_answered_and_a_ping_gets_a_pong_and_a_resync_a_snapshot() -> None:
    take, peer, hub = reader()
    take.take(msgpack.packb({"t": "cmd", "op": "x", "name": "NoSuchCommand", "args": {}}))
    take.take(msgpack.packb({"t": "ping", "ts": 12.5}))
    take.take(msgpack.packb({"t": "resync"}))
    error, pong = sent(peer)
    assert (error["t"], error["op"], error["code"]) == ("error", "x", "invalid_command")
    assert (pong["t"], pong["ts"]) == ("pong", 12.5)
    assert hub.snapshots == 1 and hub.submitted == []


async def test_a_flood_is_refused_past_the_burst_then_cut_off() -> None:
    take, peer, hub = reader()
    take.bucket.rate = 0  # no refill while the test runs: exactly the burst gets through
    for i in range(COMMAND_BURST + 1):
        take.take(command(f"op-{i}"))
    assert len(hub.submitted) == COMMAND_BURST
    assert [(f["op"], f["code"]) for f in sent(peer)] == [(f"op-{COMMAND_BURST}", "rate_limited")]
    for i in range(RATE_STRIKES_BEFORE_CLOSE - 1):
        take.take(command(f"more-{i}"))
    assert peer.close_code == CloseCode.RATE_LIMITED and len(hub.submitted) == COMMAND_BURST


async def test_a_second_hello_closes_with_policy_and_later_frames_are_dropped() -> None:
    take, peer, hub = reader()
    take.take(msgpack.packb({"t": "hello", "v": 1, "token": "t"}))
    assert peer.close_code == CloseCode.POLICY
    take.take(command())
    assert hub.submitted == []


async def test_a_bug_while_handling_closes_this_socket_with_1011() -> None:
    take, peer, hub = reader(Hub(fails=RuntimeError("a bug")))
    take.take(command())
    assert peer.close_code == CloseCode.SERVER_ERROR
