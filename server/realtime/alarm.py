"""Alarm: one wake-up at a wall-clock deadline, moved whenever the deadline moves.

The domain tells time as data (`next_deadline(state)`); a hub asks after every change, so
setting the same deadline again must cost nothing and schedule nothing."""

import asyncio
import time
from collections.abc import Callable

DEADLINE_SLACK_S = 0.002  # wake just after a deadline, never just before it


class Alarm:
    def __init__(self) -> None:
        self._due: float | None = None
        self._handle: asyncio.TimerHandle | None = None

    @property
    def due(self) -> float | None:
        """The deadline `wake` will be called after, or None when none is pending."""
        return self._due

    def set(self, due: float | None, wake: Callable[[], None]) -> None:
        """Call `wake` once, DEADLINE_SLACK_S after `due` (a time.time() value), instead of
        whatever was set before; None cancels. After it rang, the same `due` sets it again."""
        if due == self._due:
            return
        self.cancel()
        self._due = due
        if due is not None:
            delay = max(0.0, due - time.time()) + DEADLINE_SLACK_S
            self._handle = asyncio.get_running_loop().call_later(delay, self._ring, wake)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        self._due = self._handle = None

    def _ring(self, wake: Callable[[], None]) -> None:
        self._due = self._handle = None
        wake()
