"""One WebSocket connection from handshake to close.

    origin check (403 before accept) -> hello within AUTH_DEADLINE_S -> token (and the
    room the URL names, if any, must be its room) -> hub
    -> welcome (snapshot or missed events) -> token re-checked + presence -> MarkOnline
    -> commands in, events out -> detach

Admission costs two Redis round trips, each shared with every connection arriving at
the same moment (server/store/batcher.py): the token lookup, and, once attached, the
revocation re-check that records presence in the same step.

This coroutine is the connection's only long-lived task, and once the peer is admitted
it rarely wakes: each complete binary message is handled as it comes off the socket
(`Wire.listen`, framing.py) by the peer's `Reader`, which never awaits (a command is
queued for the hub, which acks or refuses it). The task reads only what uvicorn still
queues (a fragmented message, text, the disconnect). Fan-out writes straight to the
transport, and a writer task exists only while frames are queued (Peer). When the peer
is closed from elsewhere (too slow, revoked, deleted), the close frame, or the abort of
a peer that stopped reading, ends the socket and so the read.
The clean-up runs shielded so a cancelled handler still leaves presence and the hub's
reference count right.
"""

import asyncio
import logging
import secrets
import time
from functools import partial
from urllib.parse import parse_qsl

import anyio
from redis.exceptions import RedisError
from starlette.websockets import WebSocket, WebSocketDisconnect

from protocol import PROTOCOL_VERSION, messages
from protocol.address import ROOM_PARAM
from protocol.codes import CloseCode, ErrorCode
from protocol.errors import ProtocolError
from protocol.limits import AUTH_DEADLINE_S, RATE_STRIKES_BEFORE_CLOSE
from protocol.messages import Command, Hello, InvalidCommand, Ping, Resync
from server.domain import SYSTEM, Actor, DomainError, Role
from server.domain.commands import WIRE_COMMANDS, MarkOffline, MarkOnline, StartTurns
from server.realtime.hub import RoomGone, RoomHub
from server.realtime.hubs import Hubs
from server.realtime.keepalive import Keepalive
from server.realtime.guard import FailureGuard
from server.realtime.origin import origin_allowed
from server.realtime.peer import Peer
from server.realtime.ratelimit import TokenBucket
from server.store.presence import Presence
from server.store.rooms import RoomStore

log = logging.getLogger("peercircle.session")
STREAM_ROLES = {"facilitator": Role.FACILITATOR, "participant": Role.PARTICIPANT, "display": Role.DISPLAY}


class Closed(Exception):
    def __init__(self, code: CloseCode, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


async def serve(
    websocket: WebSocket, store: RoomStore, hubs: Hubs, presence: Presence, origins: frozenset[str], guard: FailureGuard,
    keepalive: Keepalive | None = None,
) -> None:
    headers, scheme = websocket.headers, websocket.scope["scheme"]  # not websocket.url: no URL object per connection
    if not origin_allowed(headers.get("origin"), headers.get("host"), scheme, origins):
        await websocket.close(CloseCode.POLICY)  # before accept: the client sees HTTP 403
        return
    address = websocket.client.host if websocket.client else ""
    await websocket.accept()
    try:
        hello = await _receive_hello(websocket)
        if guard.blocked(address):
            raise Closed(CloseCode.RATE_LIMITED, "too many failed attempts; wait a minute")
        try:
            room, actor, token_field = await _authorize(store, hello)
        except Closed as refused:
            if refused.code == CloseCode.FORBIDDEN:
                guard.failed(address)
            raise
        named = room_named(websocket.scope.get("query_string", b""))  # optional in ASGI
        if named is not None and named != room:  # a balancer routing by the URL would split the room
            raise Closed(CloseCode.POLICY, "the socket's URL names another room than its link")
    except Closed as closed:
        await _close(websocket, closed.code, closed.reason)
        return
    except WebSocketDisconnect:
        return
    hub = await hubs.acquire(room)
    if hub is None:
        await _close(websocket, CloseCode.UNKNOWN_ROOM, "the meeting is gone")
        return
    peer = Peer(websocket, actor, room, secrets.token_hex(8), token_field)
    gone_with = None  # the close code of a disconnect
    try:
        hub.attach(peer, hello.epoch, hello.seq)
        if keepalive is not None:
            keepalive.watch(peer)
        # Attached, so a revocation announced from now on closes the peer; one that came
        # before (after the lookup) is caught by this re-check, which records presence in
        # the same step: a revoked token leaves no entry and is not marked online.
        if await _admitted(presence, room, token_field, peer) and actor.person:
            await _quietly(hub.execute(SYSTEM, MarkOnline(actor.person)))
        gone_with = await _read_loop(websocket, peer, hub)
        await peer.closed()  # if we are closing it: the close frame goes (or the socket is dropped) first
    finally:
        with anyio.CancelScope(shield=True):
            if keepalive is not None:
                keepalive.forget(peer)
            hub.detach(peer)
            peer.forget()
            if actor.person:
                restarting = CloseCode.SERVICE_RESTART in (gone_with, peer.close_code)
                await _leave(presence, hub, actor.person, peer.connection, announce=not restarting)
            await hubs.release(room)


async def _receive_hello(websocket: WebSocket) -> Hello:
    try:
        async with asyncio.timeout(AUTH_DEADLINE_S):  # lighter than anyio's cancel scope, once per connection
            message = await websocket.receive()
    except TimeoutError:
        raise Closed(CloseCode.AUTH_TIMEOUT, "send hello first") from None
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000))
    try:
        parsed = messages.parse(_payload(message))
    except ProtocolError as exc:
        raise Closed(exc.code, exc.reason) from None
    except InvalidCommand:
        raise Closed(CloseCode.POLICY, "send hello first") from None
    if not isinstance(parsed, Hello):
        raise Closed(CloseCode.POLICY, "send hello first")
    if parsed.version != PROTOCOL_VERSION:
        raise Closed(CloseCode.VERSION, f"this server speaks protocol {PROTOCOL_VERSION}")
    return parsed


