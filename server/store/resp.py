"""Our own Redis connections: RESP2 commands encoded by hand and a socket opened with the
settings of redis-py's pool (TCP, TLS or a Unix socket, password, client name, db).

The two connections a process uses most, the pub/sub intake (server/realtime/pubsub_wire)
and the batcher's command wire (command_wire), are asyncio protocols parsing with hiredis
straight off the socket; everything else goes through redis-py. Both open here, so a
setting honoured by one is honoured by the other.
"""

import asyncio
import socket
import ssl
from collections.abc import Callable
from typing import TypeVar

import hiredis

from redis.asyncio import Redis
from redis.asyncio.connection import RedisSSLContext, SSLConnection

CONNECT_TIMEOUT_S = 5.0  # unless the client's pool sets socket_connect_timeout

P = TypeVar("P", bound=asyncio.Protocol)


def command(*parts: object) -> bytes:
    """One RESP2 command as an array of bulk strings: bytes as they are, text as UTF-8,
    numbers as their repr (as redis-py's Encoder). Anything else (None, a bool, an
    object) raises TypeError before a byte is written.

    hiredis packs it in C: a commit's fifteen-odd arguments cost a quarter of what a
    Python loop over them did, byte for byte the same."""
    return hiredis.pack_command(parts)


def handshake(redis: Redis, select: bool) -> list[bytes]:
    """The commands a fresh connection sends first (AUTH, CLIENT SETNAME, and with
    `select` the db's SELECT: pub/sub ignores the db), each answered +OK."""
    kwargs = redis.connection_pool.connection_kwargs
    out = []
    if kwargs.get("password"):
        user = [kwargs["username"]] if kwargs.get("username") else []
        out.append(command("AUTH", *user, kwargs["password"]))
    if kwargs.get("client_name"):
        out.append(command("CLIENT", "SETNAME", kwargs["client_name"]))
    if select and int(kwargs.get("db") or 0):
        out.append(command("SELECT", int(kwargs["db"])))
    return out


async def connect(redis: Redis, factory: Callable[[], P]) -> P:
    """Open a connection to `redis`'s server with `factory`'s protocol; raises OSError or
    asyncio.TimeoutError (after socket_connect_timeout, else CONNECT_TIMEOUT_S)."""
    pool = redis.connection_pool
    kwargs = pool.connection_kwargs
    loop = asyncio.get_running_loop()
    timeout = kwargs.get("socket_connect_timeout") or CONNECT_TIMEOUT_S
    if kwargs.get("path"):
        async with asyncio.timeout(timeout):
            _, protocol = await loop.create_unix_connection(factory, kwargs["path"])
        return protocol
    host, port = kwargs.get("host", "localhost"), kwargs.get("port", 6379)
    context = _ssl_context(redis) if issubclass(pool.connection_class, SSLConnection) else None
    async with asyncio.timeout(timeout):
        transport, protocol = await loop.create_connection(
            factory, host, port, ssl=context, server_hostname=host if context else None
        )
    if sock := transport.get_extra_info("socket"):  # notice a peer that vanished silently
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    return protocol


def _ssl_context(redis: Redis) -> ssl.SSLContext:
    # redis-py's own context builder, with SSLConnection's defaults (verify the peer)
    options = {"cert_reqs": "required", "check_hostname": True}
    for key, value in redis.connection_pool.connection_kwargs.items():
        if key.startswith("ssl_"):
            options[key.removeprefix("ssl_")] = value
    return RedisSSLContext(**options).get()
