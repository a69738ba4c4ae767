"""The Origin check that runs before a WebSocket is accepted.

Browsers do not apply CORS to WebSockets, so any page could open a socket to us with the
user's cookies or links (cross-site WebSocket hijacking). We accept only origins on an
allowlist, by default this server's own, compared exactly: scheme, host and port.
"""

def origin_allowed(origin: str | None, host: str | None, scheme: str, allowed: frozenset[str]) -> bool:
    if not origin:
        return False  # every browser sends one; its absence means a crafted request
    origin = origin.lower()
    if allowed:
        return origin in allowed
    if not host:
        return False
    own_scheme = "https" if scheme in ("wss", "https") else "http"
    return origin == f"{own_scheme}://{host.lower()}"

