"""Who may send which command: every command class against every duty.

The expectations are written out here, from the SPEC's command table, and never read
back from rules.ALLOWED: a change to the permission table has to change this one too.
Each actor below holds exactly one duty (the display none; the system is the server).
"""

import functools

import pytest

from protocol.codes import ErrorCode
from server.domain import DomainError, decide
from server.domain import commands as c
from server.domain.rules import ALLOWED
from server.domain.state import SYSTEM, Actor, Role
from tests.domain.rooms import (
    ANN, BOB, CAT, DISPLAY, FACILITATOR, SAM, T0, TIM, assign, at_round, do, meeting, offline, refusal, room,
)

F, O, P, S, T, D, SYS = "facilitator", "case_owner", "peer", "scribe", "timekeeper", "display", "system"
EVERYONE = {F, O, P, S, T}

#: command -> the duties that may send it (SPEC.md "Commands"; the server's own commands: system)
WHO_MAY: dict[type, set[str]] = {
    c.CreateRoom: {SYS},
    c.Join: {SYS},
    c.MarkOnline: {SYS},
    c.MarkOffline: {SYS},
    c.Rename: EVERYONE,
    c.AddGuest: {F, S},
    c.SetDuty: {F},
    c.NextRound: {F},
    c.PreviousRound: {F},
    c.JumpToRound: {F},
    c.SkipRound: {F},
    c.ExtendRound: {F, T},
    c.AddRound: {F},
    c.RemoveRound: {F},
    c.MoveRound: {F},
    c.SetTimeBox: {F, T},
    c.MarkDone: EVERYONE,
    c.AddItem: EVERYONE,
    c.EditItem: EVERYONE,
    c.DeleteItem: EVERYONE,
    c.RevealItems: {F},
    c.RaiseHand: EVERYONE,
    c.LowerHand: EVERYONE,
    c.LowerAllHands: {F},
    c.SetProgressive: {F},
    c.GiveFloor: {F},
    c.EndFloor: EVERYONE,
    c.StartTurns: {F},
    c.PassTurn: EVERYONE,
    c.SkipTurn: {F},
    c.StartTimer: {F, T},
    c.PauseTimer: {F, T},
    c.ResumeTimer: {F, T},
    c.ExtendTimer: {F, T},
    c.ResetTimer: {F, T},
    c.UpdateBrief: {F},
    c.PlanRole: {F},
    c.AddOutcome: {F, O, S},
    c.EditOutcome: {F, O, S},
    c.RemoveOutcome: {F, O, S},
    c.ConfirmOutcomes: {F, O},
    c.CloseMeeting: {F},
    c.ReopenMeeting: {F},
}

#: allowed by the table, refused by the handler for this room: a facilitator confirms only
#: when the meeting has no case owner (tests/domain/test_outcomes.py), and Ann is one here
REFUSED_BY_THE_HANDLER = {(c.ConfirmOutcomes, F)}

#: one well-aimed instance of each command, meant for the room `_busy_room` builds
SAMPLE: dict[type, object] = {
    c.CreateRoom: c.CreateRoom("Again"),
    c.Join: c.Join("Zed"),
    c.MarkOnline: c.MarkOnline("p6"),
    c.MarkOffline: c.MarkOffline("p3"),
    c.Rename: c.Rename("A new name"),
    c.AddGuest: c.AddGuest("Gus"),
    c.SetDuty: c.SetDuty("p4", "scribe", True),
    c.NextRound: c.NextRound(),
    c.PreviousRound: c.PreviousRound(),
    c.JumpToRound: c.JumpToRound("r1"),
    c.SkipRound: c.SkipRound("r7"),
    c.ExtendRound: c.ExtendRound(5),
    c.AddRound: c.AddRound("clarify"),
    c.RemoveRound: c.RemoveRound("r7"),
    c.MoveRound: c.MoveRound("r7", 0),
    c.SetTimeBox: c.SetTimeBox("r6", 3),
    c.MarkDone: c.MarkDone(),
    c.AddItem: c.AddItem("note", "An idea"),
    c.EditItem: c.EditItem("i1", text="A better idea"),
    c.DeleteItem: c.DeleteItem("i1"),
    c.RevealItems: c.RevealItems(),
    c.RaiseHand: c.RaiseHand(),
    c.LowerHand: c.LowerHand(),
    c.LowerAllHands: c.LowerAllHands(),
    c.SetProgressive: c.SetProgressive(True),
    c.GiveFloor: c.GiveFloor(),
    c.EndFloor: c.EndFloor(),
    c.StartTurns: c.StartTurns(),
    c.PassTurn: c.PassTurn(),
    c.SkipTurn: c.SkipTurn(),
    c.StartTimer: c.StartTimer(60),
    c.PauseTimer: c.PauseTimer(),
    c.ResumeTimer: c.ResumeTimer(),
    c.ExtendTimer: c.ExtendTimer(30),
    c.ResetTimer: c.ResetTimer(),
    c.UpdateBrief: c.UpdateBrief(problem="Why do new hires leave?"),
    c.PlanRole: c.PlanRole("Zed", "scribe", True),
    c.AddOutcome: c.AddOutcome("action", "Pilot a buddy scheme", owner="Ann", due="2027-01-31"),
    c.EditOutcome: c.EditOutcome("o1", text="Ask in the first week"),
    c.RemoveOutcome: c.RemoveOutcome("o1"),
    c.ConfirmOutcomes: c.ConfirmOutcomes(),
    c.CloseMeeting: c.CloseMeeting(),
    c.ReopenMeeting: c.ReopenMeeting(),
}

