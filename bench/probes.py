"""What bench.storm watches while a storm runs, each a thread of its own beside the load:
/healthz answered (HealthProbe) and the new process's CPU (CpuSampler)."""

import asyncio
import threading
import time

from bench.dialects import perf_ns
from bench.loadgen import S

HEALTH_EVERY_S = 0.1  # one /healthz probe started this often, each on its own, never waiting for the last
HEALTH_TIMEOUT_S = 30.0  # a probe slower than this counts as failed
CPU_SAMPLE_EVERY_S = 0.05


class HealthProbe(threading.Thread):
    """GET /healthz every HEALTH_EVERY_S, two ways at once. Fresh: each probe on a new
    connection (as a load balancer's checker makes them), independent of the others, so a
    starved server shows as long latencies rather than as fewer samples; the time to
    connect is kept apart, but note that a new connection also waits in the listening
    socket's queue until the server accepts it, which libuv does one per loop turn. Kept:
    one connection kept alive and reused, probes one after the other: only the handler
    and the loop's turns, not the accept queue."""

    def __init__(self, host: str, port: int, keep_alive: bool = True) -> None:
        super().__init__(daemon=True)
        self.host, self.port, self.keep_alive = host, port, keep_alive
        self.fresh: list[tuple[int, float | None, int | None, float | None]] = []  # sent ns, ms, status, connect ms
        self.kept: list[tuple[int, float, int]] = []  # sent ns, ms, status
        self._quit = threading.Event()

    def stop(self) -> None:
        self._quit.set()
        self.join(HEALTH_TIMEOUT_S + 5)

    def run(self) -> None:
        asyncio.run(self._main())

    def _request(self, keep_alive: bool) -> bytes:
        connection = "keep-alive" if keep_alive else "close"
        return f"GET /healthz HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nConnection: {connection}\r\n\r\n".encode()

    async def _main(self) -> None:
        probes = set()
        kept = asyncio.create_task(self._kept() if self.keep_alive else asyncio.sleep(0))
        while not self._quit.is_set():
            probe = asyncio.create_task(self._one())
            probes.add(probe)
            probe.add_done_callback(probes.discard)
            await asyncio.sleep(HEALTH_EVERY_S)
        await asyncio.gather(*probes, return_exceptions=True)
        kept.cancel()
        await asyncio.gather(kept, return_exceptions=True)

    async def _one(self) -> None:
        sent = perf_ns()
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT_S):
                reader, writer = await asyncio.open_connection(self.host, self.port)
                connected = perf_ns()
                writer.write(self._request(keep_alive=False))
                answer = await reader.read()
                writer.close()
        except (OSError, TimeoutError):
            self.fresh.append((sent, None, None, None))
            return
        self.fresh.append((sent, (perf_ns() - sent) / 1e6, _status(answer), (connected - sent) / 1e6))

    async def _kept(self) -> None:
        writer = None
        while True:
            sent = perf_ns()
            try:
                fresh = writer is None  # its first answer waited in the accept queue too: not counted
                if fresh:
                    reader, writer = await asyncio.open_connection(self.host, self.port)
                async with asyncio.timeout(HEALTH_TIMEOUT_S):
                    writer.write(self._request(keep_alive=True))
                    head = await reader.readuntil(b"\r\n\r\n")
                    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                                   if line.lower().startswith(b"content-length:")), 0)
                    await reader.readexactly(length)
                if not fresh:
                    self.kept.append((sent, (perf_ns() - sent) / 1e6, _status(head)))
            except (OSError, TimeoutError, asyncio.IncompleteReadError):
                if writer is not None:
                    writer.close()
                writer = None
            await asyncio.sleep(max(0.0, HEALTH_EVERY_S - (perf_ns() - sent) / S))


def _status(answer: bytes) -> int | None:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else None


class CpuSampler(threading.Thread):
    """The process's on-CPU seconds (all threads) every CPU_SAMPLE_EVERY_S, time-stamped,
    and how busy its core was: what else ran there is noise in the storm's figures."""

    def __init__(self, pid: int, core: int | None) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.core = core
        self.samples: list[tuple[int, float]] = []
        self.core_samples: list[tuple[int, float]] = []
        self._quit = threading.Event()

    def stop(self) -> None:
        self._quit.set()
        self.join(5)

    def run(self) -> None:
        from bench.procs import proc_sample

        while not self._quit.is_set():
            cpu = proc_sample(self.pid)["cpu"]
            now = perf_ns()
            if cpu:
                self.samples.append((now, cpu))
            if self.core is not None:
                self.core_samples.append((now, _core_busy_s(self.core)))
            time.sleep(CPU_SAMPLE_EVERY_S)

    def at(self, t: int, core: bool = False) -> float:
        """CPU seconds used by time `t` (linear between the samples around it): the
        process's, or with `core` everything's on its core."""
        samples = self.core_samples if core else self.samples
        before = [(ts, cpu) for ts, cpu in samples if ts <= t]
        after = [(ts, cpu) for ts, cpu in samples if ts > t]
        if not before:
            return after[0][1] if after else 0.0
        if not after:
            return before[-1][1]
        (t0, c0), (t1, c1) = before[-1], after[0]
        return c0 + (c1 - c0) * (t - t0) / (t1 - t0)


def _core_busy_s(core: int) -> float:
    """Seconds one CPU spent on anything but idle and iowait, from /proc/stat."""
    from bench.procs import CLK_TCK

    with open("/proc/stat") as f:
        for line in f:
            if line.startswith(f"cpu{core} "):
                values = [int(v) for v in line.split()[1:9]]
                return (sum(values) - values[3] - values[4]) / CLK_TCK
    return 0.0
