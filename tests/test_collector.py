"""The collector's schedule: young garbage goes at every sweep, survivors are frozen and
never walked again, and a frozen object that turns into a garbage cycle goes at the thaw."""

import asyncio
import gc
import weakref

import pytest

from server.collector import Collector


class Node:
    def __init__(self) -> None:
        self.other: "Node | None" = None


def cycle() -> tuple[Node, weakref.ref]:
    a, b = Node(), Node()
    a.other, b.other = b, a
    return a, weakref.ref(b)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def thawed_afterwards():
    yield
    gc.unfreeze()  # the test process's heap goes back to CPython's own schedule


def frozen(obj: object) -> bool:
    """gc.get_objects() lists the three generations; the frozen heap is none of them."""
    return gc.is_tracked(obj) and not any(o is obj for o in gc.get_objects())


def test_what_survives_a_sweep_is_frozen_and_what_comes_later_is_not():
    collector = Collector(1.0, 3600.0, Clock())
    before = []
    collector.sweep()
    after = []
    assert frozen(before)
    assert not frozen(after)
    assert gc.get_freeze_count() > 0


def test_a_garbage_cycle_made_since_the_last_sweep_is_collected_by_the_next():
    collector = Collector(1.0, 3600.0, Clock())
    collector.sweep()
    head, alive = cycle()
    del head
    assert alive() is not None  # only the collector frees a cycle
    sweep = collector.sweep()
    assert alive() is None
    assert sweep.collected >= 2 and not sweep.thawed


def test_a_frozen_object_that_becomes_a_garbage_cycle_waits_for_the_thaw():
    clock = Clock()
    collector = Collector(1.0, 60.0, clock)
    head, alive = cycle()
    collector.sweep()  # frozen while still in use
    del head
    clock.now = 30.0
    assert not collector.sweep().thawed
    assert alive() is not None  # frozen: not walked
    clock.now = 61.0
    sweep = collector.sweep()
    assert sweep.thawed and alive() is None
    assert gc.get_freeze_count() > 0  # frozen again after the thaw


def test_enough_closed_connections_bring_the_thaw_forward():
    collector = Collector(1.0, 3600.0, Clock(), thaw_after_closed=3)
    head, alive = cycle()
    collector.sweep()
    del head
    for _ in range(2):
        collector.connection_closed()
    assert not collector.sweep().thawed and alive() is not None
    collector.connection_closed()
    assert collector.sweep().thawed and alive() is None
    collector.connection_closed()
    assert not collector.sweep().thawed  # the count starts again after a thaw


def test_reference_counting_frees_frozen_objects_that_are_not_in_a_cycle():
    collector = Collector(1.0, 3600.0, Clock())
    node = Node()
    alive = weakref.ref(node)
    collector.sweep()
    assert frozen(node)
    del node
    assert alive() is None


async def test_the_running_collector_freezes_the_heap_it_starts_with_and_thaws_it_when_stopped():
    old = []
    collector = Collector(0.01, 3600.0)
    collector.start()
    await asyncio.sleep(0.05)
    assert frozen(old)
    await collector.stop()
    assert not frozen(old) and gc.get_freeze_count() == 0


async def test_a_zero_interval_leaves_the_heap_to_cpython():
    collector = Collector(0.0, 3600.0)
    collector.start()
    await asyncio.sleep(0.02)
    assert not collector.enabled and gc.get_freeze_count() == 0
    await collector.stop()