#: one actor per duty, each holding that duty only
ACTORS = {F: FACILITATOR, O: ANN, P: BOB, S: SAM, T: TIM, D: DISPLAY, SYS: SYSTEM}


@functools.cache
def _busy_room(speaker: str):
    """Peer Assist at `ask` (hands welcome): Bob wrote i1 and something was written in
    the private `write_advice` round added as r8; Cat's hand is up; `speaker` holds the
    floor; the timer runs; a lesson o1 is written: every sample command has something to act on."""
    state = meeting(helpers=True)
    state = do(state, c.AddRound("write_advice"))  # r8
    state = at_round(state, "write_advice")
    state = do(state, c.AddItem("option", "A private thought"), BOB)
    state = at_round(state, "ask")
    state = do(state, c.AddItem("note", "First idea"), BOB)
    state = do(state, c.RaiseHand(), CAT)
    state = do(state, c.GiveFloor(speaker))
    state = do(state, c.StartTimer(300))
    state = do(state, c.AddOutcome("lesson", "Ask early"))
    state = offline(state, "p6")
    assert [(i.id, i.hidden) for i in state.items.values()] == [("i1", True), ("i2", False)]
    return state


def _room_for(actor: Actor):
    return _busy_room(actor.person if actor.person else "p3")


def test_the_tables_name_every_command():
    every_command = set(c.WIRE_COMMANDS.values()) | set(c.SERVER_COMMANDS)
    assert set(WHO_MAY) == every_command
    assert set(SAMPLE) == every_command
    assert set(ALLOWED) == every_command


def test_a_display_appears_in_no_row():
    assert all(D not in duties for duties in WHO_MAY.values())


MATRIX = [(cls, who) for cls in WHO_MAY for who in ACTORS]


@pytest.mark.parametrize(("cls", "who"), MATRIX, ids=[f"{cls.__name__}-{who}" for cls, who in MATRIX])
def test_each_duty_may_send_exactly_the_commands_of_its_row(cls, who):
    """Allowed: the command passes the gate (it may still meet the round's or the object's
    rules, but never as `forbidden`). Not allowed: `forbidden`. The server itself acts with
    a facilitator's rights besides its own commands."""
    allowed = WHO_MAY[cls] | ({SYS} if F in WHO_MAY[cls] else set())
    if (cls, who) in REFUSED_BY_THE_HANDLER or (cls, F) in REFUSED_BY_THE_HANDLER and who == SYS:
        allowed -= {who}
    actor = ACTORS[who]
    try:
        decide(_room_for(actor), SAMPLE[cls], actor, T0 + 1)
    except DomainError as refused:
        assert (refused.code is ErrorCode.FORBIDDEN) is (who not in allowed), refused.code
    else:
        assert who in allowed


@pytest.mark.parametrize("cls", list(WHO_MAY), ids=lambda cls: cls.__name__)
def test_the_permission_table_matches_the_spec(cls):
    assert {str(duty) for duty in ALLOWED[cls]} == WHO_MAY[cls]


