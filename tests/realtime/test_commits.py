"""Group commit: commands that queue while a commit is in flight share the next one, and
each still gets its own outcome (its seq, its refusal, or its earlier seq when retried)."""

import asyncio
import time

import msgpack
import pytest
from redis.asyncio import Redis

from server.domain import Actor, DomainError, Role
from server.domain.commands import AddItem, EditItem, RaiseHand
from server.meetings import join_meeting
from server.realtime.abort import Wire
from server.realtime.commits import MAX_BATCH_COMMANDS, Queued, decide_all, take
from server.realtime.hub import RoomGone, RoomHub
from server.realtime.peer import Peer
from server.store.keys import RoomKeys
from server.store.rooms import RoomStore
from tests.realtime.test_hub import new_hub
from tests.realtime.test_peer import FakeProtocol, frames_in

FACILITATOR = Actor(Role.FACILITATOR, "p1")


def listener(hub: RoomHub) -> Peer:
    peer = Peer(None, Actor(Role.DISPLAY), hub.room, "test")  # type: ignore[arg-type]
    hub.peers.add(peer)
    return peer


def event_frames(peer: Peer) -> list[list[dict]]:
    return [frame["events"] for frame in map(msgpack.unpackb, peer._outbox) if frame["t"] == "events"]


def note(text: str) -> AddItem:
    return AddItem("note", text)


async def test_commands_queued_together_share_one_commit_and_each_gets_its_own_seq(store: RoomStore, redis_client: Redis) -> None:
    hub = await new_hub(store)
    peer = listener(hub)
    before = hub.seq
    seqs = await asyncio.gather(*(hub.execute(FACILITATOR, note(f"idea {i}")) for i in range(5)))
    assert seqs == [before + 1 + i for i in range(5)]
    assert [[e["text"] for e in events] for events in event_frames(peer)] == [[f"idea {i}" for i in range(5)]]
    assert await redis_client.xlen(RoomKeys(hub.room).log) == before + 5


async def test_a_refused_command_fails_alone_and_the_others_commit(store: RoomStore) -> None:
    hub = await new_hub(store)
    results = await asyncio.gather(
        hub.execute(FACILITATOR, note("first")),
        hub.execute(FACILITATOR, EditItem("no-such-item", text="x")),
        hub.execute(FACILITATOR, note("third")),
        return_exceptions=True,
    )
    assert isinstance(results[1], DomainError)
    assert results[2] == results[0] + 1
    assert sorted(item.text for item in hub.state.items.values()) == ["first", "third"]


async def test_each_command_is_decided_against_what_the_ones_before_it_did(store: RoomStore) -> None:
    hub = await new_hub(store)
    _, person = await join_meeting(hub, "Ann")
    ann = Actor(Role.PARTICIPANT, person)
    first, second = await asyncio.gather(hub.execute(ann, RaiseHand()), hub.execute(ann, RaiseHand()))
    assert first == hub.seq and second is None  # the second found the hand already up
    assert len(hub.state.queue) == 1


async def test_a_retried_op_in_a_batch_gets_its_first_seq_and_the_others_still_commit(store: RoomStore, redis_client: Redis) -> None:
    hub = await new_hub(store)
    original = await hub.execute(FACILITATOR, note("once"), op_key="p1:a")
    b, a, c = await asyncio.gather(
        hub.execute(FACILITATOR, note("b"), op_key="p1:b"),
        hub.execute(FACILITATOR, note("once"), op_key="p1:a"),
        hub.execute(FACILITATOR, note("c"), op_key="p1:c"),
    )
    assert a == original and c == b + 1
    assert sorted(item.text for item in hub.state.items.values()) == ["b", "c", "once"]
    assert await store.op_seq(hub.room, "p1:c") == c


async def test_a_batch_that_lost_the_race_to_another_process_is_decided_again(store: RoomStore) -> None:
    mine = await new_hub(store)
    theirs = RoomHub(mine.room, store)
    assert await theirs.load()
    await theirs.execute(FACILITATOR, note("theirs"))  # `mine` does not hear it: no subscription here
    seqs = await asyncio.gather(*(mine.execute(FACILITATOR, note(f"mine {i}")) for i in range(3)))
    assert seqs == [theirs.seq + 1 + i for i in range(3)]
    assert sorted(item.text for item in mine.state.items.values()) == ["mine 0", "mine 1", "mine 2", "theirs"]


