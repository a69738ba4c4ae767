"""A room exists once the server creates it; before that it accepts nothing else."""

import pytest

from protocol.codes import ErrorCode
from server.domain import DomainError, decide
from server.domain import commands as c
from server.domain import events as e
from server.domain.state import SYSTEM, Room
from tests.domain.rooms import FACILITATOR, T0, room

#: every command but CreateRoom, each with an actor whose duties may send it
BEFORE_CREATION = [
    (c.Join("Ann"), SYSTEM),
    (c.MarkOnline("p1"), SYSTEM),
    (c.MarkOffline("p1"), SYSTEM),
    (c.Rename("Fay"), FACILITATOR),
    (c.AddGuest("Gus"), FACILITATOR),
    (c.SetDuty("p1", "peer", True), FACILITATOR),
    (c.NextRound(), FACILITATOR),
    (c.PreviousRound(), FACILITATOR),
    (c.JumpToRound("r1"), FACILITATOR),
    (c.SkipRound("r1"), FACILITATOR),
    (c.ExtendRound(5), FACILITATOR),
    (c.AddRound("ask"), FACILITATOR),
    (c.RemoveRound("r1"), FACILITATOR),
    (c.MoveRound("r1", 2), FACILITATOR),
    (c.SetTimeBox("r1", 5), FACILITATOR),
    (c.MarkDone(), FACILITATOR),
    (c.AddItem("note", "early"), FACILITATOR),
    (c.EditItem("i1", text="x"), FACILITATOR),
    (c.DeleteItem("i1"), FACILITATOR),
    (c.RevealItems(), FACILITATOR),
    (c.RaiseHand(), FACILITATOR),
    (c.LowerHand(), FACILITATOR),
    (c.LowerAllHands(), FACILITATOR),
    (c.SetProgressive(True), FACILITATOR),
    (c.GiveFloor("p1"), FACILITATOR),
    (c.EndFloor(), FACILITATOR),
    (c.StartTurns(), FACILITATOR),
    (c.PassTurn(), FACILITATOR),
    (c.SkipTurn(), FACILITATOR),
    (c.StartTimer(60.0), FACILITATOR),
    (c.PauseTimer(), FACILITATOR),
    (c.ResumeTimer(), FACILITATOR),
    (c.ExtendTimer(60.0), FACILITATOR),
    (c.ResetTimer(), FACILITATOR),
    (c.UpdateBrief(problem="Why?"), FACILITATOR),
    (c.PlanRole("Ann", "case_owner", True), FACILITATOR),
    (c.AddOutcome("lesson", "Ask early"), FACILITATOR),
    (c.EditOutcome("o1", text="x"), FACILITATOR),
    (c.RemoveOutcome("o1"), FACILITATOR),
    (c.ConfirmOutcomes(), FACILITATOR),
    (c.CloseMeeting(), FACILITATOR),
    (c.ReopenMeeting(), FACILITATOR),
]


def test_the_list_covers_every_command_but_create_room():
    every = set(c.WIRE_COMMANDS.values()) | set(c.SERVER_COMMANDS)
    assert {type(cmd) for cmd, _ in BEFORE_CREATION} == every - {c.CreateRoom}


@pytest.mark.parametrize(("command", "actor"), BEFORE_CREATION, ids=lambda x: type(x).__name__)
def test_commands_before_create_room_are_refused(command, actor):
    with pytest.raises(DomainError) as refused:
        decide(Room(), command, actor, T0)
    assert refused.value.code is ErrorCode.WRONG_STATE


def test_create_room_names_the_facilitator_p1_lays_out_the_methods_agenda_and_stamps_the_time():
    assert decide(Room(), c.CreateRoom("Retro", "Fay", "five_step"), SYSTEM, T0) == [
        e.RoomCreated("Retro", "p1", "Fay", "five_step", [
            {"id": "r1", "kind": "tell", "minutes": 5, "skipped": False},
            {"id": "r2", "kind": "ask", "minutes": 15, "skipped": False},
            {"id": "r3", "kind": "core", "minutes": 10, "skipped": False},
            {"id": "r4", "kind": "advice", "minutes": 15, "skipped": False},
            {"id": "r5", "kind": "evaluation", "minutes": 5, "skipped": False},
        ], T0)
    ]


def test_the_default_method_is_peer_assist():
    assert decide(Room(), c.CreateRoom("Retro"), SYSTEM, T0)[0].method == "peer_assist"


def test_an_unknown_method_is_refused():
    with pytest.raises(DomainError) as refused:
        decide(Room(), c.CreateRoom("Retro", "Fay", "fishbowl"), SYSTEM, T0)
    assert refused.value.code is ErrorCode.NOT_FOUND


def test_the_facilitator_has_the_facilitator_duty_and_nothing_runs_yet():
    state = room(0)
    assert state.people["p1"].duties == {"facilitator"}
    assert (state.current, state.floor, state.turns, state.queue) == (None, None, None, ())


def test_a_created_room_has_its_title_and_creation_time():
    state = room(0, title="Retro")
    assert (state.title, state.created_at, state.created) == ("Retro", T0, True)
    assert not Room().created


def test_creating_a_room_twice_changes_nothing():
    assert decide(room(), c.CreateRoom("Again"), SYSTEM, T0 + 1) == []
