"""The hub's commit path: a command committed at the first try goes from queued to applied
in callbacks, without a task; a hub closed while its commit is in flight answers RoomGone
and does not apply the reply that comes after."""

import asyncio

from server.domain import Actor, Role
from server.domain.commands import AddItem
from server.realtime.hub import RoomGone
from server.realtime.peer import Peer
from server.store.keys import RoomKeys
from server.store.rooms import RoomStore
from tests.realtime.test_hub import new_hub

FACILITATOR = Actor(Role.FACILITATOR, "p1")


async def test_socket_commands_committed_at_the_first_try_start_no_task(store: RoomStore) -> None:
    hub = await new_hub(store)
    sender = Peer(None, FACILITATOR, hub.room, "sender")  # type: ignore[arg-type]
    hub.attach(sender, None, None)
    loop = asyncio.get_running_loop()
    started: list[object] = []

    def counting(loop: asyncio.AbstractEventLoop, coro, **kwargs) -> asyncio.Task:
        started.append(coro)
        return asyncio.Task(coro, loop=loop, **kwargs)

    refused: list[BaseException] = []
    before = hub.seq
    loop.set_task_factory(counting)
    try:
        for i in range(20):
            hub.submit(FACILITATOR, AddItem("note", f"n{i}"), f"op{i}", (sender, f"op{i}"), refused.append)
            while hub.seq < before + i + 1:
                await asyncio.sleep(0.001)
    finally:
        loop.set_task_factory(None)
    assert (hub.seq, refused) == (before + 20, [])
    assert [getattr(coro, "__qualname__", coro) for coro in started] == []


async def test_a_hub_closed_while_its_commit_is_in_flight_answers_room_gone_and_applies_nothing_after(
    store: RoomStore,
) -> None:
    hub = await new_hub(store)
    before = hub.seq
    pending = asyncio.ensure_future(hub.execute(FACILITATOR, AddItem("note", "in flight")))
    while hub._in_flight is None:  # decided and handed to the store
        await asyncio.sleep(0)
    await hub.close(code=1001)  # type: ignore[arg-type]
    outcome, = await asyncio.gather(pending, return_exceptions=True)
    assert isinstance(outcome, RoomGone)
    for _ in range(100):  # the commit itself still lands in Redis...
        if int(await store.redis.hget(RoomKeys(hub.room).meta, "seq")) == before + 1:
            break
        await asyncio.sleep(0.01)
    assert int(await store.redis.hget(RoomKeys(hub.room).meta, "seq")) == before + 1
    assert hub.seq == before  # ...but the closed hub did not apply it
    assert all(item.text != "in flight" for item in hub.state.items.values())