async def test_a_command_whose_caller_left_before_its_turn_is_never_committed(store: RoomStore) -> None:
    hub = await new_hub(store)
    before = hub.seq
    kept = [asyncio.create_task(hub.execute(FACILITATOR, note(text))) for text in ("kept 1", "gone", "kept 2")]
    kept[1].cancel()
    await asyncio.gather(*kept, return_exceptions=True)
    assert sorted(item.text for item in hub.state.items.values()) == ["kept 1", "kept 2"]
    assert hub.seq == before + 2


async def test_the_store_failing_fails_every_command_of_the_batch(store: RoomStore) -> None:
    hub = await new_hub(store)
    await store.committer.stop()
    results = await asyncio.gather(*(hub.execute(FACILITATOR, note(str(i))) for i in range(3)), return_exceptions=True)
    assert all(isinstance(result, ConnectionError) for result in results)
    store.committer.start()
    assert await hub.execute(FACILITATOR, note("after")) == hub.seq


async def test_a_closed_hub_leaves_no_caller_waiting(store: RoomStore) -> None:
    hub = await new_hub(store)
    pending = [asyncio.create_task(hub.execute(FACILITATOR, note(str(i)))) for i in range(3)]
    await asyncio.sleep(0)  # queued, the committing task started
    await hub.close(code=1001)  # type: ignore[arg-type]
    results = await asyncio.wait_for(asyncio.gather(*pending, return_exceptions=True), 2)
    assert all(isinstance(r, RoomGone) for r in results)


# --- the batch itself, without Redis --------------------------------------------------


def queued(meta: bool = False) -> Queued:
    return Queued(lambda state, now: [], "", (lambda events: ()) if meta else None,
                  asyncio.get_event_loop().create_future())


@pytest.mark.parametrize("shape, batches", [
    ("ppp", ["ppp"]),
    ("pmp", ["p", "m", "p"]),
    ("mm", ["m", "m"]),
])
async def test_a_command_that_writes_meta_goes_alone(shape: str, batches: list[str]) -> None:
    from collections import deque

    queue = deque(queued(meta=kind == "m") for kind in shape)
    taken = []
    while batch := take(queue):
        taken.append("".join("m" if q.meta_for else "p" for q in batch))
    assert taken == batches


async def test_a_batch_holds_at_most_max_batch_commands() -> None:
    from collections import deque

    queue = deque(queued() for _ in range(MAX_BATCH_COMMANDS + 5))
    assert len(take(queue)) == MAX_BATCH_COMMANDS and len(queue) == 5


async def test_a_command_that_crashes_is_refused_alone() -> None:
    from server.domain import Room

    def boom(state, now):
        raise RuntimeError("bug")

    crash = Queued(boom, "", None, asyncio.get_event_loop().create_future())
    fine = Queued(lambda state, now: [], "", None, asyncio.get_event_loop().create_future())
    decided = decide_all([crash, fine], Room(), 0.0)
    assert [q for q, _ in decided.refused] == [crash] and decided.idle == [fine]


# --- acks: the hub answers the sender, with the events when it can -------------------


def frames_of(peer: Peer) -> list[dict]:
    return [msgpack.unpackb(frame) for frame in peer._outbox]


async def test_the_sender_gets_its_events_then_its_ack_and_the_others_only_the_events(store: RoomStore) -> None:
    hub = await new_hub(store)
    sender, other = listener(hub), listener(hub)
    seqs = await asyncio.gather(
        hub.execute(FACILITATOR, note("one"), reply=(sender, "op1")),
        hub.execute(FACILITATOR, note("two"), reply=(sender, "op2")),
    )
    assert [f["t"] for f in frames_of(sender)] == ["events", "ack", "ack"]
    assert [(f["op"], f["seq"]) for f in frames_of(sender)[1:]] == [("op1", seqs[0]), ("op2", seqs[1])]
    assert [f["t"] for f in frames_of(other)] == ["events"]


