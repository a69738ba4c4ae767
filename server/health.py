"""/healthz on a listening socket of its own (PEERCIRCLE_HEALTH_PORT), for probes that must
not wait behind a reconnect storm.

After a restart, 2,000 clients reconnect at once. They fill the main socket's accept queue,
and a probe on a new connection waits behind all of them: 1-2.5 s in bench.storm. That is
past the usual probe timeout of an orchestrator, which would then restart the server and
start the storm again. This socket has its own queue; on the same event loop it answers
within a turn or two, about what a probe on a kept-open connection takes. It speaks just
enough HTTP/1.1 for a probe: GET /healthz (anything else is 404), one answer, then the
connection closes. The answer is the same as the main port's /healthz.
"""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable

HEAD_LIMIT = 8192  # bytes of request head we read; a probe sends a few dozen
READ_TIMEOUT_S = 5.0
log = logging.getLogger("peercircle.health")


class HealthListener:
    """Answers GET /healthz with `check()`: 200 {"ok": true} or 503 {"ok": false}."""

    def __init__(self, check: Callable[[], Awaitable[bool]], host: str, port: int) -> None:
        self._check = check
        self.host, self.port = host, port
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        # reuse_port: each uvicorn worker process of a host binds it, and the kernel spreads the probes
        self._server = await asyncio.start_server(self._serve, self.host, self.port, reuse_port=True, limit=HEAD_LIMIT)
        self.port = self._server.sockets[0].getsockname()[1]
        log.info("health checks also on %s:%d", self.host, self.port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(READ_TIMEOUT_S):
                head = await reader.readuntil(b"\r\n\r\n")  # past HEAD_LIMIT: LimitOverrunError
            method, target, _ = head.split(b"\r\n", 1)[0].split(b" ", 2)
            if method in (b"GET", b"HEAD") and target.split(b"?", 1)[0] == b"/healthz":
                ok = await self._check()
                status, body = (b"200 OK" if ok else b"503 Service Unavailable"), json.dumps({"ok": ok}).encode()
            else:
                status, body = b"404 Not Found", b'{"error": "not found"}'
            writer.write(b"HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                         b"Cache-Control: no-store\r\nConnection: close\r\n\r\n%s"
                         % (status, len(body), body if method != b"HEAD" else b""))
            await writer.drain()
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, OSError):
            pass  # not a probe we can answer: just close
        finally:
            writer.close()
