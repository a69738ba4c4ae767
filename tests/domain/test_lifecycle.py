"""A room exists once the server creates it; before that it accepts nothing else."""

import pytest

from protocol.codes import ErrorCode
from server.domain import DomainError, decide
from server.domain import commands as c
from server.domain import events as e
from server.domain.state import SYSTEM, Room
from tests.domain.rooms import ANN, FACILITATOR, T0, room

#: every command but CreateRoom, each with an actor whose role may send it
BEFORE_CREATION = [
    (c.Join("Ann"), SYSTEM),
    (c.MarkOnline("p1"), SYSTEM),
    (c.MarkOffline("p1"), SYSTEM),
    (c.Rename("Fay"), FACILITATOR),
    (c.AdvancePhase(), FACILITATOR),
    (c.StepBackPhase(), FACILITATOR),
    (c.AddItem("note", "early"), ANN),
    (c.EditItem("i1", text="x"), ANN),
    (c.DeleteItem("i1"), ANN),
    (c.RaiseHand(), ANN),
    (c.LowerHand(), ANN),
    (c.LowerAllHands(), FACILITATOR),
    (c.GiveFloor("p1"), FACILITATOR),
    (c.EndFloor(), FACILITATOR),
    (c.StartTimer(60.0), FACILITATOR),
    (c.PauseTimer(), FACILITATOR),
    (c.ResumeTimer(), FACILITATOR),
    (c.ExtendTimer(60.0), FACILITATOR),
    (c.ResetTimer(), FACILITATOR),
]


def test_the_list_covers_every_command_but_create_room():
    import typing

    assert {type(cmd) for cmd, _ in BEFORE_CREATION} == set(typing.get_args(c.Command)) - {c.CreateRoom}


@pytest.mark.parametrize(("command", "actor"), BEFORE_CREATION, ids=lambda x: type(x).__name__)
def test_commands_before_create_room_are_refused(command, actor):
    with pytest.raises(DomainError) as refused:
        decide(Room(), command, actor, T0)
    assert refused.value.code is ErrorCode.WRONG_STATE


def test_create_room_names_the_facilitator_p1_and_stamps_the_time():
    assert decide(Room(), c.CreateRoom("Retro", "Fay"), SYSTEM, T0) == [e.RoomCreated("Retro", "p1", "Fay", T0)]


def test_a_created_room_has_its_title_and_creation_time():
    state = room(0, title="Retro")
    assert (state.title, state.created_at, state.created) == ("Retro", T0, True)
    assert not Room().created


def test_creating_a_room_twice_changes_nothing():
    assert decide(room(), c.CreateRoom("Again"), SYSTEM, T0 + 1) == []