async def test_a_refused_command_gets_no_ack_and_a_no_op_gets_one_without_a_seq(store: RoomStore) -> None:
    hub = await new_hub(store)
    sender = listener(hub)
    with pytest.raises(DomainError):
        await hub.execute(FACILITATOR, EditItem("no-such-item", text="x"), reply=(sender, "bad"))
    assert frames_of(sender) == []  # the session sends the error
    _, person = await join_meeting(hub, "Ann")
    ann = Actor(Role.PARTICIPANT, person)
    await hub.execute(ann, RaiseHand())
    sender._outbox.clear()
    assert await hub.execute(ann, RaiseHand(), reply=(sender, "again")) is None
    assert [(f["t"], f["op"], f["seq"]) for f in frames_of(sender)] == [("ack", "again", None)]


async def test_a_retried_op_is_acked_with_its_first_seq(store: RoomStore) -> None:
    hub = await new_hub(store)
    sender = listener(hub)
    first = await hub.execute(FACILITATOR, note("once"), op_key="p1:x", reply=(sender, "x"))
    sender._outbox.clear()
    assert await hub.execute(FACILITATOR, note("once"), op_key="p1:x", reply=(sender, "x")) == first
    assert [(f["t"], f["seq"]) for f in frames_of(sender)] == [("ack", first)]


async def test_every_ack_tells_the_server_clock_taken_while_the_command_was_in_hand(store: RoomStore) -> None:
    hub = await new_hub(store)
    sender = listener(hub)
    before = time.time()
    await hub.execute(FACILITATOR, note("one"), reply=(sender, "applied"))
    await hub.execute(FACILITATOR, note("one"), op_key="p1:x", reply=(sender, "first"))
    await hub.execute(FACILITATOR, note("one"), op_key="p1:x", reply=(sender, "retried"))
    after = time.time()
    acks = [f for f in frames_of(sender) if f["t"] == "ack"]
    assert [f["op"] for f in acks] == ["applied", "first", "retried"]
    assert all(isinstance(f["now"], float) and before <= f["now"] <= after for f in acks), acks


async def test_the_ack_goes_out_in_the_same_write_as_the_events(store: RoomStore) -> None:
    hub = await new_hub(store)
    protocol = FakeProtocol()
    sender = listener(hub)
    sender._wire = Wire(protocol)
    seq = await hub.execute(FACILITATOR, note("one"), reply=(sender, "op1"))
    assert len(protocol.transport.written) == 1
    payloads = [msgpack.unpackb(frame.data) for frame in frames_in(protocol.transport.written[0], 2)]
    assert [p["t"] for p in payloads] == ["events", "ack"] and payloads[1]["seq"] == seq


async def test_a_committed_batch_lands_as_the_state_it_was_decided_to_make_the_same_as_folding_the_log(store: RoomStore) -> None:
    hub = await new_hub(store)
    await asyncio.gather(*(hub.execute(FACILITATOR, note(f"idea {i}")) for i in range(4)),
                         hub.execute(FACILITATOR, RaiseHand()))
    folded = RoomHub(hub.room, store)
    assert await folded.load()  # every event of the log applied one by one, from scratch
    assert hub.seq == folded.seq and hub.state == folded.state
    assert [item.text for item in hub.state.items.values()] == [f"idea {i}" for i in range(4)]


def test_deciding_a_batch_keeps_the_state_after_its_last_command() -> None:
    from server.domain import Room, decide, evolve
    from tests.domain.rooms import meeting

    state = meeting("incident")
    loop = asyncio.new_event_loop()
    try:
        batch = [Queued(lambda s, now, text=text: decide(s, note(text), FACILITATOR, now), "", None, loop.create_future())
                 for text in ("a", "b")]
        decided = decide_all(batch, state, 1_000.0)
    finally:
        loop.close()
    expected = state
    for event in decided.events:
        expected = evolve(expected, event)
    assert isinstance(decided.state, Room) and decided.state == expected and len(expected.items) == len(state.items) + 2
