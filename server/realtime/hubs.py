"""The process's registry of active rooms: a hub per room while it has sockets here,
one pub/sub subscription each, dropped shortly after the last socket leaves."""

import asyncio
import logging

from protocol.codes import CloseCode
from server.realtime.batches import Deleted, Recoded, Revoked, open_announcement
from server.realtime.hub import RoomHub
from server.realtime.subscriber import Subscriber
from server.store.keys import RoomKeys
from server.store.rooms import RoomStore

LINGER_S = 5.0  # keep an idle room subscribed briefly: reloads and reconnects are common
log = logging.getLogger("peercircle.hubs")


class Hubs:
    def __init__(self, store: RoomStore) -> None:
        self.store = store
        self.subscriber = Subscriber(store.redis, self._on_message, self._on_resubscribed)
        self._hubs: dict[str, RoomHub] = {}
        self._by_channel: dict[str, RoomHub] = {}
        self._ready: dict[str, asyncio.Future[bool]] = {}
        self._refs: dict[str, int] = {}
        self._linger: dict[str, asyncio.TimerHandle] = {}

    def __iter__(self):
        return iter(list(self._hubs.values()))

    async def start(self) -> None:
        await self.subscriber.start()

    async def stop(self) -> None:
        for hub in list(self._hubs.values()):
            await hub.close(CloseCode.SERVICE_RESTART)
        await self.subscriber.stop()

    async def acquire(self, room: str) -> RoomHub | None:
        """The room's hub, loaded and subscribed; None if the room does not exist."""
        self._refs[room] = self._refs.get(room, 0) + 1
        if handle := self._linger.pop(room, None):
            handle.cancel()
        ready = self._ready.get(room)
        if ready is None:
            ready = self._ready[room] = asyncio.get_running_loop().create_future()
            hub = self._hubs[room] = RoomHub(room, self.store)
            self._by_channel[RoomKeys(room).channel] = hub
            try:
                await self.subscriber.subscribe(RoomKeys(room).channel)
                ready.set_result(await hub.load())
            except BaseException as exc:
                ready.set_exception(exc)
                ready.exception()  # retrieved: waiters re-raise it themselves
                self._forget(room)  # the next caller tries afresh
        try:
            if await asyncio.shield(ready):
                return self._hubs[room]
        except BaseException:
            self._refs[room] = self._refs.get(room, 1) - 1
            raise
        await self.release(room)
        return None

    async def release(self, room: str) -> None:
        self._refs[room] -= 1
        if self._refs[room] <= 0 and room not in self._linger:
            loop = asyncio.get_running_loop()
            self._linger[room] = loop.call_later(LINGER_S, lambda: asyncio.create_task(self._drop(room)))

    async def _drop(self, room: str) -> None:
        self._linger.pop(room, None)
        if self._refs.get(room, 0) > 0:
            return
        self._refs.pop(room, None)
        hub = self._forget(room)
        if hub:
            await hub.close(CloseCode.GOING_AWAY)
        try:
            await self.subscriber.unsubscribe(RoomKeys(room).channel)
        except Exception:
            log.warning("could not unsubscribe room %s", room)

    def _forget(self, room: str) -> RoomHub | None:
        self._ready.pop(room, None)
        self._by_channel.pop(RoomKeys(room).channel, None)
        return self._hubs.pop(room, None)

    def _on_message(self, channel: str, payload: bytes) -> None:
        hub = self._by_channel.get(channel)
        if hub is None or not hub.epoch:
            return
        message = open_announcement(payload)
        if isinstance(message, Revoked):
            hub.close_tokens(message.fields)
        elif isinstance(message, Deleted):
            hub.on_deleted()
        elif isinstance(message, Recoded):
            hub.on_new_code(message.code)
        else:
            hub.on_announcement(*message)

    def _on_resubscribed(self, channel: str | None) -> None:
        hubs = [self._by_channel[channel]] if channel in self._by_channel else list(self._hubs.values())
        for hub in hubs:
            asyncio.create_task(hub.catch_up())
