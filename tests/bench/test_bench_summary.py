"""The headline's slow-reader verdict compares medians over the interleaved pairs, so one
noisy run cannot decide it alone; every stopped reader must still have been dropped."""

from bench.summary import summarize


def w8_run(workload: str, p99: float, slow: int = 0, dropped: int = 0) -> dict:
    return {"server": "peercircle", "workload": workload, "latency_ms": {"p99": p99}, "slow": slow,
            "slow_dropped": dropped, "close_codes": [], "delivered_pct": 100.0, "other_cpu_pct": 0.0,
            "cpu_us_per_delivery": 20.0, "offered_deliveries_per_s": 20000, "interval_s": 1.0}


def slow_readers(*pairs: tuple[float, float], dropped: int = 50) -> dict:
    runs = []
    for without, with_slow in pairs:
        runs += [w8_run("W8 without", without), w8_run("W8", with_slow, slow=50, dropped=dropped)]
    return summarize(runs)


def test_the_others_p99_is_judged_on_the_medians_of_the_pairs() -> None:
    head = slow_readers((5.0, 7.5), (6.0, 6.0), (7.0, 6.5))  # one pair at x1.5, the medians 6.0 and 6.5
    assert head["slow_readers"]["p99_ratio"] == round(6.5 / 6.0, 3)
    assert head["slow_readers"]["p99_ratio_each"] == [1.5, 1.0, round(6.5 / 7.0, 3)]
    assert head["targets"]["slow_readers_p99_within_20pct"]


def test_a_median_beyond_a_fifth_misses_the_target() -> None:
    head = slow_readers((5.0, 6.5), (5.0, 6.1))
    assert not head["targets"]["slow_readers_p99_within_20pct"]


def test_a_stopped_reader_left_connected_misses_the_target_however_fast_the_others() -> None:
    head = slow_readers((6.0, 6.0), (6.0, 6.0), dropped=49)
    assert head["slow_readers"]["slow_dropped"] == 98 and head["slow_readers"]["slow"] == 100
    assert not head["targets"]["slow_readers_p99_within_20pct"]


def cpu_run(workload: str, cpu: float, interval_s: float = 2.0) -> dict:
    return {**w8_run(workload, 5.0), "cpu_us_per_delivery": cpu, "interval_s": interval_s,
            "offered_deliveries_per_s": int(40000 / interval_s), "redis_cpu_pct": 5.0}


def test_two_processes_are_judged_against_one_and_set_beside_one_at_half_the_load() -> None:
    head = summarize([cpu_run("W5 1 process", 20.0), cpu_run("W5 2 processes", 24.0),
                      cpu_run("W5 1 process", 22.0), cpu_run("W5 2 processes", 26.0),
                      cpu_run("sweep", 24.0, interval_s=4.0)])
    two = head["two_processes"]
    assert two["cpu_ratio"] == round(25.0 / 21.0, 3)
    assert not head["targets"]["two_processes_rooms_spread_cpu_le_1.1"]  # against one process at the same load
    assert two["cpu_us_per_delivery_1_at_half"] == 24.0 and two["cpu_ratio_to_half"] == round(25.0 / 24.0, 3)
    assert not head["targets"]["two_processes_cpu_le_1.1"]  # no run with whole rooms: no verdict but a miss


def test_rooms_split_across_two_processes_are_judged_on_whole_rooms_and_spread_ones_beside_them() -> None:
    head = summarize([cpu_run("W5 1 process", 20.0), cpu_run("W5 2 processes, whole rooms", 21.5),
                      cpu_run("W5 2 processes", 25.0), cpu_run("W5 1 process", 22.0),
                      cpu_run("W5 2 processes, whole rooms", 23.5), cpu_run("W5 2 processes", 27.0)])
    two = head["two_processes"]
    assert two["cpu_ratio_whole_rooms"] == round(22.5 / 21.0, 3) and two["cpu_ratio"] == round(26.0 / 21.0, 3)
    assert head["targets"]["two_processes_cpu_le_1.1"]
    assert not head["targets"]["two_processes_rooms_spread_cpu_le_1.1"]