def test_the_sample_commands_do_change_the_busy_room_for_the_duties_allowed():
    """The matrix above is only meaningful if its samples are not all no-ops."""
    no_ops = {c.CreateRoom, c.ResumeTimer, c.StartTurns, c.PassTurn, c.SkipTurn, c.LowerHand, c.RaiseHand,
              c.EndFloor, c.EditItem, c.DeleteItem, c.Rename, c.ReopenMeeting, c.ConfirmOutcomes}
    for cls, duties in WHO_MAY.items():
        if cls in no_ops:
            continue
        who = F if F in duties else sorted(duties)[0]
        actor = ACTORS[who]
        assert decide(_room_for(actor), SAMPLE[cls], actor, T0 + 1), cls.__name__
    # and the ones that need the right person: the speaker ends the floor, Bob changes his item
    assert decide(_busy_room("p3"), c.EndFloor(), BOB, T0 + 1)
    assert decide(_busy_room("p3"), c.EditItem("i2", text="x"), BOB, T0 + 1)
    assert decide(_busy_room("p3"), c.DeleteItem("i2"), BOB, T0 + 1)
    assert decide(_busy_room("p3"), c.Rename("Bobby"), BOB, T0 + 1)
    assert decide(_busy_room("p3"), c.RaiseHand(), ANN, T0 + 1)
    assert decide(_busy_room("p3"), c.ConfirmOutcomes(), ANN, T0 + 1)
    closed = do(_busy_room("p3"), c.CloseMeeting())
    assert decide(closed, c.ReopenMeeting(), FACILITATOR, T0 + 1)


@pytest.mark.parametrize("cls", list(SAMPLE), ids=lambda cls: cls.__name__)
def test_a_display_changes_nothing_whatever_it_sends(cls):
    assert refusal(_busy_room("p3"), SAMPLE[cls], DISPLAY) is ErrorCode.FORBIDDEN


@pytest.mark.parametrize(
    "command",
    [c.NextRound(), c.JumpToRound("r1"), c.GiveFloor("p4"), c.LowerAllHands(), c.RevealItems(), c.StartTimer(60),
     c.SetDuty("p3", "facilitator", True)],
    ids=lambda cmd: type(cmd).__name__,
)
def test_a_scribe_writes_but_cannot_steer(command):
    assert refusal(_busy_room("p3"), command, SAM) is ErrorCode.FORBIDDEN


def test_a_scribe_writes_for_anyone_and_changes_anyones_public_item():
    state = _busy_room("p3")
    assert decide(state, c.AddItem("lesson", "Noted for Cat", author="p4"), SAM, T0)[0].author == "p4"
    assert decide(state, c.EditItem("i2", text="Rephrased"), SAM, T0)


def test_a_peer_cannot_write_for_someone_else():
    assert refusal(_busy_room("p3"), c.AddItem("note", "x", author="p4"), BOB) is ErrorCode.FORBIDDEN


@pytest.mark.parametrize(
    "command", [c.StartTimer(60), c.PauseTimer(), c.ExtendTimer(30), c.ResetTimer(), c.ExtendRound(5)],
    ids=lambda cmd: type(cmd).__name__,
)
def test_a_timekeeper_runs_the_clock(command):
    assert decide(_busy_room("p3"), command, TIM, T0 + 1)


def test_a_facilitator_link_steers_even_without_the_facilitator_duty():
    state = assign(room(1), "p1", "peer", only=True)
    assert state.people["p1"].duties == {"peer"}
    assert decide(state, c.NextRound(), FACILITATOR, T0)


def test_a_participant_given_the_facilitator_duty_steers_and_loses_it_again():
    state = do(room(2), c.SetDuty("p3", "facilitator", True))
    assert decide(state, c.NextRound(), BOB, T0)
    state = do(state, c.SetDuty("p3", "facilitator", False))
    assert refusal(state, c.NextRound(), BOB) is ErrorCode.FORBIDDEN


def test_someone_with_no_duty_left_may_send_nothing():
    state = assign(room(2), BOB, "peer")
    state = do(state, c.SetDuty("p3", "peer", False))
    assert state.people["p3"].duties == frozenset()
    assert refusal(state, c.RaiseHand(), BOB) is ErrorCode.FORBIDDEN
    assert refusal(state, c.AddItem("note", "x"), BOB) is ErrorCode.FORBIDDEN


def test_an_unknown_duty_is_refused():
    assert refusal(room(2), c.SetDuty("p3", "chair", True)) is ErrorCode.NOT_FOUND
    assert refusal(room(2), c.SetDuty("p3", "system", True)) is ErrorCode.NOT_FOUND


def test_a_stranger_has_no_duty():
    assert refusal(room(2), c.RaiseHand(), Actor(Role.PARTICIPANT, "p99")) is ErrorCode.FORBIDDEN
