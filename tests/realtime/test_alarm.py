"""The hub's alarm: one wake-up after the deadline, moved when the deadline moves."""

import asyncio
import time

from server.realtime.alarm import DEADLINE_SLACK_S, Alarm


async def test_it_rings_once_just_after_the_deadline():
    rang: list[float] = []
    alarm = Alarm()
    due = time.time() + 0.05
    alarm.set(due, lambda: rang.append(time.time()))
    await asyncio.sleep(0.2)
    assert len(rang) == 1 and rang[0] >= due + DEADLINE_SLACK_S - 0.001
    assert alarm.due is None


async def test_setting_the_same_deadline_again_schedules_nothing_new():
    rang: list[str] = []
    alarm = Alarm()
    due = time.time() + 0.05
    alarm.set(due, lambda: rang.append("first"))
    alarm.set(due, lambda: rang.append("second"))
    await asyncio.sleep(0.2)
    assert rang == ["first"]


async def test_a_moved_deadline_replaces_the_old_one_and_none_cancels():
    rang: list[str] = []
    alarm = Alarm()
    alarm.set(time.time() + 0.05, lambda: rang.append("early"))
    alarm.set(time.time() + 0.1, lambda: rang.append("late"))
    await asyncio.sleep(0.2)
    assert rang == ["late"]
    alarm.set(time.time() + 0.05, lambda: rang.append("cancelled"))
    alarm.set(None, lambda: rang.append("never"))
    await asyncio.sleep(0.1)
    assert rang == ["late"] and alarm.due is None


async def test_after_ringing_the_same_deadline_sets_it_again():
    rang: list[int] = []
    alarm = Alarm()
    due = time.time()  # already past: rings after the slack
    alarm.set(due, lambda: rang.append(1))
    await asyncio.sleep(0.05)
    alarm.set(due, lambda: rang.append(2))  # time produced nothing yet: the hub asks again
    await asyncio.sleep(0.05)
    assert rang == [1, 2]


async def test_a_cancelled_alarm_never_rings():
    rang: list[int] = []
    alarm = Alarm()
    alarm.set(time.time() + 0.02, lambda: rang.append(1))
    alarm.cancel()
    await asyncio.sleep(0.08)
    assert rang == []
