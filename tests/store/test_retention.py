"""A meeting's keys live PEERCIRCLE_RETENTION_S after its last activity while open, and
after its close once closed, never less than a minute while in use."""

from server.store.retention import MIN_TTL_S, retention_left

DAY = 86_400


def test_an_open_meeting_keeps_the_whole_retention_from_now():
    assert retention_left(None, 30 * DAY, now=5 * DAY) == 30 * DAY


def test_a_closed_meeting_counts_from_its_close():
    assert retention_left(1_000.0, 30 * DAY, now=1_000.0 + 2 * DAY) == 28 * DAY
    assert retention_left(1_000.0, 30 * DAY, now=1_000.0) == 30 * DAY


def test_a_closed_meeting_past_its_time_still_gets_a_minute():
    assert retention_left(1_000.0, 120, now=1_000.0 + 3 * DAY) == MIN_TTL_S == 60
