"""The browser's reducer (client/lib/store.js) gives every event the meaning the Python
domain gives it: the real decider produces the events, views.snapshot shows the room
after each one as a given viewer sees it, and node folds the same events, projected for
that viewer (views.project), in JavaScript. Both must agree after every single event:
for one who facilitates, for a display (neither facilitator nor author), and for a
participant who writes private items.

One known difference, by design: a closed meeting's snapshot shows everyone the airtime
seconds, which events never carried to those who do not facilitate. The reducer keeps
them null, and the server follows the close with a fresh snapshot for those viewers
(views.refreshes, tested in tests/realtime/test_closing_live.py); the comparison masks
exactly those seconds.
"""

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from server.domain import SYSTEM, Actor, DomainError, Role, Room, decide, evolve, tick
from server.domain import commands as c
from server.domain.closing import follow_up
from server.domain.events import EVENT_TYPES, to_dict
from server.domain.views import Viewer, project, snapshot

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed: cannot run client/lib/store.js")

T0 = 1_700_000_000.0
FAC = Actor(Role.FACILITATOR, "p1")
ANN, BO, CY, DEE = (Actor(Role.PARTICIPANT, f"p{n}") for n in range(2, 6))

FACILITATOR = Viewer(None, True)
DISPLAY = Viewer(None, False)
AUTHOR = Viewer("p3", False)  # Bo: writes private items, does not facilitate
VIEWERS = {
    "facilitator": (FACILITATOR, None),
    "display": (DISPLAY, {"role": "display", "person": None, "room": "r", "code": "C"}),
    "author": (AUTHOR, {"role": "participant", "person": "p3", "room": "r", "code": "C"}),
}


class Meeting:
    """A room driven only through decide/evolve/tick, recording events and states."""

    def __init__(self) -> None:
        self.state = Room()
        self.now = T0
        self.events: list[dict] = []
        self.states: list[Room] = []
        self.refusals: list[str] = []

    def _apply(self, events: list) -> list:
        for event in events:
            self.state = evolve(self.state, event)
            self.events.append({"seq": len(self.events) + 1, **to_dict(event)})
            self.states.append(self.state)
        return events

    def do(self, command: c.Command, actor: Actor = FAC, *, advance: float = 1.25) -> list:
        self.now += advance
        return self._apply(decide(self.state, command, actor, self.now))

    def refused(self, command: c.Command, actor: Actor = FAC) -> str:
        try:
            decide(self.state, command, actor, self.now)
        except DomainError as error:
            self.refusals.append(str(error.code))
            return str(error.code)
        raise AssertionError(f"{command} was not refused")

    def wait(self, seconds: float) -> list:
        self.now += seconds
        return self._apply(tick(self.state, self.now))

    def speaker(self) -> Actor:
        return Actor(Role.PARTICIPANT, self.state.floor.person)


