"""The command-path benchmark keeps working: every command it submits is acked and it
says what each cost (a smoke run; its numbers are for bench/results/notes.md)."""

from bench import command_path


def test_a_short_run_acks_every_command_and_reports_its_cost() -> None:
    result = command_path.main(["--commands", "30", "--repeats", "1"])
    (run,) = result["runs"]
    assert run["cpu_us_per_command"] > 0 and run["wall_us_per_command"] > 0
    assert result["median_cpu_us_per_command"] == run["cpu_us_per_command"]
