"""The HTML pages and the security headers every response carries.

Capability links put their secret in the URL fragment, which browsers never send; still,
pages are `no-store` and send no Referer, so nothing about a meeting leaks into caches
or other sites' logs. The CSP allows no inline script at all.
"""

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CLIENT_DIR = Path(__file__).resolve().parent.parent / "client"
PAGES = {
    "/": "index.html", "/facilitator": "facilitator.html", "/participant": "participant.html", "/display": "display.html",
    "/join": "join.html", "/summary": "summary.html",
}

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'; require-trusted-types-for 'script'; trusted-types 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


async def page(request: Request) -> Response:
    return FileResponse(CLIENT_DIR / PAGES[request.url.path], media_type="text/html")


class SecurityHeaders:
    """Adds the headers above to every HTTP response, and `Cache-Control: no-store` to
    everything but the static assets (which carry no secret)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cache = b"no-cache" if scope["path"].startswith("/static/") else b"no-store"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message = {**message, "headers": headers + SECURITY_HEADERS + [(b"cache-control", cache)]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
