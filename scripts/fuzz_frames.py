"""Mutation fuzzing of client frames: parse, then decide on a live room.

    python scripts/fuzz_frames.py --frames 1000000            # the per-PR run (RELIABILITY.md A2)
    python scripts/fuzz_frames.py --frames 50000000 --seed 7  # a nightly run

Valid seed frames (hello, ping, resync and every wire command with well-formed args)
are mutated at the byte level (bit flips, byte sets, inserts of random or msgpack-
significant bytes, deletes, truncation, splicing two seeds, duplicated chunks) and at
the value level (one field replaced by a hostile value, removed, or added), one to
three mutations per frame. Every frame goes through protocol.messages.parse; each one
that parses as a command becomes its domain class (server.domain.commands.WIRE_COMMANDS,
args as keyword arguments) and goes through server.domain.decide on a small live room
(a method's agenda, duties, a guest, items, a raised hand, a speaker, a running timer),
sent by a facilitator, a participant or a display in turn (StartTurns with shuffle gets
a seed as the server gives it); accepted events are folded with evolve, and the
clock ticks as `now` moves on.

The only exceptions allowed are ProtocolError and InvalidCommand from parse and
DomainError from decide. Anything else is printed with the frame that caused it and
the exit code is 1. The run prints frames per second and how the frames were answered.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import msgpack  # noqa: E402

from protocol.errors import ProtocolError  # noqa: E402
from protocol.messages import Command, Hello, InvalidCommand, Ping, Resync, parse  # noqa: E402
from server.domain import DomainError, decide, evolve, tick  # noqa: E402
from server.domain import commands as c  # noqa: E402
from server.domain.commands import WIRE_COMMANDS  # noqa: E402
from server.domain.state import SYSTEM, Actor, Role, Room  # noqa: E402

T0 = 1_700_000_000.0
RESET_EVERY = 400  # accepted commands before the room starts over, so it stays small and lively

SEED_VALUES: list[dict] = [
    {"t": "hello", "v": 1, "token": "r7k2.c2VjcmV0LXRva2VuLXZhbHVl"},
    {"t": "hello", "v": 1, "token": "r7k2.c2VjcmV0", "epoch": "e1", "seq": 42},
    {"t": "ping", "ts": 1234.5},
    {"t": "resync"},
    {"t": "cmd", "op": "o1", "name": "Rename", "args": {"name": "Ann B."}},
    {"t": "cmd", "op": "o2", "name": "AddGuest", "args": {"name": "Gus"}},
    {"t": "cmd", "op": "o3", "name": "SetDuty", "args": {"person": "p3", "duty": "scribe", "on": True}},
    {"t": "cmd", "op": "o4", "name": "SetDuty", "args": {"person": "p4", "duty": "case_owner", "on": False}},
    {"t": "cmd", "op": "o5", "name": "NextRound", "args": {}},
    {"t": "cmd", "op": "o6", "name": "NextRound", "args": {}},
    {"t": "cmd", "op": "o7", "name": "PreviousRound", "args": {}},
    {"t": "cmd", "op": "o8", "name": "JumpToRound", "args": {"round": "r3"}},
    {"t": "cmd", "op": "o9", "name": "JumpToRound", "args": {"round": "r5"}},
    {"t": "cmd", "op": "o10", "name": "SkipRound", "args": {"round": "r6", "skip": True}},
    {"t": "cmd", "op": "o11", "name": "ExtendRound", "args": {"minutes": 5}},
    {"t": "cmd", "op": "o12", "name": "AddRound", "args": {"kind": "write_advice", "position": 3, "minutes": 4}},
    {"t": "cmd", "op": "o13", "name": "RemoveRound", "args": {"round": "r7"}},
    {"t": "cmd", "op": "o14", "name": "MoveRound", "args": {"round": "r2", "position": 4}},
    {"t": "cmd", "op": "o15", "name": "SetTimeBox", "args": {"round": "r4", "minutes": 12.5}},
    {"t": "cmd", "op": "o16", "name": "MarkDone", "args": {"done": True}},
    {"t": "cmd", "op": "o17", "name": "AddItem", "args": {"kind": "question", "text": "Why now?\nWhy here?"}},
    {"t": "cmd", "op": "o18", "name": "AddItem", "args": {"kind": "note", "text": "For Bob", "author": "p3"}},
    {"t": "cmd", "op": "o19", "name": "EditItem", "args": {"item": "i1", "text": "Edited", "kind": "option"}},
    {"t": "cmd", "op": "o20", "name": "EditItem", "args": {"item": "i2", "kind": "lesson"}},
    {"t": "cmd", "op": "o21", "name": "DeleteItem", "args": {"item": "i1"}},
    {"t": "cmd", "op": "o22", "name": "RevealItems", "args": {}},
    {"t": "cmd", "op": "o23", "name": "RevealItems", "args": {"person": "p3"}},
    {"t": "cmd", "op": "o24", "name": "RaiseHand", "args": {}},
    {"t": "cmd", "op": "o25", "name": "RaiseHand", "args": {"direct": True}},
    {"t": "cmd", "op": "o26", "name": "RaiseHand", "args": {"person": "p5"}},
    {"t": "cmd", "op": "o27", "name": "LowerHand", "args": {"person": "p3"}},
    {"t": "cmd", "op": "o28", "name": "LowerHand"},
    {"t": "cmd", "op": "o29", "name": "LowerAllHands", "args": {}},
    {"t": "cmd", "op": "o30", "name": "SetProgressive", "args": {"on": True}},
    {"t": "cmd", "op": "o31", "name": "GiveFloor", "args": {}},
    {"t": "cmd", "op": "o32", "name": "GiveFloor", "args": {"person": "p4"}},
    {"t": "cmd", "op": "o33", "name": "EndFloor", "args": {}},
    {"t": "cmd", "op": "o34", "name": "StartTurns", "args": {"shuffle": True}},
    {"t": "cmd", "op": "o35", "name": "StartTurns", "args": {}},
    {"t": "cmd", "op": "o36", "name": "PassTurn", "args": {}},
    {"t": "cmd", "op": "o37", "name": "SkipTurn", "args": {}},
    {"t": "cmd", "op": "o38", "name": "StartTimer", "args": {"seconds": 300}},
    {"t": "cmd", "op": "o39", "name": "PauseTimer", "args": {}},
    {"t": "cmd", "op": "o40", "name": "ResumeTimer", "args": {}},
    {"t": "cmd", "op": "o41", "name": "ExtendTimer", "args": {"seconds": 60.5}},
    {"t": "cmd", "op": "o42", "name": "ResetTimer", "args": {}},
    {"t": "cmd", "op": "o43", "name": "UpdateBrief", "args": {"problem": "Why?", "starts_at": 1_800_000_000}},
    {"t": "cmd", "op": "o44", "name": "PlanRole", "args": {"name": "Ann", "duty": "case_owner", "on": True}},
    {"t": "cmd", "op": "o45", "name": "AddOutcome", "args": {"kind": "action", "text": "Pilot", "owner": "Ann", "due": "2027-01-31"}},
    {"t": "cmd", "op": "o46", "name": "EditOutcome", "args": {"outcome": "o1", "status": "done", "note": "Did it"}},
    {"t": "cmd", "op": "o47", "name": "RemoveOutcome", "args": {"outcome": "o1"}},
    {"t": "cmd", "op": "o48", "name": "ConfirmOutcomes", "args": {}},
    {"t": "cmd", "op": "o49", "name": "CloseMeeting", "args": {}},
    {"t": "cmd", "op": "o50", "name": "ReopenMeeting", "args": {}},
]

#: bytes that mean something to a msgpack decoder: types, huge lengths, deep nesting
SIGNIFICANT = [
    b"\xc0", b"\xc1", b"\xc2", b"\xc3", b"\x90", b"\x80", b"\xa0", b"\x91" * 12, b"\x81\xa1a" * 10,
    b"\xdc\xff\xff", b"\xdd\xff\xff\xff\xff", b"\xde\xff\xff", b"\xdf\xff\xff\xff\xff",
    b"\xd9\xff", b"\xda\xff\xff", b"\xdb\xff\xff\xff\xff", b"\xc4\xff", b"\xc6\xff\xff\xff\xff",
    b"\xd4\x05\x00", b"\xd6\xff\x00\x00\x00\x01", b"\xd7\xff" + b"\xff" * 8, b"\xc7\x0c\xff" + b"\x00" * 12,
    b"\xcb\x7f\xf8\x00\x00\x00\x00\x00\x00", b"\xcb\x7f\xf0\x00\x00\x00\x00\x00\x00", b"\xcf" + b"\xff" * 8,
    b"\xd3\x80" + b"\x00" * 7, b"\xa1\x00", b"\xa1\n", b"\xa2\xc3\x28", b"\xa3\xed\xa0\x80",
]
SINGLE = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xC0, 0xC1, 0xC2, 0xC3, 0xCA, 0xCB, 0xD9, 0xDC, 0xDD, 0xDE, 0xDF]

#: values a hostile client might put in any field
HOSTILE = [
    None, True, False, 0, -1, 1, 2**53, 2**64 - 1, -(2**63), 0.5, 1e308, float("nan"), float("inf"),
    float("-inf"), "", " ", "\n", "\x00", "\u202e", "x" * 61, "x" * 2001, "p2", "p99", "i1", "i999", "note",
    "AddItem", "hello", "cmd", "r1", "r99", "ask", "write_advice", "case_owner", "peer", 100, 101, 240, 241,
    b"bin", [], {}, [1, [2, [3]]], {"a": {"b": {"c": 1}}}, ["x"] * 50,
]
KEYS = ["t", "v", "token", "epoch", "seq", "op", "name", "args", "ts", "kind", "text", "item", "person",
        "seconds", "round", "minutes", "position", "duty", "on", "done", "skip", "direct", "shuffle", "seed",
        "author", "__proto__", ""]


def live_room() -> Room:
    """The incident method at its first round (case_select: hands welcome). Fay facilitates
    (p1); Ann (p2) is the case owner and wrote i1; Bob (p3) and Cat (p4) are peers, Bob's
    hand is up; Gus (p5) is a guest; the facilitator wrote i2; Ann speaks; the timer runs."""
    fay, ann, bob = Actor(Role.FACILITATOR, "p1"), Actor(Role.PARTICIPANT, "p2"), Actor(Role.PARTICIPANT, "p3")
    state = Room()
    script = [
        (c.CreateRoom("Fuzz", "Fay", "incident"), SYSTEM), (c.Join("Ann"), SYSTEM), (c.Join("Bob"), SYSTEM),
        (c.Join("Cat"), SYSTEM), (c.AddGuest("Gus"), fay), (c.SetDuty("p2", "case_owner", True), fay),
        (c.MarkOnline("p2"), SYSTEM), (c.MarkOnline("p3"), SYSTEM), (c.MarkOnline("p4"), SYSTEM),
        (c.NextRound(), fay), (c.AddItem("note", "Ann's idea"), ann), (c.AddItem("action", "Fay's action"), fay),
        (c.RaiseHand(), bob), (c.GiveFloor("p2"), fay), (c.StartTimer(300.0), fay),
    ]
    for command, actor in script:
        for event in decide(state, command, actor, T0):
            state = evolve(state, event)
    return state


ACTORS = [
    Actor(Role.FACILITATOR, "p1"),
    Actor(Role.PARTICIPANT, "p2"),
    Actor(Role.PARTICIPANT, "p3"),
    Actor(Role.DISPLAY, None),
    Actor(Role.PARTICIPANT, "p4"),
    Actor(Role.FACILITATOR, "p1"),
]


class Mutator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seeds = [msgpack.packb(value, use_bin_type=True) for value in SEED_VALUES]

    def frame(self) -> bytes:
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:  # a well-formed frame with one hostile field
            return bytes(self._mutate_value())
        data = self._mutate_value() if roll < 0.45 else bytearray(rng.choice(self.seeds))
        for _ in range(rng.randint(1, 3)):
            data = self._mutate_bytes(data)
        return bytes(data)

    def _mutate_value(self) -> bytearray:
        rng = self.rng
        value = {**rng.choice(SEED_VALUES)}
        if "args" in value:
            value["args"] = {**value["args"]}
        target = value["args"] if "args" in value and value["args"] and rng.random() < 0.6 else value
        choice = rng.random()
        key = rng.choice(list(target)) if target and choice < 0.7 else rng.choice(KEYS)
        if choice < 0.15:
            target.pop(key, None)
        else:
            target[key] = rng.choice(HOSTILE)
        return bytearray(msgpack.packb(value, use_bin_type=True))

    def _mutate_bytes(self, data: bytearray) -> bytearray:
        rng = self.rng
        n = len(data)
        kind = rng.randrange(8)
        if kind == 0 and n:  # flip bits
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(n)] ^= 1 << rng.randrange(8)
        elif kind == 1 and n:  # set a byte to a significant or random value
            data[rng.randrange(n)] = rng.choice(SINGLE) if rng.random() < 0.5 else rng.randrange(256)
        elif kind == 2:  # insert random bytes
            at = rng.randint(0, n)
            data[at:at] = rng.randbytes(rng.randint(1, 8))
        elif kind == 3:  # insert a significant sequence
            at = rng.randint(0, n)
            data[at:at] = rng.choice(SIGNIFICANT)
        elif kind == 4 and n:  # delete a range
            at = rng.randrange(n)
            del data[at : at + rng.randint(1, 8)]
        elif kind == 5 and n:  # truncate
            del data[rng.randrange(n) :]
        elif kind == 6:  # splice: the head of this frame, the tail of another seed
            other = rng.choice(self.seeds)
            data = data[: rng.randint(0, n)] + other[rng.randint(0, len(other)) :]
        elif n:  # duplicate a chunk
            at = rng.randrange(n)
            chunk = data[at : at + rng.randint(1, 16)]
            data[at:at] = chunk * rng.randint(1, 4)
        return data


@dataclass
class Stats:
    frames: int = 0
    seconds: float = 0.0
    parsed: Counter = field(default_factory=Counter)  # hello, cmd, ping, resync
    closed: Counter = field(default_factory=Counter)  # ProtocolError by close code name
    invalid_commands: int = 0
    accepted: int = 0  # commands that produced events
    unchanged: int = 0  # commands that produced none
    refused: Counter = field(default_factory=Counter)  # DomainError by code
    time_ups: int = 0
    unexpected: list[tuple[bytes, str]] = field(default_factory=list)
    unexpected_count: int = 0

    def report(self) -> str:
        rate = self.frames / self.seconds if self.seconds else 0.0
        lines = [
            f"{self.frames:,} frames in {self.seconds:.1f} s: {rate:,.0f} frames/s",
            f"parsed: {dict(self.parsed)}",
            f"closed (ProtocolError): {dict(self.closed)}",
            f"invalid commands: {self.invalid_commands:,}",
            f"decided: {self.accepted:,} changed the room, {self.unchanged:,} changed nothing, "
            f"refused {dict(self.refused)}; time up {self.time_ups:,} times",
            f"unexpected exceptions: {self.unexpected_count}",
        ]
        for frame, trace in self.unexpected:
            lines.append(f"--- frame {frame.hex()}\n{trace}")
        return "\n".join(lines)


def fuzz(frames: int, seed: int = 0, keep: int = 5) -> Stats:
    """Run `frames` mutated frames; return what happened. Never raises for a finding."""
    rng = random.Random(seed)
    mutator = Mutator(rng)
    stats = Stats()
    start_room = live_room()
    state, now, since_reset = start_room, T0, 0
    started = time.perf_counter()

    def unexpected(frame: bytes) -> None:
        stats.unexpected_count += 1
        if len(stats.unexpected) < keep:
            stats.unexpected.append((frame, traceback.format_exc()))

    for i in range(frames):
        frame = mutator.frame()
        now += 0.5
        try:
            message = parse(frame)
        except ProtocolError as error:
            stats.closed[error.code.name] += 1
            continue
        except InvalidCommand:
            stats.invalid_commands += 1
            continue
        except Exception:
            unexpected(frame)
            continue
        if isinstance(message, Hello):
            stats.parsed["hello"] += 1
        elif isinstance(message, Ping):
            stats.parsed["ping"] += 1
        elif isinstance(message, Resync):
            stats.parsed["resync"] += 1
        elif isinstance(message, Command):
            stats.parsed["cmd"] += 1
            try:
                command = WIRE_COMMANDS[message.name](**message.args)
                if isinstance(command, c.StartTurns) and command.shuffle:  # the server draws the seed
                    command = c.StartTurns(shuffle=True, seed=rng.getrandbits(63))
                events = decide(state, command, ACTORS[i % len(ACTORS)], now)
                for event in events:
                    state = evolve(state, event)
                for event in tick(state, now):
                    state = evolve(state, event)
                    stats.time_ups += 1
            except DomainError as error:
                stats.refused[error.code.value] += 1
                continue
            except Exception:
                unexpected(frame)
                continue
            if events:
                stats.accepted += 1
                since_reset += 1
                if since_reset >= RESET_EVERY:
                    state, since_reset = start_room, 0
            else:
                stats.unchanged += 1
        else:
            try:
                raise TypeError(f"parse returned {type(message).__name__}")
            except TypeError:
                unexpected(frame)
    stats.frames = frames
    stats.seconds = time.perf_counter() - started
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=int, default=1_000_000, help="how many mutated frames (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock, printed)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else time.time_ns() % 2**32
    print(f"fuzzing {args.frames:,} frames, seed {seed}")
    stats = fuzz(args.frames, seed)
    print(stats.report())
    return 1 if stats.unexpected_count else 0


if __name__ == "__main__":
    sys.exit(main())
