"""How long a meeting's keys live: PEERCIRCLE_RETENTION_S after its last activity while
it is open, and after its close once closed, so a closed meeting that people keep
opening to read the summary still goes when its time is up."""

MIN_TTL_S = 60  # a room in use never gets less: the heartbeat renews it well before


def retention_left(closed_at: float | None, retention_s: int, now: float) -> int:
    """Seconds the room's keys should live from `now`."""
    if closed_at is None:
        return retention_s
    return max(MIN_TTL_S, int(closed_at + retention_s - now))