def fold_in_node(initial: dict, events: list[dict], viewer: Viewer, you: dict | None, tmp_path: Path) -> dict:
    case = tmp_path / "case.json"
    case.write_text(json.dumps({
        "initial_snapshot": initial, "events": events, "viewer": {"facilitates": viewer.facilitates}, "you": you,
    }))
    result = subprocess.run(
        [NODE, "tests/client/fold.mjs", str(case)], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def as_folded(state: Room, viewer: Viewer) -> dict:
    """The snapshot as events bring it: while closed, airtime seconds stay null for one who
    does not facilitate (until the snapshot the server sends after the close)."""
    shown = snapshot(state, viewer)
    if state.closed and not viewer.facilitates:
        shown["airtime"] = {p: {**a, "seconds": None} for p, a in shown["airtime"].items()}
    return shown


def check(events: list[dict], states: list[Room], initial_state: Room, viewer_name: str, tmp_path: Path) -> None:
    """JSON round trips turn 3.0 into 3; Python's == treats those as equal, as it should."""
    viewer, you = VIEWERS[viewer_name]
    projected = [project(event, viewer) for event in events]
    initial = snapshot(initial_state, viewer)
    folded = fold_in_node(initial, projected, viewer, you, tmp_path)
    expected = [as_folded(state, viewer) for state in states]
    for event, want, got in zip(projected, expected, folded["states"], strict=True):
        assert got == want, f"{viewer_name}: after event {event}"
    assert folded["final"] == (expected[-1] if expected else initial)


def scripted_meeting() -> Meeting:
    """One incident-method meeting, start to end, producing every event type at least once."""
    m = Meeting()
    m.do(c.CreateRoom("Incident: <the handover> & \"night shift\"", "Fac", "incident"), SYSTEM)
    m.do(c.UpdateBrief(problem="Handovers lose <facts>", objectives="One checklist", starts_at=T0 + 3600))
    m.do(c.UpdateBrief(title="The night handover", context="See https://example.org/log?a=1&b=2\nand the ward notes"))
    m.do(c.UpdateBrief(starts_at=0, objectives=""))  # clears the planned start and the objectives
    m.do(c.PlanRole("  ann   🙂 ", "case_owner", True))  # Ann joins as the case owner
    m.do(c.PlanRole("Zed", "scribe", True))
    m.do(c.PlanRole("zed", "scribe", False))
    for name in ("Ann 🙂", "Bo", "Cy", "Dee"):
        m.do(c.Join(name), SYSTEM)
    for person in ("p1", "p2", "p3", "p4", "p5"):
        m.do(c.MarkOnline(person), SYSTEM)
    m.do(c.Rename("Facilitator Fay"), FAC)
    m.do(c.AddGuest("Gus (no phone)"))  # p6
    m.do(c.SetDuty("p2", "case_owner", True))
    m.do(c.SetDuty("p3", "scribe", True))
    m.do(c.SetDuty("p3", "scribe", False))
    m.do(c.SetDuty("p4", "timekeeper", True))

    # agenda edits in the lobby
    m.do(c.AddRound("opening", 0, 3))  # r11, first
    m.do(c.MoveRound("r11", 10))  # to the end
    m.do(c.SetTimeBox("r11", 4))
    m.do(c.SkipRound("r11"))
    m.do(c.SkipRound("r11", False))
    m.do(c.RemoveRound("r11"))
    m.do(c.MarkDone(), BO)

    # r1 case select: hands, direct responses, progressive order, a guest
    m.do(c.NextRound())
    m.do(c.RaiseHand(), BO)
    m.do(c.RaiseHand(), DEE)
    m.do(c.RaiseHand(direct=True), CY)
    m.do(c.RaiseHand(person="p6"))
    m.do(c.GiveFloor())  # Cy, the direct response
    m.do(c.EndFloor(), CY, advance=20)
    m.do(c.SetProgressive(True))
    m.do(c.GiveFloor("p5"), advance=2)
    m.do(c.SetProgressive(False), advance=7)
    m.do(c.LowerHand("p6"))
    m.do(c.LowerAllHands())
    m.do(c.ExtendRound(1), CY)  # the timekeeper
    m.do(c.MarkDone(), ANN)
    m.wait(700)  # TimeBoxOver
    m.do(c.ExtendRound(5))

    # r2 tell: the case owner only
    m.do(c.NextRound())
    assert m.refused(c.RaiseHand(), BO) == "not_now"
    m.do(c.GiveFloor("p2"))
    m.do(c.AddItem("note", "Context:\n\tthe night shift,  two wards"), ANN)
    m.do(c.EndFloor(), ANN, advance=60)

    # r3 write questions: private until revealed
    m.do(c.NextRound())
    m.do(c.AddItem("question", "Who was on call?"), BO)
    m.do(c.AddItem("question", "What did the log say?"), CY)
    m.do(c.AddItem("question", "Was it the first time?"), DEE)
    m.do(c.AddItem("question", "A draft"), DEE)
    m.do(c.EditItem("i2", text="Who was on call, and where?"), BO)
    m.do(c.DeleteItem("i5"), DEE)
    m.do(c.MarkDone(), BO)
    m.do(c.MarkDone(), CY)
    m.do(c.MarkDone(False), CY)
    m.do(c.RevealItems("p3"))
    m.do(c.RevealItems())

    # r4 information round: turns go round, with a timed turn, a pass, a skip
    m.do(c.NextRound())
    m.do(c.StartTurns())
    m.wait(100)  # TurnTimeUp
    m.do(c.EndFloor(), m.speaker(), advance=5)
    m.do(c.PassTurn(), m.speaker())
    m.do(c.SkipTurn())
    m.do(c.EndFloor())  # the facilitator ends the last turn: TurnsCompleted
    m.do(c.StartTimer(120))
    m.do(c.PauseTimer(), advance=30.5)
    m.do(c.ExtendTimer(60))  # paused: remaining grows
    m.do(c.ResumeTimer())
    m.do(c.ExtendTimer(60))  # running: ends_at moves
    m.wait(500)  # TimeUp (and the time box)
    m.do(c.ExtendTimer(60))  # after time is up: runs again
    m.do(c.ResetTimer())

    # r5 analyse: the owner listens; back, then jump ahead
    m.do(c.NextRound())
    assert m.refused(c.RaiseHand(), ANN) == "not_now"
    m.do(c.RaiseHand(), DEE)
    m.do(c.PreviousRound())  # r4 again: turns are gone, the hand with them
    m.do(c.JumpToRound("r6"))  # write advice

    # r6 write advice, revealed person by person
    m.do(c.AddItem("option", "Call the family first"), BO)
    m.do(c.AddItem("option", "Write it down at once"), CY)
    m.do(c.EditItem("i7", kind="option", text="Write it all down at once"), CY)
    m.do(c.RevealItems("p4"))
    m.do(c.RevealItems("p3"))

    # r7 share advice: shuffled turns, the owner listening gets none
    m.do(c.NextRound())
    m.do(c.StartTurns(shuffle=True, seed=42))
    assert "p2" not in m.state.turns.order
    while m.state.turns and not m.state.turns.complete:
        m.do(c.EndFloor(), m.speaker(), advance=11)

    # r10 evaluation: the owner takes a turn too
    m.do(c.JumpToRound("r10"))
    m.do(c.StartTurns())
    assert "p2" in m.state.turns.order
    m.do(c.MarkOffline("p5"), SYSTEM)
    m.do(c.MarkOnline("p5"), SYSTEM)
    m.do(c.PassTurn(), m.speaker())
    m.do(c.AddItem("lesson", "Start the log earlier"), FAC)

    # lessons and actions: drawn from items and written directly, confirmed, changed, confirmed again
    m.do(c.AddOutcome("lesson", "Start the log earlier", item="i8"), FAC)
    m.do(c.AddOutcome("action", "Write the checklist", owner="Ann 🙂", due="2030-01-31", item="i1"), ANN)
    m.do(c.AddOutcome("action", "Ask the night nurses"))
    m.do(c.EditOutcome("o2", status="doing", note="drafted"), ANN)
    m.do(c.ConfirmOutcomes(), ANN)
    m.do(c.EditOutcome("o3", owner="Bo", due="2030-02-01", text="Ask the night nurses twice"))
    m.do(c.RemoveOutcome("o1"))
    m.do(c.ConfirmOutcomes(), ANN)

    # the close ends the turn and the timer; a closed room refuses, reopens, closes again
    m.do(c.StartTimer(60))
    m.do(c.CloseMeeting(), advance=4)
    assert m.refused(c.AddItem("note", "too late"), BO) == "wrong_state"
    m.do(c.ReopenMeeting(), advance=30)
    m.do(c.GiveFloor("p4"))
    m.do(c.CloseMeeting(), advance=9)
    m.do(c.MarkOffline("p3"), SYSTEM)
    return m


def follow_up_meeting() -> Meeting:
    """A follow-up of the scripted meeting: the brief, lessons and open actions carried into
    an accountability round where the case owner says what was done with them."""
    earlier = scripted_meeting().state
    m = Meeting()
    m.do(follow_up(earlier, "r-earlier", "Fay"), SYSTEM)
    for name in ("Ann 🙂", "Bo"):
        m.do(c.Join(name), SYSTEM)
    m.do(c.SetDuty("p2", "case_owner", True))
    m.do(c.NextRound())  # the incident method has no opening: accountability comes first
    assert m.state.round.kind == "accountability"
    m.do(c.EditOutcome("o1", status="done", note="the checklist is on the ward"), ANN)
    m.do(c.EditOutcome("o2", status="dropped", note="nobody to ask"))
    m.do(c.AddOutcome("lesson", "Checklists need an owner"), ANN)
    return m


def test_scripted_meeting_covers_every_event_type() -> None:
    meeting = scripted_meeting()
    assert {event["type"] for event in meeting.events} == set(EVENT_TYPES)
    assert meeting.refusals == ["not_now", "not_now", "wrong_state"]


@pytest.mark.parametrize("viewer", sorted(VIEWERS))
def test_reducer_matches_domain_in_a_follow_up(viewer: str, tmp_path: Path) -> None:
    meeting = follow_up_meeting()
    first = meeting.events[0]
    assert first["follows"] == "r-earlier" and first["brief"]["problem"] == "Handovers lose <facts>"
    assert [(row["id"], row["text"]) for row in first["carried"]] == [
        ("o1", "Write the checklist"), ("o2", "Ask the night nurses twice")]
    check(meeting.events, meeting.states, Room(), viewer, tmp_path)


@pytest.mark.parametrize("viewer", sorted(VIEWERS))
def test_reducer_matches_domain_from_an_empty_room(viewer: str, tmp_path: Path) -> None:
    meeting = scripted_meeting()
    check(meeting.events, meeting.states, Room(), viewer, tmp_path)


@pytest.mark.parametrize("viewer", sorted(VIEWERS))
def test_reducer_matches_domain_from_a_mid_meeting_snapshot(viewer: str, tmp_path: Path) -> None:
    """A late joiner gets a snapshot (hidden text already blanked), then folds what follows."""
    full = scripted_meeting()
    for cut in (len(full.events) // 3, len(full.events) // 2):
        events = [{**e, "seq": i + 1} for i, e in enumerate(full.events[cut:])]
        check(events, full.states[cut:], full.states[cut - 1], viewer, tmp_path)


def random_meeting(seed: int, steps: int = 500) -> Meeting:
    """Many people doing many things in a random order; refused commands change nothing."""
    rng = random.Random(seed)
    m = Meeting()
    m.do(c.CreateRoom(f"Random meeting {seed}", "Fac", rng.choice(["incident", "peer_assist", "balint", "gossip"])), SYSTEM)
    people = [FAC]
    kinds = ["note", "question", "option", "lesson", "action"]
    duties = ["case_owner", "scribe", "timekeeper", "facilitator", "peer"]
    for _ in range(steps):
        me = rng.choice(people)
        items = list(m.state.items) or ["i1"]
        ids = [p.id for p in m.state.people.values()] + ["p99"]
        rounds = [r.id for r in m.state.agenda] + ["r99"]
        outcomes = list(m.state.outcomes) + ["o99"]
        candidates = [
            (SYSTEM, c.Join(f"Person {len(people)}")),
            (FAC, c.AddGuest(f"Guest {len(people)}")),
            (SYSTEM, c.MarkOnline(rng.choice(ids))),
            (SYSTEM, c.MarkOffline(rng.choice(ids))),
            (me, c.Rename(rng.choice(["A", "B", "Zoë", "  x  "]))),
            (FAC, c.SetDuty(rng.choice(ids), rng.choice(duties), rng.random() < 0.6)),
            (FAC, c.NextRound()), (FAC, c.NextRound()),
            (FAC, c.PreviousRound()),
            (FAC, c.JumpToRound(rng.choice(rounds))),
            (FAC, c.SkipRound(rng.choice(rounds), rng.random() < 0.7)),
            (me, c.ExtendRound(rng.choice([1, 5]))),
            (FAC, c.AddRound(rng.choice(["tell", "write_advice", "evaluation", "nope"]), rng.choice([None, 0, 3]))),
            (FAC, c.RemoveRound(rng.choice(rounds))),
            (FAC, c.MoveRound(rng.choice(rounds), rng.randrange(0, 12))),
            (FAC, c.SetTimeBox(rng.choice(rounds), rng.choice([1, 2.5, 10]))),
            (me, c.MarkDone(rng.random() < 0.7)),
            (me, c.AddItem(rng.choice(kinds), f"text {rng.random():.3f}")),
            (me, c.AddItem(rng.choice(kinds), f"text {rng.random():.3f}")),
            (me, c.EditItem(rng.choice(items), text=rng.choice([None, "edited"]), kind=rng.choice([None, *kinds]))),
            (me, c.DeleteItem(rng.choice(items))),
            (FAC, c.RevealItems(rng.choice([None, *ids]))),
            (me, c.RaiseHand(direct=rng.random() < 0.3)),
            (FAC, c.RaiseHand(person=rng.choice(ids))),
            (me, c.LowerHand(rng.choice([None, *ids]))),
            (FAC, c.LowerAllHands()),
            (FAC, c.SetProgressive(rng.random() < 0.5)),
            (FAC, c.GiveFloor(rng.choice([None, *ids]))),
            (me, c.EndFloor()),
            (FAC, c.StartTurns(shuffle=rng.random() < 0.5, seed=rng.randrange(1, 1000))),
            (me, c.PassTurn()),
            (FAC, c.SkipTurn()),
            (FAC, c.StartTimer(rng.choice([1, 30, 90.5]))),
            (FAC, c.PauseTimer()),
            (FAC, c.ResumeTimer()),
            (FAC, c.ExtendTimer(rng.choice([1, 60]))),
            (FAC, c.ResetTimer()),
            (FAC, c.UpdateBrief(problem=f"p {rng.random():.2f}", starts_at=rng.choice([None, 0, T0 + 99]))),
            (FAC, c.PlanRole(rng.choice(["Person 3", "person  4", "Zoë"]), rng.choice(duties), rng.random() < 0.7)),
            (me, c.AddOutcome(rng.choice(["lesson", "action"]), f"o {rng.random():.3f}", owner="A", due="2031-05-06",
                              item=rng.choice([None, *items]))),
            (me, c.EditOutcome(rng.choice(outcomes), text=rng.choice([None, "changed"]),
                               status=rng.choice([None, "open", "doing", "done", "dropped"]), note=rng.choice([None, "n"]))),
            (me, c.RemoveOutcome(rng.choice(outcomes))),
            (me, c.ConfirmOutcomes()),
            (FAC, c.CloseMeeting()) if rng.random() < 0.3 else (FAC, c.ReopenMeeting()),
            (FAC, c.ReopenMeeting()),
        ]
        actor, command = rng.choice(candidates)
        if m.state.floor and rng.random() < 0.2:
            actor, command = Actor(Role.PARTICIPANT, m.state.floor.person), rng.choice([c.PassTurn(), c.EndFloor()])
        try:
            events = m.do(command, actor, advance=rng.choice([0.0, 0.5, 3.0, 45.0, 200.0]))
        except DomainError:
            continue
        for event in events:
            if type(event).__name__ == "PersonJoined" and not event.guest:
                people.append(Actor(Role.PARTICIPANT, event.person))
        m.wait(0)  # let TimeUp, TurnTimeUp and TimeBoxOver happen when due
    return m


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reducer_matches_domain_on_random_meetings(seed: int, tmp_path: Path) -> None:
    meeting = random_meeting(seed)
    assert len(meeting.events) > 150
    for viewer in VIEWERS:
        check(meeting.events, meeting.states, Room(), viewer, tmp_path)
