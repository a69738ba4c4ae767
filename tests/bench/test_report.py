"""What docs/PERFORMANCE.md says of how the CPUs idled during a suite."""

from bench.report import describe_idle


def test_a_suite_that_held_idle_polling_says_so() -> None:
    said = describe_idle({"cpuidle_driver": "haltpoll", "guest_halt_poll_ns": 0, "latency_limit_us": 0})
    assert said.startswith("polled instead of halting") and "0 µs" in said


def test_a_suite_on_halting_cpus_names_the_driver_and_its_polling() -> None:
    said = describe_idle({"cpuidle_driver": "haltpoll", "guest_halt_poll_ns": 0, "latency_limit_us": 2000000000})
    assert said.startswith("halted") and "haltpoll" in said and "guest halt polling 0 ns" in said
    assert "guest halt polling" not in describe_idle({"cpuidle_driver": "intel_idle", "guest_halt_poll_ns": None,
                                                      "latency_limit_us": 2000000000})


def test_an_older_suite_without_the_record_says_it_was_not_recorded() -> None:
    assert describe_idle(None) == "(not recorded)"
