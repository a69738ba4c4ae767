"""The browser's reducer (client/lib/store.js) gives every event the meaning the Python
domain gives it: the real decider produces the events, views.snapshot shows the room
after each one, and node folds the same events in JavaScript. Both must agree, after
every single event.
"""

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from server.domain import SYSTEM, Actor, DomainError, Role, Room, decide, evolve, tick
from server.domain import commands as c
from server.domain.events import EVENT_TYPES, to_dict
from server.domain.views import snapshot

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed: cannot run client/lib/store.js")

T0 = 1_700_000_000.0
FAC = Actor(Role.FACILITATOR, "p1")


class Meeting:
    """A room driven only through decide/evolve/tick, recording events and snapshots."""

    def __init__(self) -> None:
        self.state = Room()
        self.now = T0
        self.events: list[dict] = []
        self.snapshots: list[dict] = []

    def _apply(self, events: list) -> list:
        for event in events:
            self.state = evolve(self.state, event)
            self.events.append({"seq": len(self.events) + 1, **to_dict(event)})
            self.snapshots.append(snapshot(self.state))
        return events

    def do(self, command: c.Command, actor: Actor = FAC, *, advance: float = 1.25) -> list:
        self.now += advance
        return self._apply(decide(self.state, command, actor, self.now))

    def wait(self, seconds: float) -> list:
        self.now += seconds
        return self._apply(tick(self.state, self.now))


