"""Redis restarted empty: the room comes back from the server's memory under a new
epoch, and every client resyncs from a snapshot instead of trusting its old seqs."""

import shutil

from tests.support.client import Client, create_room, join, token_of
from tests.support.processes import RedisServer

RESYNC_WITHIN_S = 10


async def test_after_redis_loses_everything_clients_resync_under_a_new_epoch(start_server, tmp_path) -> None:
    redis = RedisServer(tmp_path / "redis").start()
    try:
        one, two = start_server(redis.url), start_server(redis.url)
        room = await create_room(one.base)
        fac = await Client.connect(one.ws_url, token_of(room["links"]["facilitator"]))
        ann = await Client.connect(two.ws_url, await join(two.base, token_of(room["links"]["participant"]), "Ann"))
        seq = await ann.ok("AddItem", kind="note", text="before the loss")
        await fac.wait_seq(seq)
        old_epoch = fac.epoch

        redis.kill()
        shutil.rmtree(redis.directory)  # its AOF too: the data is gone
        redis.start()

        for client in (fac, ann):
            await client.wait(lambda c=client: c.epoch != old_epoch, timeout=RESYNC_WITHIN_S)
            assert client.welcome["epoch"] == client.epoch and "state" in client.welcome
            assert [i["text"] for i in client.state["items"]] == ["before the loss"]
        assert fac.epoch == ann.epoch
        after = await fac.ok("AddItem", kind="note", text="after the loss")
        assert after > seq  # no seq is reused under any epoch
        await ann.wait_seq(after)
        display = await Client.connect(one.ws_url, token_of(room["links"]["display"]))  # links still work
        assert [i["text"] for i in display.state["items"]] == ["before the loss", "after the loss"]
    finally:
        redis.kill()
