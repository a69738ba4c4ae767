"""Settings, read once from the environment. Every knob is documented in the README."""

import os
from dataclasses import dataclass, field

from protocol.limits import PING_INTERVAL_S, PING_TIMEOUT_S
from server.collector import DEFAULT_FREEZE_EVERY_S, DEFAULT_THAW_EVERY_S


DEFAULT_RETENTION_S = 30 * 24 * 3600
MIN_RETENTION_S = 60  # well above the presence heartbeat, which renews it


def _origins(raw: str) -> frozenset[str]:
    return frozenset(o.strip().rstrip("/").lower() for o in raw.split(",") if o.strip())


@dataclass(frozen=True)
class Settings:
    redis_url: str = field(default_factory=lambda: os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    #: Allowed WebSocket origins, comma-separated. Empty: only the server's own origin.
    origins: frozenset[str] = field(default_factory=lambda: _origins(os.environ.get("PEERCIRCLE_ORIGINS", "")))
    #: Base URL for the links handed out (e.g. https://circle.example.org). Empty: from the request.
    #: Seconds an idle meeting is kept after its last activity (minimum one minute).
    retention_s: int = field(
        default_factory=lambda: max(MIN_RETENTION_S, int(os.environ.get("PEERCIRCLE_RETENTION_S", DEFAULT_RETENTION_S)))
    )
    #: Serve /ws-echo, an echo endpoint on the same WebSocket stack, for conformance tests.
    echo: bool = field(default_factory=lambda: os.environ.get("PEERCIRCLE_ECHO") == "1")
    public_url: str = field(default_factory=lambda: os.environ.get("PEERCIRCLE_PUBLIC_URL", "").rstrip("/"))
    #: Seconds between freezes of the heap (server/collector.py); 0 leaves CPython's own schedule.
    gc_freeze_s: float = field(
        default_factory=lambda: float(os.environ.get("PEERCIRCLE_GC_FREEZE_S", DEFAULT_FREEZE_EVERY_S))
    )
    #: A port of its own for /healthz, so a probe does not queue behind a reconnect storm
    #: (server/health.py); 0: only the main port's /healthz.
    health_port: int = field(default_factory=lambda: int(os.environ.get("PEERCIRCLE_HEALTH_PORT", "0")))
    #: The address that port listens on: the main server's HOST unless set.
    health_host: str = field(
        default_factory=lambda: os.environ.get("PEERCIRCLE_HEALTH_HOST", os.environ.get("HOST", "127.0.0.1"))
    )
    #: Seconds between thaws: everything unfrozen and collected once, then frozen again.
    gc_thaw_s: float = field(default_factory=lambda: float(os.environ.get("PEERCIRCLE_GC_THAW_S", DEFAULT_THAW_EVERY_S)))
    #: Seconds of silence after which a socket is pinged (server/realtime/keepalive.py).
    ping_interval_s: float = field(
        default_factory=lambda: float(os.environ.get("PEERCIRCLE_PING_INTERVAL_S", PING_INTERVAL_S))
    )
    #: Seconds a ping may go unanswered before its socket is closed as dead (1011).
    ping_timeout_s: float = field(
        default_factory=lambda: float(os.environ.get("PEERCIRCLE_PING_TIMEOUT_S", PING_TIMEOUT_S))
    )
