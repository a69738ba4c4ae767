"""W5's schedule: the judged pair repeated W5_REPEATS times, interleaved, and the shapes beside
it in the first W5_SIDE_REPEATS only."""

from collections import Counter

from bench import workloads


def test_the_judged_pair_of_w5_runs_more_often_than_the_shapes_beside_it() -> None:
    ran: list[tuple[str, str]] = []
    workloads.w5(lambda kind, shape, **_: ran.append((kind, shape.name)), {"peercircle", "floor"})
    counts = Counter(ran)
    for kind in ("peercircle", "floor"):
        assert counts[(kind, "W5 1 process")] == counts[(kind, "W5 2 processes, whole rooms")] == workloads.W5_REPEATS
        assert counts[(kind, "W5 2 processes, whole rooms, one core")] == workloads.W5_SIDE_REPEATS
    assert counts[("peercircle", "W5 2 processes")] == workloads.W5_SIDE_REPEATS
    assert ("floor", "W5 2 processes") not in counts
    # interleaved: each repeat runs one process, then two, before the next repeat begins
    judged = [w for k, w in ran if k == "peercircle" and w in ("W5 1 process", "W5 2 processes, whole rooms")]
    assert judged == ["W5 1 process", "W5 2 processes, whole rooms"] * workloads.W5_REPEATS
