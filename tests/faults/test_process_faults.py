"""Faults in the processes around the log: a server process killed, the pub/sub
connection cut, a reply lost after its commit."""

import asyncio
import signal

from redis.asyncio import Redis

from server.domain.events import ItemAdded
from server.realtime.batches import announcement, log_entries, seal
from server.store.keys import RoomKeys
from server.store.lua import COMMIT

from tests.support.client import Client, create_room, join, token_of

DELIVERED_WITHIN_S = 2.0


async def test_clients_of_a_killed_process_resume_on_the_other_and_lose_nothing(start_server, redis_client: Redis) -> None:
    one, two = start_server(), start_server()
    room = await create_room(one.base)
    token = await join(one.base, token_of(room["links"]["participant"]), "Ann")
    watcher = await Client.connect(two.ws_url, token_of(room["links"]["display"]))
    ann = await Client.connect(one.ws_url, token)
    acked = [await ann.ok("AddItem", op=f"a{i}", kind="note", text=f"a{i}") for i in range(5)]
    pending = "a5"
    await ann.send({"t": "cmd", "op": pending, "name": "AddItem", "args": {"kind": "note", "text": pending}})
    one.stop(signal.SIGKILL)  # maybe before, maybe after that commit: the client cannot know
    await ann.wait_closed()
    again = await Client.connect(two.ws_url, token, epoch=ann.epoch, seq=ann.seq)
    assert "state" not in again.welcome and not again.gaps  # resumed from the log, not a snapshot
    retried = await again.command("AddItem", op=pending, kind="note", text=pending)
    assert retried["t"] == "ack"
    await watcher.wait_seq(retried["seq"])
    texts = [e["text"] for e in watcher.of_type("ItemAdded")]
    assert texts == [f"a{i}" for i in range(6)]  # every change once, the retried one too
    assert acked == sorted(acked) and not watcher.gaps


async def test_a_cut_pub_sub_connection_is_noticed_and_the_gap_filled_from_the_log(start_server, redis_client: Redis) -> None:
    one, two = start_server(), start_server()
    room = await create_room(one.base)
    fac = await Client.connect(one.ws_url, token_of(room["links"]["facilitator"]))
    watcher = await Client.connect(two.ws_url, token_of(room["links"]["display"]))
    seq = await fac.ok("AddItem", kind="note", text="before")
    await watcher.wait_seq(seq)
    # Cut every subscription and commit in one transaction, so the announcement is
    # certainly lost: only the log can tell the watcher's process about it.
    batch = seal(seq + 1, [ItemAdded("i99", "note", "while cut", "p1", None, False, 0.0)])
    keys = RoomKeys(room["room"])
    async with redis_client.pipeline(transaction=True) as pipe:
        pipe.execute_command("CLIENT", "KILL", "TYPE", "pubsub")
        pipe.eval(COMMIT, 4, keys.meta, keys.log, keys.ops, keys.claim, seq, watcher.epoch, keys.channel,
                  announcement(watcher.epoch, batch), "", 0, 1, "", 1, *log_entries(batch))
        _, (outcome, committed) = await pipe.execute()
    assert (outcome, committed) == (1, seq + 1)
    await watcher.wait_seq(committed, timeout=DELIVERED_WITHIN_S)
    assert not watcher.gaps
    assert [e["text"] for e in watcher.of_type("ItemAdded")] == ["before", "while cut"]


async def test_a_reply_lost_after_its_commit_is_answered_by_the_retry_with_its_first_seq(server) -> None:
    room = await create_room(server.base)
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    await fac.send({"t": "cmd", "op": "lost-reply", "name": "AddItem", "args": {"kind": "note", "text": "once"}})
    await fac.wait(lambda: any(e["type"] == "ItemAdded" for e in fac.events))
    committed = fac.of_type("ItemAdded")[0]["seq"]
    await fac.close()  # the ack is never read
    again = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    reply = await again.command("AddItem", op="lost-reply", kind="note", text="once")
    assert (reply["t"], reply["seq"]) == ("ack", committed)
    await asyncio.sleep(0.2)
    assert [i["text"] for i in again.state["items"]] == ["once"] and not again.of_type("ItemAdded")