def sweep_run(server: str, interval_s: float, cpu: float, p99: float, delivered: float = 100.0) -> dict:
    return {**cpu_run("sweep", cpu, interval_s), "server": server, "latency_ms": {"p99": p99}, "delivered_pct": delivered}


def test_the_peer_is_compared_at_the_highest_load_where_it_still_kept_up() -> None:
    head = summarize([sweep_run("peercircle", 8.0, 40.0, 5.0), sweep_run("socketio", 8.0, 80.0, 20.0),
                      sweep_run("peercircle", 4.0, 30.0, 5.0), sweep_run("socketio", 4.0, 200.0, 900.0, 60.0)])
    kept = head["socketio_kept_up"]
    assert kept["offered_deliveries_per_s"] == 5000 and kept["cpu_ratio"] == 0.5
    assert not head["targets"]["cpu_vs_socketio_le_0.4_where_it_keeps_up"]  # 0.15x at 10k, where it did not keep up
    assert head["cpu_ratio_vs_socketio_10k"] == 0.15


def test_no_load_where_the_peer_kept_up_is_no_verdict_for_us() -> None:
    head = summarize([sweep_run("peercircle", 4.0, 30.0, 5.0), sweep_run("socketio", 4.0, 200.0, 900.0, 60.0)])
    assert "socketio_kept_up" not in head
    assert not head["targets"]["cpu_vs_socketio_le_0.4_where_it_keeps_up"]


def test_repeated_runs_where_the_peer_kept_up_are_judged_on_their_medians() -> None:
    head = summarize([sweep_run("peercircle", 8.0, 40.0, 5.0), sweep_run("socketio", 8.0, 120.0, 20.0),
                      sweep_run("peercircle", 8.0, 55.0, 5.0), sweep_run("socketio", 8.0, 100.0, 20.0),
                      sweep_run("peercircle", 8.0, 42.0, 5.0), sweep_run("socketio", 8.0, 110.0, 20.0)])
    kept = head["socketio_kept_up"]
    assert kept["cpu_us_per_delivery"] == {"peercircle": 42.0, "socketio": 110.0}
    assert kept["cpu_ratio"] == round(42 / 110, 3) and kept["runs"] == [3, 3]
    assert kept["cpu_ratio_each"] == [round(40 / 120, 3), 0.55, round(42 / 110, 3)]  # one noisy pair alone would miss
    assert head["targets"]["cpu_vs_socketio_le_0.4_where_it_keeps_up"]


def test_two_processes_are_set_beside_what_half_the_load_costs_the_floor() -> None:
    head = summarize([cpu_run("W5 1 process", 20.0), cpu_run("W5 2 processes, whole rooms", 23.0),
                      cpu_run("W5 2 processes", 25.0), {**cpu_run("W1", 16.0), "server": "floor"},
                      {**cpu_run("sweep", 20.0, interval_s=4.0), "server": "floor"}])
    assert head["two_processes"]["floor_cpu_ratio_half_to_full"] == round(20.0 / 16.0, 3)


