"""The A/B runner's variant names: which server, which settings, how many processes."""

from bench.ab import parse_variant


def test_a_bare_name_is_peercircle_as_it_is():
    assert parse_variant("base") == ("base", "peercircle", {}, 1, False, 100, False, 0.0, 40, False, None)


def test_the_references_keep_their_own_kind():
    assert parse_variant("floor")[:2] == ("floor", "floor")
    assert parse_variant("socketio")[:2] == ("socketio", "socketio")


def test_settings_start_the_server_through_the_variant_module():
    name, kind, env, processes, *_ = parse_variant("gc=BENCH_GC=50000,50,1000;BENCH_LOOP=asyncio")
    assert (name, kind, processes) == ("gc", "peercircle", 1)
    assert env == {"BENCH_GC": "50000,50,1000", "BENCH_LOOP": "asyncio", "BENCH_VARIANT": "1"}


def test_processes_is_the_bench_own_setting_and_not_passed_to_the_server():
    assert parse_variant("two=PROCESSES=2") == ("two", "peercircle", {}, 2, False, 100, False, 0.0, 40, False, None)
    name, kind, env, processes, *_ = parse_variant("two=PROCESSES=2;BENCH_GC=1,1,1")
    assert processes == 2 and "PROCESSES" not in env and env["BENCH_VARIANT"] == "1"


def test_whole_rooms_keeps_each_room_on_one_process_and_is_not_passed_on():
    assert parse_variant("apart=PROCESSES=2;WHOLE_ROOMS=1") == ("apart", "peercircle", {}, 2, True, 100, False, 0.0, 40, False, None)


def test_a_tree_runs_another_checkout_without_the_variant_module():
    assert parse_variant("before=TREE=/elsewhere") == ("before", "peercircle", {"BENCH_TREE": "/elsewhere"}, 1, False, 100, False, 0.0, 40, False, None)


def test_rooms_changes_the_load_s_size_and_is_not_passed_on():
    assert parse_variant("half=ROOMS=50") == ("half", "peercircle", {}, 1, False, 50, False, 0.0, 40, False, None)


def test_own_cores_puts_each_process_on_a_cpu_of_its_own_and_is_not_passed_on():
    variant = parse_variant("apart=PROCESSES=2;WHOLE_ROOMS=1;OWN_CORES=1")
    assert variant.own_cores and variant.whole_rooms and variant.processes == 2 and variant.env == {}
    assert not parse_variant("apart=PROCESSES=2").own_cores


def test_slow_and_pad_give_w8_s_shape_and_are_not_passed_on():
    variant = parse_variant("slow=ROOMS=50;PAD=1500;SLOW=0.05")
    assert (variant.rooms, variant.pad, variant.slow_fraction, variant.env) == (50, 1500, 0.05, {})
    assert parse_variant("base").slow_fraction == 0.0


def test_idle_poll_is_the_bench_s_own_setting_and_is_not_passed_on():
    variant = parse_variant("polling=ROOMS=50;IDLE_POLL=1")
    assert variant.idle_poll and variant.rooms == 50 and variant.env == {}
    assert not parse_variant("halting=ROOMS=50").idle_poll


def test_redis_cpu_pins_the_bench_s_redis_for_the_run_and_is_not_passed_on():
    variant = parse_variant("near=REDIS_CPU=0;ROOMS=50")
    assert variant.redis_cpu == 0 and variant.env == {}
    assert parse_variant("base").redis_cpu is None


def test_a_pinned_process_is_as_free_afterwards_as_before():
    import os

    from bench.ab import pinned

    before = os.sched_getaffinity(0)
    with pinned(os.getpid(), min(before)):
        assert os.sched_getaffinity(0) == {min(before)}
    assert os.sched_getaffinity(0) == before
