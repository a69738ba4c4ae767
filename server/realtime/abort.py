"""A way to drop a connection whose peer stopped reading.

ASGI can only ask for a close frame, which sits behind the very bytes the peer is not
reading, and uvicorn's `transport.close()` then waits forever for the buffer to drain.
This outermost middleware hands the session the transport's `abort()` when the server
exposes it (uvicorn does, on its protocol object); elsewhere the keepalive timeout
remains the backstop.
"""

from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

SCOPE_KEY = "peercircle.abort"


class TransportAbort:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            transport = getattr(getattr(send, "__self__", None), "transport", None)
            if transport is not None and hasattr(transport, "abort"):
                scope = {**scope, SCOPE_KEY: transport.abort}
        await self.app(scope, receive, send)


def aborter(scope: Scope) -> Callable[[], None] | None:
    return scope.get(SCOPE_KEY)
