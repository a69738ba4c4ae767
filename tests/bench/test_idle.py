"""How the CPUs idle: what a run records, and the request that keeps them polling,
which lasts exactly as long as the block that holds it."""

import os

import pytest

from bench.idle import LATENCY_DEVICE, POLL_ONLY_US, idle_state, latency_limit_us, polling_idle


def test_the_idle_state_names_what_a_run_records() -> None:
    state = idle_state()
    assert set(state) == {"cpuidle_driver", "guest_halt_poll_ns", "latency_limit_us"}
    assert state["latency_limit_us"] is None or state["latency_limit_us"] >= 0


may_ask = LATENCY_DEVICE.exists() and os.access(LATENCY_DEVICE, os.W_OK)


@pytest.mark.skipif(not may_ask, reason="this process may not ask for a CPU latency limit")
def test_polling_is_asked_for_inside_the_block_and_let_go_after_it() -> None:
    before = latency_limit_us()
    with polling_idle():
        assert latency_limit_us() == POLL_ONLY_US
        assert idle_state()["latency_limit_us"] == POLL_ONLY_US
    assert latency_limit_us() == before


@pytest.mark.skipif(not may_ask, reason="this process may not ask for a CPU latency limit")
def test_the_request_ends_when_the_block_fails_too() -> None:
    before = latency_limit_us()
    with pytest.raises(RuntimeError), polling_idle():
        raise RuntimeError("the run failed")
    assert latency_limit_us() == before
