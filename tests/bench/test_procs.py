"""Where the bench pins its server processes: CPU 0, or one CPU each."""

import os
import shutil

from bench.procs import cpu_sets

CPUS = sorted(os.sched_getaffinity(0))
PINNED = len(CPUS) >= 2 and shutil.which("taskset") is not None


def test_a_server_goes_on_the_first_cpu_and_the_load_on_the_others():
    pin, client = cpu_sets()
    if PINNED:
        assert pin == ["taskset", "-c", str(CPUS[0])] and client == CPUS[1:]
    else:
        assert (pin, client) == ([], None)


def test_with_an_index_each_server_process_gets_a_cpu_of_its_own_wrapping_around():
    pins = [cpu_sets(i)[0] for i in range(len(CPUS) + 1)]
    if PINNED:
        assert [p[-1] for p in pins] == [str(c) for c in CPUS] + [str(CPUS[0])]
        assert all(cpu_sets(i)[1] == CPUS[1:] for i in range(len(CPUS)))  # the load's CPUs do not move
    else:
        assert pins == [[]] * (len(CPUS) + 1)
