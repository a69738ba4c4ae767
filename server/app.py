"""The ASGI application: wires the store, the hubs and the routes together.

    uvicorn server.app:app     (run.py does this, with the limits from protocol.limits)
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import anyio
from redis.asyncio import BlockingConnectionPool, Redis
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from protocol.address import SOCKET_PATH
from server import afterwards, api, lobby
from server.collector import Collector
from server.config import Settings
from server.health import HealthListener
from server.pages import CLIENT_DIR, PAGES, SecurityHeaders, page
from server.realtime.abort import TransportAbort
from server.realtime.guard import FailureGuard
from server.realtime.heartbeat import keep_presence
from server.realtime.hubs import Hubs
from server.realtime.keepalive import Keepalive
from server.realtime.session import serve
from server.store.presence import Presence
from server.store.rooms import RoomStore

log = logging.getLogger("peercircle")
REDIS_MAX_CONNECTIONS = 64  # per process; commits share pipelines, so few are ever busy
REDIS_POOL_WAIT_S = 10.0


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    collector = Collector(settings.gc_freeze_s, settings.gc_thaw_s)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # A blocking pool: a burst of reconnecting clients waits its turn for a connection
        # instead of failing (redis-py's plain pool raises past its limit).
        pool = BlockingConnectionPool.from_url(
            settings.redis_url, max_connections=REDIS_MAX_CONNECTIONS, timeout=REDIS_POOL_WAIT_S
        )
        redis = Redis(connection_pool=pool)
        store = RoomStore(redis)
        hubs = Hubs(store)
        presence = Presence(redis, store.batcher)  # admission shares the commits' pipelines
        await store.learn_generation()
        store.committer.start()
        await hubs.start()
        heartbeat = asyncio.create_task(keep_presence(hubs, presence, settings.retention_s))
        keepalive = Keepalive(settings.ping_interval_s, settings.ping_timeout_s)
        keepalive.start()
        app.state.settings, app.state.store, app.state.hubs, app.state.presence = settings, store, hubs, presence
        app.state.keepalive = keepalive
        app.state.guard = FailureGuard()
        health = None
        if settings.health_port:
            health = HealthListener(lambda: api.healthy(hubs), settings.health_host, settings.health_port)
            await health.start()
        # anyio loads its asyncio backend on first use, and that first use is the first
        # socket to leave (the session's shielded clean-up): ~20 ms of a live meeting's loop
        # (bench/results/notes.md). Loaded now, before anyone is connected.
        with anyio.CancelScope():
            pass
        collector.start()  # last: what start-up built is frozen at once
        try:
            yield
        finally:
            if health is not None:  # first: a server going away stops saying it is healthy
                await health.stop()
            await collector.stop()
            heartbeat.cancel()
            await keepalive.stop()
            await hubs.stop()
            await store.committer.stop()
            store.batcher.close()
            await redis.aclose()

    async def websocket(ws: WebSocket) -> None:
        state = ws.app.state
        await serve(ws, state.store, state.hubs, state.presence, settings.origins, state.guard, state.keepalive)

    async def echo(ws: WebSocket) -> None:
        """Conformance testing only (PEERCIRCLE_ECHO=1): echoes every message over the very
        same WebSocket stack, limits and settings as /ws, for the Autobahn cases."""
        await ws.accept()
        try:
            while True:
                message = await ws.receive()
                if message["type"] == "websocket.disconnect":
                    return
                if message.get("text") is not None:
                    await ws.send_text(message["text"])
                else:
                    await ws.send_bytes(message["bytes"])
        except WebSocketDisconnect:
            return

    routes = [
        *(Route(path, page) for path in PAGES),
        Route("/api/rooms", api.create_room, methods=["POST"]),
        Route("/api/join", api.join, methods=["POST"]),
        Route("/api/methods", api.methods),
        Route("/api/qr", api.qr),
        Route("/api/rooms/{room}/revoke", api.revoke, methods=["POST"]),
        Route("/api/rooms/{room}", api.delete_room, methods=["DELETE"]),
        Route("/api/rooms/{room}/brief", lobby.brief),
        Route("/api/rooms/{room}/summary", afterwards.summary),
        Route("/api/rooms/{room}/export.{format}", afterwards.export),
        Route("/api/rooms/{room}/summary-link", afterwards.create_summary_link, methods=["POST"]),
        Route("/api/rooms/{room}/summary-link", afterwards.revoke_summary_link, methods=["DELETE"]),
        Route("/api/rooms/{room}/follow-up", afterwards.follow_up, methods=["POST"]),
        Route("/healthz", api.healthz),
        WebSocketRoute(SOCKET_PATH, websocket),
        Mount("/static", StaticFiles(directory=CLIENT_DIR), name="static"),
    ]
    if settings.echo:
        routes.append(WebSocketRoute("/ws-echo", echo))
    middleware = [Middleware(TransportAbort, on_closed=collector.connection_closed), Middleware(SecurityHeaders)]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


app = create_app()
