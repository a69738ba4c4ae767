"""The presence heartbeat renews every room of the process, a step of rooms at a time, and
reconciles who is online with who is really connected."""

import asyncio
from dataclasses import dataclass, field

from redis.asyncio import Redis

from server.domain import Actor, Role
from server.domain.commands import MarkOffline, MarkOnline
from server.realtime.heartbeat import ROOMS_PER_STEP, keep_presence
from server.store.keys import RoomKeys
from server.store.presence import PRESENCE_TTL_S, Presence, entry
from server.store.rooms import RoomStore
from server.store.tokens import new_room_id

RETENTION_S = 3600


@dataclass
class Person:
    id: str
    online: bool


@dataclass
class State:
    people: dict[str, Person] = field(default_factory=dict)
    closed_at: float | None = None


@dataclass
class Connected:
    actor: Actor
    connection: str


class FakeHub:
    """What the heartbeat reads of a RoomHub: its room, its sockets, its people, its store."""

    def __init__(self, store: RoomStore, people: dict[str, bool] | None = None, here: tuple[str, ...] = ()) -> None:
        self.room, self.store, self.epoch, self.deleted = new_room_id(), store, "e1", False
        self.state = State({p: Person(p, online) for p, online in (people or {}).items()})
        self.peers = [Connected(Actor(Role.PARTICIPANT, p), f"c-{p}") for p in here]
        self.executed: list[object] = []

    async def execute(self, actor, command) -> None:
        self.executed.append(command)


async def beat_once(hubs: list[FakeHub], presence: Presence) -> None:
    task = asyncio.create_task(keep_presence(hubs, presence, RETENTION_S, interval=0.01))
    await asyncio.sleep(0.3)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def test_every_room_is_renewed_however_many_steps_it_takes(store: RoomStore, redis_client: Redis) -> None:
    hubs = [FakeHub(store) for _ in range(2 * ROOMS_PER_STEP + 3)]
    for hub in hubs:
        await redis_client.hset(RoomKeys(hub.room).meta, "epoch", "e1")
    gone = FakeHub(store)
    gone.deleted = True
    await redis_client.hset(RoomKeys(gone.room).meta, "epoch", "e1")
    await beat_once([*hubs, gone], Presence(redis_client, store.batcher))
    for hub in hubs:
        assert 0 < await redis_client.ttl(RoomKeys(hub.room).meta) <= RETENTION_S
    assert await redis_client.ttl(RoomKeys(gone.room).meta) == -1  # a deleted room is left alone


async def test_presence_is_renewed_and_online_flags_follow_who_is_really_connected(
    store: RoomStore, redis_client: Redis
) -> None:
    hub = FakeHub(store, people={"ann": False, "bob": True, "cy": True}, here=("ann",))
    keys = RoomKeys(hub.room)
    await redis_client.hset(keys.meta, "epoch", "e1")
    # cy is connected to another process (a live entry); bob's process died (an expired one)
    await redis_client.hset(keys.presence, mapping={entry("cy", "elsewhere"): 4e9, entry("bob", "dead"): 1.0})
    await beat_once([hub], Presence(redis_client, store.batcher))
    assert MarkOnline("ann") in hub.executed and MarkOffline("bob") in hub.executed
    assert not any(getattr(c, "person", None) == "cy" for c in hub.executed)
    fields = await redis_client.hgetall(keys.presence)
    assert set(fields) == {entry("ann", "c-ann").encode(), entry("cy", "elsewhere").encode()}
    assert float(fields[entry("ann", "c-ann").encode()]) > PRESENCE_TTL_S
