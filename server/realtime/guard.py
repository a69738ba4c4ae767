"""Failed authentications per client address: a sliding window, so that guessing
tokens or join codes is slow, while a person who mistypes a code once is unaffected."""

import time
from collections import deque

FAILURES_ALLOWED = 20
WINDOW_S = 60.0
MAX_TRACKED = 10_000  # addresses remembered at once; the oldest go first


class FailureGuard:
    def __init__(self, allowed: int = FAILURES_ALLOWED, window: float = WINDOW_S) -> None:
        self.allowed, self.window = allowed, window
        self._failures: dict[str, deque[float]] = {}

    def blocked(self, address: str, now: float | None = None) -> bool:
        recent = self._recent(address, time.monotonic() if now is None else now)
        return recent is not None and len(recent) >= self.allowed

    def failed(self, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        recent = self._recent(address, now)
        if recent is None:
            if len(self._failures) >= MAX_TRACKED:
                self._failures.pop(next(iter(self._failures)))
            recent = self._failures[address] = deque()
        recent.append(now)

    def _recent(self, address: str, now: float) -> deque[float] | None:
        recent = self._failures.get(address)
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        return recent
