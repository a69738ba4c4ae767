"""The mutation fuzzer, in-process and small: hostile frames raise only the documented errors."""

import pytest

from scripts import fuzz_frames


def test_twenty_thousand_mutated_frames_raise_nothing_unexpected():
    stats = fuzz_frames.fuzz(20_000, seed=2024)
    assert stats.unexpected_count == 0, stats.report()
    assert stats.frames == 20_000


def test_the_fuzzer_reaches_the_domain_and_changes_the_room():
    stats = fuzz_frames.fuzz(20_000, seed=7)
    assert stats.parsed["cmd"] > 500
    assert stats.accepted > 100 and sum(stats.refused.values()) > 100
    assert stats.closed["INVALID_PAYLOAD"] > 1000 and stats.closed["POLICY"] > 100
    assert stats.invalid_commands > 100


def test_main_exits_zero_on_a_clean_run(capsys):
    assert fuzz_frames.main(["--frames", "20000", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "frames/s" in out and "unexpected exceptions: 0" in out


def test_an_unexpected_exception_is_reported_with_its_frame_and_fails_the_run(monkeypatch, capsys):
    real_parse = fuzz_frames.parse

    def parse_with_a_bug(frame):
        message = real_parse(frame)
        if isinstance(message, fuzz_frames.Ping):
            raise KeyError("a bug")
        return message

    monkeypatch.setattr(fuzz_frames, "parse", parse_with_a_bug)
    assert fuzz_frames.main(["--frames", "5000", "--seed", "3"]) == 1
    out = capsys.readouterr().out
    assert "KeyError: 'a bug'" in out and "--- frame " in out


def test_a_domain_crash_is_reported_too(monkeypatch):
    def tick_with_a_bug(state, now):
        raise ZeroDivisionError

    monkeypatch.setattr(fuzz_frames, "tick", tick_with_a_bug)  # runs after every decided command
    assert fuzz_frames.fuzz(5_000, seed=3).unexpected_count > 0


@pytest.mark.parametrize("name", sorted(fuzz_frames.WIRE_COMMANDS))
def test_every_wire_command_has_a_seed_frame(name):
    assert any(seed.get("name") == name for seed in fuzz_frames.SEED_VALUES)
