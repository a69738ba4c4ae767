"""One run's figures: the tail second by second, from each delivery's latency and send time."""

import array

from bench.loadgen import S
from bench.once import p99_by_second


def _ns(values) -> bytes:
    return array.array("q", values).tobytes()


def test_each_second_gets_the_p99_of_its_own_sends():
    ms = 1_000_000
    latency = [1 * ms] * 100 + [50 * ms] * 100  # second 0 quick, second 1 slow throughout
    sent_at = [i * S // 200 for i in range(100)] + [S + i * S // 200 for i in range(100)]
    assert p99_by_second(_ns(latency), _ns(sent_at), 3.0) == [1.0, 50.0, None]


def test_a_burst_shows_in_its_second_only():
    ms = 1_000_000
    latency = [2 * ms] * 300
    latency[250:] = [80 * ms] * 50  # the last sixth of the sends, all in second 2, waited
    sent_at = [i * S // 100 for i in range(300)]
    by_second = p99_by_second(_ns(latency), _ns(sent_at), 3.0)
    assert by_second[:2] == [2.0, 2.0] and by_second[2] == 80.0


def test_no_deliveries_no_seconds():
    assert p99_by_second(b"", b"", 5.0) == []
