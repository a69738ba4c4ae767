"""Every PRESENCE_REFRESH_S: renew this process's presence entries and reconcile each
room's online flags with who is really connected, on any process (this is what marks
offline the people whose server process died without saying goodbye), and restart the
retention clock of every room in use."""

import asyncio
import logging
import time

from redis.exceptions import RedisError

from server.domain import SYSTEM, DomainError
from server.domain.commands import MarkOffline, MarkOnline
from server.realtime.hub import RoomGone
from server.realtime.hubs import Hubs
from server.store.presence import PRESENCE_REFRESH_S, Presence, entry
from server.store.retention import retention_left

ROOMS_PER_STEP = 25
log = logging.getLogger("peercircle.heartbeat")


async def keep_presence(hubs: Hubs, presence: Presence, retention_s: int, interval: float = PRESENCE_REFRESH_S) -> None:
    while True:
        await asyncio.sleep(interval)
        started = time.perf_counter()
        rooms = [hub for hub in hubs if not hub.deleted and hub.epoch]
        # ROOMS_PER_STEP rooms at once: their scripts share the batcher's pipelines (a few round
        # trips per step, not three per room), and no step holds the loop for long, however
        # many rooms there are, so fan-out never waits behind a heartbeat
        for start in range(0, len(rooms), ROOMS_PER_STEP):
            await asyncio.gather(*(keep_room(hub, presence, retention_s) for hub in rooms[start:start + ROOMS_PER_STEP]))
        log.debug("presence of %d rooms renewed in %.1f ms", len(rooms), (time.perf_counter() - started) * 1000)


async def keep_room(hub, presence: Presence, retention_s: int) -> None:
    try:
        await reconcile(hub, presence)
        await hub.store.keep(hub.room, retention_left(hub.state.closed_at, retention_s, time.time()))  # closed: from the close
    except (RedisError, OSError, DomainError, RoomGone) as exc:
        log.warning("presence of room %s not refreshed: %s", hub.room, type(exc).__name__)


async def reconcile(hub, presence: Presence) -> None:
    mine = [entry(p.actor.person, p.connection) for p in hub.peers if p.actor.person]
    live = await presence.refresh(hub.room, mine, time.time())
    for person in list(hub.state.people.values()):
        if person.online and person.id not in live:
            await hub.execute(SYSTEM, MarkOffline(person.id))
        elif not person.online and person.id in live:
            await hub.execute(SYSTEM, MarkOnline(person.id))
