"""The bytes of one RESP2 pub/sub connection: commands encoded by hand (server/store/resp),
replies parsed by hiredis straight off the socket, messages handed on without building a
dict per message.

It knows nothing about what a reconnect means; the Subscriber owns that, keeps the
table of channels to deliver and gives the wire two callbacks.
"""

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import cast

import hiredis

MESSAGE = b"message"
log = logging.getLogger("peercircle.subscriber")


class PubSubWire(asyncio.Protocol):
    """Feeds every received chunk to a hiredis reader and dispatches each complete reply
    in order: a message on a channel in `names` (wire name -> name, read live) to
    `on_message(name, data)`, anything else (other channels, subscribe confirmations,
    +OK) to `on_reply(reply)`. An error reply (AUTH refused, a command Redis would not
    take) closes the connection: `closed` resolves, with the reason if any, once the
    connection is gone."""

    def __init__(
        self,
        names: Mapping[bytes, str],
        on_message: Callable[[str, bytes], None],
        on_reply: Callable[[object], None],
    ) -> None:
        self._names = names
        self._on_message = on_message
        self._on_reply = on_reply
        self._reader = hiredis.Reader()
        self._transport: asyncio.Transport | None = None
        self._error: Exception | None = None
        self.closed: asyncio.Future[Exception | None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, only alike
        self._transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        self._reader.feed(data)
        # The per-message path: locals only, one call per message (the caller's).
        gets, names, on_message, message = self._reader.gets, self._names, self._on_message, MESSAGE
        try:
            # A large payload arrives over many reads: gets() is False until it is whole.
            while (reply := gets()) is not False:
                if type(reply) is list and reply[0] == message and (name := names.get(reply[1])) is not None:
                    try:
                        on_message(name, reply[2])
                    except Exception:  # one bad message must not cost the connection everyone shares
                        log.exception("handling a message on %s failed", name)
                elif isinstance(reply, hiredis.ReplyError):  # returned, not raised, by hiredis
                    self.close(reply)
                    return
                else:
                    self._on_reply(reply)
        except hiredis.ProtocolError as exc:  # the stream is unusable from here on
            self.close(exc)

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None
        if not self.closed.done():
            self.closed.set_result(self._error or exc)

    @property
    def open(self) -> bool:
        return self._transport is not None and not self._transport.is_closing()

    def send(self, data: bytes) -> None:
        if self.open:
            assert self._transport is not None
            self._transport.write(data)

    def close(self, reason: Exception | None = None) -> None:
        """Close the connection; `reason` becomes the result of `closed`."""
        self._error = self._error or reason
        if self._transport is not None:
            self._transport.close()