def room_named(query_string: bytes) -> str | None:
    """The room a socket's URL names (`/ws?room=<id>`), or None if it names none."""
    if not query_string:
        return None  # the common case of a client that names none: no parsing
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if key == ROOM_PARAM:
            return value
    return None


def _payload(message: dict) -> bytes:
    if message.get("bytes") is not None:
        return message["bytes"]
    raise Closed(CloseCode.UNSUPPORTED_DATA, "frames are binary msgpack")


async def _authorize(store: RoomStore, hello: Hello) -> tuple[str, Actor, str]:
    try:
        resolved = await store.resolve_field(hello.token)
    except RedisError:
        raise Closed(CloseCode.TRY_AGAIN_LATER, "store unavailable") from None
    if resolved is None:
        raise Closed(CloseCode.FORBIDDEN, "unknown or revoked link")
    room, grant, field = resolved
    role = STREAM_ROLES.get(grant.role)
    if role is None:  # an invite opens no socket: join first for a personal token
        raise Closed(CloseCode.FORBIDDEN, "join the meeting first")
    return room, Actor(role, grant.person), field


async def _admitted(presence: Presence, room: str, token_field: str, peer: Peer) -> bool:
    """Re-check the token and record presence; False once the peer was closed for it."""
    try:
        live = await presence.admit(room, token_field, peer.actor.person, peer.connection, time.time())
    except (RedisError, OSError):
        log.warning("room %s: store unavailable while admitting a socket", room)
        peer.close(CloseCode.TRY_AGAIN_LATER, "store unavailable")
        return False
    if not live:
        peer.close(CloseCode.FORBIDDEN, "this link was revoked")
    return live


async def _read_loop(websocket: WebSocket, peer: Peer, hub: RoomHub) -> int | None:
    """Serve the peer's frames until it goes; the close code when it went by disconnecting.

    Complete binary messages are taken as they arrive (`Wire.listen`), so this task wakes
    only for what uvicorn still queues: fragmented messages, text, the disconnect."""
    reader = Reader(peer, hub)
    wire = peer.wire
    if wire is not None:
        wire.listen(reader.take)
    # The server's own ASGI receive: Starlette's wrapper adds only state checks we do not
    # need here, and one more suspended frame per idle connection.
    receive = websocket._receive
    try:
        while peer.close_code is None:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return message.get("code")
            try:
                reader.take(_payload(message))
            except Closed as closed:  # text: the protocol is binary
                peer.close(closed.code, closed.reason)
                return None
        return None
    finally:
        if wire is not None:
            wire.unlisten()


