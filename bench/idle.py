"""How this machine's CPUs idle, and a way to keep them polling for one bench run.

A run's CPU figures depend on how the box idles between wake-ups: on a KVM guest an idle
CPU halts and leaves the core to the host, and a server that waits often and briefly
(W5's two processes each carry half the load) comes back to it more often. So every suite
records the idle state it ran in, and `bench.ab` can run a variant with idle CPUs polling
instead (`IDLE_POLL=1`): Linux keeps them polling for as long as a process holds
/dev/cpu_dma_latency open with 0 written (the PM QoS interface, which tuned's
latency-performance profile also uses); the request ends when the file is closed, so
nothing outlives the run. What it changed for W5 is in bench/results/notes.md (the ninth
session: it lowered every server's CPU, the floor's too, and left W5's ratio to the noise).
"""

import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LATENCY_DEVICE = Path("/dev/cpu_dma_latency")
CPUIDLE = Path("/sys/devices/system/cpu/cpuidle")
HALT_POLL_NS = Path("/sys/module/haltpoll/parameters/guest_halt_poll_ns")
POLL_ONLY_US = 0  # no idle state may take any time to leave: only polling is left


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except OSError:
        return None


def latency_limit_us() -> int | None:
    """The strictest wake-up latency any process asks for now (µs; 0: idle CPUs poll)."""
    try:
        with LATENCY_DEVICE.open("rb") as device:
            return struct.unpack("i", device.read(4))[0]
    except OSError:
        return None


def idle_state() -> dict:
    """What a run's results record of how the CPUs idled during it."""
    halt_poll = _read(HALT_POLL_NS)
    return {
        "cpuidle_driver": _read(CPUIDLE / "current_driver"),
        "guest_halt_poll_ns": int(halt_poll) if halt_poll is not None else None,
        "latency_limit_us": latency_limit_us(),
    }


@contextmanager
def polling_idle() -> Iterator[None]:
    """Idle CPUs poll instead of halting until the block ends. Raises PermissionError
    (or FileNotFoundError) when this process may not ask for it."""
    fd = os.open(LATENCY_DEVICE, os.O_WRONLY)
    try:
        os.write(fd, struct.pack("i", POLL_ONLY_US))
        yield
    finally:
        os.close(fd)