def test_the_floor_split_the_same_ways_shows_what_the_box_charges_for_a_split() -> None:
    floor = lambda workload, cpu: {**cpu_run(workload, cpu), "server": "floor"}  # noqa: E731
    head = summarize([cpu_run("W5 1 process", 20.0), cpu_run("W5 2 processes, whole rooms", 22.0),
                      cpu_run("W5 2 processes, whole rooms, one core", 24.0), cpu_run("W5 2 processes", 25.0),
                      floor("W5 1 process", 10.0), floor("W5 2 processes, whole rooms", 10.5),
                      floor("W5 2 processes, whole rooms, one core", 12.0),
                      cpu_run("W5 1 process", 22.0), cpu_run("W5 2 processes, whole rooms", 23.0),
                      cpu_run("W5 2 processes, whole rooms, one core", 27.5), cpu_run("W5 2 processes", 27.0)])
    two = head["two_processes"]
    assert two["cpu_ratio_whole_rooms_each"] == [1.1, round(23 / 22, 3)]  # the judged shape: one process per core
    assert two["cpu_us_per_delivery_whole_rooms_one_core"] == 25.75
    assert two["cpu_ratio_whole_rooms_one_core"] == round(25.75 / 21.0, 3)
    assert two["cpu_ratio_whole_rooms_one_core_each"] == [1.2, 1.25]
    assert two["floor"] == {"cpu_us_per_delivery_1": 10.0, "cpu_ratio_whole_rooms": 1.05,
                            "cpu_ratio_whole_rooms_each": [1.05], "cpu_ratio_whole_rooms_one_core": 1.2,
                            "cpu_ratio_whole_rooms_one_core_each": [1.2]}
    assert head["targets"]["two_processes_cpu_le_1.1"]  # 22.5 against 21.0


def test_without_a_floor_run_in_w5_there_is_no_floor_split() -> None:
    head = summarize([cpu_run("W5 1 process", 20.0), cpu_run("W5 2 processes", 25.0)])
    assert head["two_processes"]["floor"] is None
    assert head["two_processes"]["cpu_ratio_whole_rooms_each"] == []


def test_a_load_the_peer_kept_up_with_in_one_run_of_three_is_not_where_it_keeps_up() -> None:
    runs = []
    for p99 in (20.0, 30.0, 25.0):  # 5k: kept up every time
        runs += [sweep_run("peercircle", 8.0, 40.0, 5.0), sweep_run("socketio", 8.0, 100.0, p99)]
    for delivered in (100.0, 80.0, 60.0):  # 10k: once only
        runs += [sweep_run("peercircle", 4.0, 30.0, 5.0), sweep_run("socketio", 4.0, 60.0, 900.0, delivered)]
    kept = summarize(runs)["socketio_kept_up"]
    assert kept["offered_deliveries_per_s"] == 5000 and kept["cpu_ratio"] == 0.4 and kept["runs"] == [3, 3]


def test_a_load_the_peer_kept_up_with_in_two_runs_of_three_is_where_it_keeps_up() -> None:
    runs = []
    for delivered in (99.95, 100.0, 70.0):
        runs += [sweep_run("peercircle", 4.0, 30.0, 5.0), sweep_run("socketio", 4.0, 60.0, 90.0, delivered)]
    kept = summarize(runs)["socketio_kept_up"]
    assert kept["offered_deliveries_per_s"] == 10000 and kept["cpu_ratio"] == 0.5


def test_a_peer_that_delivered_everything_late_did_the_same_work_and_is_compared_there() -> None:
    runs = []
    for p99 in (40.0, 125.0, 180.0):  # 5k: all delivered, twice past 100 ms (its knee's latency half)
        runs += [sweep_run("peercircle", 8.0, 36.0, 3.0), sweep_run("socketio", 8.0, 110.0, p99)]
    runs += [sweep_run("peercircle", 4.0, 30.0, 3.0), sweep_run("socketio", 4.0, 170.0, 6000.0, 55.0)]
    kept = summarize(runs)["socketio_kept_up"]
    assert kept["offered_deliveries_per_s"] == 5000 and kept["cpu_ratio"] == round(36 / 110, 3)
    assert kept["socketio_met_knee"] == 1 and kept["runs"] == [3, 3]


def test_the_knee_needs_the_p99_within_100_ms_as_well_as_everything_delivered() -> None:
    head = summarize([sweep_run("peercircle", 1.0, 20.0, 40.0), sweep_run("peercircle", 0.666, 15.0, 99.0),
                      sweep_run("peercircle", 0.5, 12.0, 140.0)])  # 80k: all delivered, but late
    knee = head["knee_deliveries_per_s"]["peercircle"]
    assert (knee["highest_ok"], knee["lowest_failed"]) == (60060, 80000)