def fold_in_node(initial: dict, events: list[dict], tmp_path: Path) -> dict:
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"initial_snapshot": initial, "events": events}))
    result = subprocess.run(
        [NODE, "tests/client/fold.mjs", str(case)], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_same_rooms(meeting: Meeting, initial: dict, folded: dict) -> None:
    """JSON round trips turn 3.0 into 3; Python's == treats those as equal, as it should."""
    for event, expected, actual in zip(meeting.events, meeting.snapshots, folded["states"], strict=True):
        assert actual == expected, f"after event {event}"
    assert folded["final"] == (meeting.snapshots[-1] if meeting.snapshots else initial)


def scripted_meeting() -> Meeting:
    """One Peer Assist, start to end, producing every event type at least once."""
    m = Meeting()
    ann, bo = Actor(Role.PARTICIPANT, "p2"), Actor(Role.PARTICIPANT, "p3")
    m.do(c.CreateRoom("Peer Assist: <the intake> & \"onboarding\"", "Fac"), SYSTEM)
    m.do(c.Join("Ann 🙂"), SYSTEM)
    m.do(c.Join("Bo"), SYSTEM)
    for person in ("p1", "p2", "p3"):
        m.do(c.MarkOnline(person), SYSTEM)
    m.do(c.Rename("Facilitator Fay"), FAC)
    m.do(c.AdvancePhase())  # tell
    m.do(c.AddItem("note", "Context:\n\tthree teams,  two sites"), ann)
    m.do(c.AdvancePhase())  # ask
    m.do(c.StepBackPhase())  # tell
    m.do(c.AdvancePhase())  # ask
    m.do(c.AddItem("question", "Who decides?"), bo)
    m.do(c.EditItem("i2", text="Who decides, and when?"), bo)
    m.do(c.EditItem("i2", kind="note"), FAC)
    m.do(c.RaiseHand(), ann)
    m.do(c.RaiseHand(), bo)
    m.do(c.RaiseHand(), FAC)
    m.do(c.LowerHand("p1"), FAC)
    m.do(c.GiveFloor())  # Ann, the first hand
    m.do(c.StartTimer(120))
    m.do(c.PauseTimer(), advance=30.5)
    m.do(c.ExtendTimer(60))  # paused: remaining grows
    m.do(c.ResumeTimer())
    m.do(c.ExtendTimer(60))  # running: ends_at moves
    m.wait(500)  # TimeUp
    m.do(c.ExtendTimer(60))  # after time is up: runs again
    m.do(c.EndFloor(), ann)
    m.do(c.GiveFloor("p3"))  # Bo, whose hand leaves the queue
    m.do(c.GiveFloor("p1"))  # ends Bo's turn, gives the floor to Fay
    m.do(c.EndFloor())
    m.do(c.RaiseHand(), ann)
    m.do(c.RaiseHand(), bo)
    m.do(c.LowerAllHands())
    m.do(c.ResetTimer())
    m.do(c.AddItem("option", "Try a pilot"), ann)
    m.do(c.DeleteItem("i1"), ann)
    for _ in range(3):
        m.do(c.AdvancePhase())  # analyse, feedback, lessons
    m.do(c.AddItem("lesson", "Start smaller"), FAC)
    m.do(c.AddItem("action", "Plan the pilot by Friday"), FAC)
    m.do(c.AdvancePhase())  # close
    m.do(c.MarkOffline("p3"), SYSTEM)
    m.do(c.MarkOnline("p3"), SYSTEM)
    m.do(c.MarkOffline("p2"), SYSTEM)
    return m


def test_scripted_meeting_covers_every_event_type() -> None:
    assert {event["type"] for event in scripted_meeting().events} == set(EVENT_TYPES)


def test_reducer_matches_domain_from_an_empty_room(tmp_path: Path) -> None:
    meeting = scripted_meeting()
    initial = snapshot(Room())
    assert_same_rooms(meeting, initial, fold_in_node(initial, meeting.events, tmp_path))


def test_reducer_matches_domain_from_a_mid_meeting_snapshot(tmp_path: Path) -> None:
    """A late joiner gets a snapshot, then folds what follows."""
    full = scripted_meeting()
    cut = len(full.events) // 2
    later = Meeting()
    later.events = [{**e, "seq": i + 1} for i, e in enumerate(full.events[cut:])]
    later.snapshots = full.snapshots[cut:]
    initial = full.snapshots[cut - 1]
    assert_same_rooms(later, initial, fold_in_node(initial, later.events, tmp_path))


def random_meeting(seed: int, steps: int = 400) -> Meeting:
    """Many people doing many things in a random order; refused commands change nothing."""
    rng = random.Random(seed)
    m = Meeting()
    m.do(c.CreateRoom(f"Random meeting {seed}"), SYSTEM)
    people = [FAC]
    for _ in range(steps):
        me = rng.choice(people)
        items = list(m.state.items) or ["i1"]
        ids = [p.id for p in m.state.people.values()] + ["p99"]
        kinds = ["note", "question", "option", "lesson", "action"]
        candidates = [
            (SYSTEM, c.Join(f"Person {len(people)}")),
            (SYSTEM, c.MarkOnline(rng.choice(ids))),
            (SYSTEM, c.MarkOffline(rng.choice(ids))),
            (me, c.Rename(rng.choice(["A", "B", "Zoë", "  x  "]))),
            (FAC, c.AdvancePhase()),
            (FAC, c.StepBackPhase()),
            (me, c.AddItem(rng.choice(kinds), f"text {rng.random():.3f}")),
            (me, c.EditItem(rng.choice(items), text=rng.choice([None, "edited"]), kind=rng.choice([None, *kinds]))),
            (me, c.DeleteItem(rng.choice(items))),
            (me, c.RaiseHand()),
            (me, c.LowerHand(rng.choice([None, *ids]))),
            (FAC, c.LowerAllHands()),
            (FAC, c.GiveFloor(rng.choice([None, *ids]))),
            (me, c.EndFloor()),
            (FAC, c.StartTimer(rng.choice([1, 30, 90.5]))),
            (FAC, c.PauseTimer()),
            (FAC, c.ResumeTimer()),
            (FAC, c.ExtendTimer(rng.choice([1, 60]))),
            (FAC, c.ResetTimer()),
        ]
        actor, command = rng.choice(candidates)
        try:
            events = m.do(command, actor, advance=rng.choice([0.0, 0.5, 3.0, 45.0]))
        except DomainError:
            continue
        for event in events:
            if type(event).__name__ == "PersonJoined":
                people.append(Actor(Role.PARTICIPANT, event.person))
        m.wait(0)  # let TimeUp happen when a timer has run out
    return m


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reducer_matches_domain_on_random_meetings(seed: int, tmp_path: Path) -> None:
    meeting = random_meeting(seed)
    assert len(meeting.events) > 100
    initial = snapshot(Room())
    assert_same_rooms(meeting, initial, fold_in_node(initial, meeting.events, tmp_path))