class Reader:
    """One socket's messages after its hello, each handled as it comes and never awaited:
    the rate limit, then a command queued for the hub (which acks it), a pong, a resync."""

    __slots__ = ("peer", "hub", "bucket", "strikes")

    def __init__(self, peer: Peer, hub: RoomHub) -> None:
        self.peer, self.hub, self.bucket, self.strikes = peer, hub, TokenBucket(), 0

    def take(self, payload: bytes) -> None:
        peer = self.peer
        if peer.close_code is not None:
            return  # closing: what it still sends is read and dropped
        try:
            parsed = messages.parse(payload)
        except InvalidCommand as exc:
            parsed = exc  # refused below, after the rate check: floods of junk count too
        except ProtocolError as exc:
            peer.close(exc.code, exc.reason)
            return
        now = time.monotonic()
        peer.heard_at = now  # alive: the keepalive need not ping it (keepalive.py)
        if not self.bucket.take(now):
            self.strikes += 1
            if self.strikes >= RATE_STRIKES_BEFORE_CLOSE:
                peer.close(CloseCode.RATE_LIMITED, "too many commands")
                return
            op = parsed.op if isinstance(parsed, (Command, InvalidCommand)) else None
            peer.push(messages.error(op, ErrorCode.RATE_LIMITED, "Too many actions at once; slow down."))
            return
        self.strikes = 0
        try:
            self._dispatch(parsed)
        except Exception:  # a bug, not the client's fault: this socket closes, the others go on
            log.exception("room %s: a message could not be handled", self.hub.room)
            peer.close(CloseCode.SERVER_ERROR, "internal error")

    def _dispatch(self, parsed: object) -> None:
        peer = self.peer
        if isinstance(parsed, InvalidCommand):
            peer.push(messages.error(parsed.op, ErrorCode.INVALID_COMMAND, parsed.reason))
        elif isinstance(parsed, Command):
            self._submit(parsed)
        elif isinstance(parsed, Ping):
            peer.push(messages.pong(parsed.ts, time.time()))
        elif isinstance(parsed, Resync):
            self.hub.resend_snapshot(peer)
        else:
            peer.close(CloseCode.POLICY, "hello was already received")

    def _submit(self, command: Command) -> None:
        peer, actor = self.peer, self.peer.actor
        domain_command = WIRE_COMMANDS[command.name](**command.args)
        if isinstance(domain_command, StartTurns) and domain_command.shuffle:
            domain_command = StartTurns(shuffle=True, seed=secrets.randbits(63))  # randomness stays out of the domain
        op_key = f"{actor.person or actor.role}:{command.op}"
        self.hub.submit(actor, domain_command, op_key, (peer, command.op), partial(_refuse, self.hub, peer, command.op))


def _refuse(hub: RoomHub, peer: Peer, op: str, exc: BaseException) -> None:
    """A command was refused or could not be committed: the error frame its sender gets."""
    if isinstance(exc, DomainError):
        peer.push(messages.error(op, exc.code, exc.message))
    elif isinstance(exc, RoomGone):
        peer.push(messages.error(op, ErrorCode.NOT_FOUND, "The meeting is gone."))
    elif isinstance(exc, (RedisError, OSError, asyncio.TimeoutError)):
        log.warning("room %s: store unavailable for a command", hub.room)
        peer.push(messages.error(op, ErrorCode.UNAVAILABLE, "Could not save; retrying."))
    else:
        log.error("room %s: a command failed", hub.room, exc_info=exc)
        peer.push(messages.error(op, ErrorCode.UNAVAILABLE, "Could not save; retrying."))


async def _leave(presence: Presence, hub: RoomHub, person: str, connection: str, announce: bool = True) -> None:
    """Forget this connection; the last one of a person marks them offline. A server going
    away (SERVICE_RESTART) does not announce it: its people are back on another process in
    a moment, and a commit per socket would outlast the shutdown's grace period. Whoever
    does not come back is marked offline by the presence sweep, their entry being gone."""
    try:
        if not await presence.remove(hub.room, person, connection, time.time()) and announce:
            await _quietly(hub.execute(SYSTEM, MarkOffline(person)))
    except (RedisError, OSError):
        pass  # the presence sweep marks them offline once their entry expires


async def _quietly(coroutine) -> None:
    try:
        await coroutine
    except (DomainError, RoomGone, RedisError, OSError):
        pass


async def _close(websocket: WebSocket, code: CloseCode, reason: str) -> None:
    try:
        await websocket.close(code, reason)
    except RuntimeError:
        pass
