"""The clock: a deadline in the state, never a tick; time's own events come from `tick`."""

import pytest

from protocol.codes import ErrorCode
from server.domain import DomainError, decide, next_deadline, tick
from server.domain import commands as c
from server.domain import events as e
from server.domain.state import TimerStatus
from tests.domain.rooms import FACILITATOR, T0, do, fold, room

NOW = T0 + 30


def _idle():
    return room()


def _running():  # 60 s from T0: ends at T0 + 60
    return do(room(), c.StartTimer(60.0), now=T0)


def _paused():  # paused at T0 + 20 with 40 s left
    return do(_running(), c.PauseTimer(), now=T0 + 20)


def _expired():  # 10 s from T0, time up at T0 + 10
    state = do(room(), c.StartTimer(10.0), now=T0)
    return fold(state, tick(state, T0 + 10))


STATES = {"idle": _idle, "running": _running, "paused": _paused, "expired": _expired}

WRONG = ErrorCode.WRONG_STATE

#: (timer status, command at NOW) -> the events, or the refusal
TABLE = [
    ("idle", c.StartTimer(60.0), [e.TimerStarted(60.0, NOW + 60)]),
    ("idle", c.PauseTimer(), WRONG),
    ("idle", c.ResumeTimer(), WRONG),
    ("idle", c.ExtendTimer(30.0), WRONG),
    ("idle", c.ResetTimer(), []),
    ("running", c.StartTimer(60.0), [e.TimerStarted(60.0, NOW + 60)]),
    ("running", c.PauseTimer(), [e.TimerPaused(30.0)]),
    ("running", c.ResumeTimer(), []),
    ("running", c.ExtendTimer(30.0), [e.TimerExtended(30.0, 90.0, T0 + 90, None)]),
    ("running", c.ResetTimer(), [e.TimerReset()]),
    ("paused", c.StartTimer(60.0), [e.TimerStarted(60.0, NOW + 60)]),
    ("paused", c.PauseTimer(), []),
    ("paused", c.ResumeTimer(), [e.TimerResumed(NOW + 40)]),
    ("paused", c.ExtendTimer(30.0), [e.TimerExtended(30.0, 90.0, None, 70.0)]),
    ("paused", c.ResetTimer(), [e.TimerReset()]),
    ("expired", c.StartTimer(60.0), [e.TimerStarted(60.0, NOW + 60)]),
    ("expired", c.PauseTimer(), WRONG),
    ("expired", c.ResumeTimer(), WRONG),
    ("expired", c.ExtendTimer(30.0), [e.TimerExtended(30.0, 30.0, NOW + 30, None)]),
    ("expired", c.ResetTimer(), [e.TimerReset()]),
]

#: the status each row leaves the timer in
STATUS_AFTER = {
    c.StartTimer: {"idle": "running", "running": "running", "paused": "running", "expired": "running"},
    c.PauseTimer: {"running": "paused", "paused": "paused"},
    c.ResumeTimer: {"running": "running", "paused": "running"},
    c.ExtendTimer: {"running": "running", "paused": "paused", "expired": "running"},
    c.ResetTimer: {"idle": "idle", "running": "idle", "paused": "idle", "expired": "idle"},
}


def test_the_setup_states_have_the_status_they_are_named_after():
    for name, make in STATES.items():
        assert make().timer.status == name


@pytest.mark.parametrize(("status", "command", "expected"), TABLE, ids=[f"{s}-{type(cmd).__name__}" for s, cmd, _ in TABLE])
def test_each_timer_command_in_each_timer_state(status, command, expected):
    state = STATES[status]()
    if isinstance(expected, ErrorCode):
        with pytest.raises(DomainError) as refused:
            decide(state, command, FACILITATOR, NOW)
        assert refused.value.code is expected
    else:
        assert decide(state, command, FACILITATOR, NOW) == expected
        after = do(state, command, now=NOW)
        assert after.timer.status == STATUS_AFTER[type(command)][status]


def test_a_running_timer_shows_its_deadline_and_duration():
    timer = _running().timer
    assert (timer.status, timer.duration, timer.ends_at, timer.remaining) == (TimerStatus.RUNNING, 60.0, T0 + 60, None)


def test_a_paused_timer_keeps_what_was_left_and_no_deadline():
    timer = _paused().timer
    assert (timer.status, timer.duration, timer.ends_at, timer.remaining) == (TimerStatus.PAUSED, 60.0, None, 40.0)


def test_pausing_after_the_deadline_but_before_the_tick_leaves_zero_not_a_negative_time():
    assert decide(_running(), c.PauseTimer(), FACILITATOR, T0 + 75) == [e.TimerPaused(0.0)]


def test_reset_returns_the_timer_to_idle_with_nothing_left():
    timer = do(_running(), c.ResetTimer()).timer
    assert (timer.status, timer.duration, timer.ends_at, timer.remaining) == (TimerStatus.IDLE, 0.0, None, None)


def test_time_produces_nothing_before_the_deadline():
    assert tick(_running(), T0 + 59.999) == []


def test_time_up_comes_at_the_deadline_stamped_with_the_deadline():
    assert tick(_running(), T0 + 60) == [e.TimeUp(T0 + 60)]
    assert tick(_running(), T0 + 500) == [e.TimeUp(T0 + 60)]


def test_time_up_comes_exactly_once():
    state = _running()
    first = tick(state, T0 + 61)
    assert tick(state, T0 + 61) == first  # asking twice without applying: the same answer
    state = fold(state, first)
    assert state.timer.status is TimerStatus.EXPIRED and state.timer.remaining == 0.0
    assert tick(state, T0 + 61) == []
    assert tick(state, T0 + 10_000) == []


@pytest.mark.parametrize("status", ["idle", "paused", "expired"])
def test_a_timer_that_is_not_running_never_times_out(status):
    assert tick(STATES[status](), T0 + 100_000) == []


@pytest.mark.parametrize(
    ("make", "deadline"),
    [(_idle, None), (_running, T0 + 60), (_paused, None), (_expired, None)],
    ids=["idle", "running", "paused", "expired"],
)
def test_the_next_deadline_is_the_running_timers_end(make, deadline):
    assert next_deadline(make()) == deadline


def test_extending_or_resuming_moves_the_next_deadline():
    assert next_deadline(do(_running(), c.ExtendTimer(30.0))) == T0 + 90
    assert next_deadline(do(_paused(), c.ResumeTimer(), now=T0 + 100)) == T0 + 140


def test_an_extended_timer_times_out_at_its_new_deadline_not_the_old_one():
    state = do(_running(), c.ExtendTimer(30.0))
    assert tick(state, T0 + 60) == []
    assert tick(state, T0 + 90) == [e.TimeUp(T0 + 90)]


def test_one_more_minute_after_time_is_up_runs_the_clock_again():
    state = do(_expired(), c.ExtendTimer(60.0), now=T0 + 30)
    assert (state.timer.status, state.timer.ends_at, state.timer.duration) == (TimerStatus.RUNNING, T0 + 90, 60.0)
    assert tick(state, T0 + 90) == [e.TimeUp(T0 + 90)]
