"""The contention benchmark keeps working: both variants race for one room and say what
got through (a smoke run; its numbers are bench/results/contention.json's business)."""

import json
from pathlib import Path

from bench import contention
from server.realtime import commit_path as hub


def test_a_small_race_runs_both_variants_and_leaves_the_hub_as_it_was(tmp_path: Path) -> None:
    claim_after = hub.CLAIM_AFTER_LOSSES
    result = contention.main(["--commands", "80", "--pairs", "1", "--out", str(tmp_path / "c.json")])
    assert hub.CLAIM_AFTER_LOSSES == claim_after  # the no-claim variant put it back
    runs = json.loads((tmp_path / "c.json").read_text())["runs"]
    assert [r["variant"] for r in runs] == ["claim", "no-claim"] == [r["variant"] for r in result["runs"]]
    for run in runs:
        assert run["commands"] == 80 and 0 <= run["refused"] <= 80
        assert run["commits_per_command"] > 0  # it went through Redis
