"""Who may send which command: every command class against every role.

The expectations are written out here, from the SPEC's command table, and never read
back from rules.ALLOWED: a change to the permission table has to change this one too.
"""

import typing

import pytest

from protocol.codes import ErrorCode
from server.domain import DomainError, decide
from server.domain import commands as c
from server.domain.rules import ALLOWED
from server.domain.state import SYSTEM, Role, Timer, TimerStatus
from tests.domain.rooms import ANN, BOB, DISPLAY, FACILITATOR, T0, do, room

F, P, D, S = "facilitator", "participant", "display", "system"

#: command -> the roles that may send it (SPEC.md "Commands"; the server's own commands: system)
WHO_MAY: dict[type, set[str]] = {
    c.CreateRoom: {S},
    c.Join: {S},
    c.MarkOnline: {S},
    c.MarkOffline: {S},
    c.Rename: {F, P},
    c.AdvancePhase: {F},
    c.StepBackPhase: {F},
    c.AddItem: {F, P},
    c.EditItem: {F, P},
    c.DeleteItem: {F, P},
    c.RaiseHand: {F, P},
    c.LowerHand: {F, P},
    c.LowerAllHands: {F},
    c.GiveFloor: {F},
    c.EndFloor: {F, P},
    c.StartTimer: {F},
    c.PauseTimer: {F},
    c.ResumeTimer: {F},
    c.ExtendTimer: {F},
    c.ResetTimer: {F},
}

#: one well-aimed instance of each command, valid in the room `_busy_room` builds
SAMPLE: dict[type, object] = {
    c.CreateRoom: c.CreateRoom("Again"),
    c.Join: c.Join("Dan"),
    c.MarkOnline: c.MarkOnline("p2"),
    c.MarkOffline: c.MarkOffline("p3"),
    c.Rename: c.Rename("A new name"),
    c.AdvancePhase: c.AdvancePhase(),
    c.StepBackPhase: c.StepBackPhase(),
    c.AddItem: c.AddItem("note", "An idea"),
    c.EditItem: c.EditItem("i1", text="A better idea"),
    c.DeleteItem: c.DeleteItem("i1"),
    c.RaiseHand: c.RaiseHand(),
    c.LowerHand: c.LowerHand(),
    c.LowerAllHands: c.LowerAllHands(),
    c.GiveFloor: c.GiveFloor(),
    c.EndFloor: c.EndFloor(),
    c.StartTimer: c.StartTimer(60),
    c.PauseTimer: c.PauseTimer(),
    c.ResumeTimer: c.ResumeTimer(),
    c.ExtendTimer: c.ExtendTimer(30),
    c.ResetTimer: c.ResetTimer(),
}

ACTORS = {F: FACILITATOR, P: ANN, D: DISPLAY, S: SYSTEM}


def _busy_room():
    """Ann (p2) wrote i1 and holds the floor, Bob (p3) is online with his hand up,
    the phase is `tell` and the timer runs: every sample command has something to act on."""
    state = room(3)
    state = do(state, c.AdvancePhase())
    state = do(state, c.AddItem("note", "First idea"), ANN)
    state = do(state, c.MarkOnline("p3"), SYSTEM)
    state = do(state, c.RaiseHand(), BOB)
    state = do(state, c.RaiseHand(), ANN)
    state = do(state, c.GiveFloor("p2"))
    return do(state, c.StartTimer(300))


def test_the_tables_name_every_command():
    every_command = set(typing.get_args(c.Command))
    assert set(WHO_MAY) == every_command
    assert set(SAMPLE) == every_command
    assert set(ALLOWED) == every_command


def test_a_display_appears_in_no_row():
    assert all(D not in roles for roles in WHO_MAY.values())


MATRIX = [(cls, role) for cls in WHO_MAY for role in (F, P, D, S)]


@pytest.mark.parametrize(("cls", "role"), MATRIX, ids=[f"{cls.__name__}-{role}" for cls, role in MATRIX])
def test_each_role_may_send_exactly_the_commands_of_its_row(cls, role):
    state = _busy_room()
    if role in WHO_MAY[cls]:
        events = decide(state, SAMPLE[cls], ACTORS[role], T0 + 1)
        assert isinstance(events, list)
    else:
        with pytest.raises(DomainError) as refused:
            decide(state, SAMPLE[cls], ACTORS[role], T0 + 1)
        assert refused.value.code is ErrorCode.FORBIDDEN


@pytest.mark.parametrize("cls", list(WHO_MAY), ids=lambda cls: cls.__name__)
def test_the_permission_table_matches_the_spec(cls):
    assert {str(role) for role in ALLOWED[cls]} == WHO_MAY[cls]


def test_a_participant_cannot_advance_the_phase():
    with pytest.raises(DomainError) as refused:
        decide(room(), c.AdvancePhase(), ANN, T0)
    assert refused.value.code is ErrorCode.FORBIDDEN


@pytest.mark.parametrize(
    "command",
    [c.StartTimer(60), c.GiveFloor(), c.LowerAllHands(), c.StepBackPhase(), c.ResetTimer()],
    ids=lambda cmd: type(cmd).__name__,
)
def test_a_participant_cannot_steer_the_meeting(command):
    with pytest.raises(DomainError) as refused:
        decide(_busy_room(), command, BOB, T0)
    assert refused.value.code is ErrorCode.FORBIDDEN


@pytest.mark.parametrize("cls", list(SAMPLE), ids=lambda cls: cls.__name__)
def test_a_display_changes_nothing_whatever_it_sends(cls):
    with pytest.raises(DomainError) as refused:
        decide(_busy_room(), SAMPLE[cls], DISPLAY, T0)
    assert refused.value.code is ErrorCode.FORBIDDEN


def test_the_sample_commands_do_change_the_busy_room_for_the_roles_allowed():
    """The matrix above is only meaningful if its samples are not all no-ops."""
    state = _busy_room()
    assert state.timer.status is TimerStatus.RUNNING and state.timer != Timer()
    for cls, roles in WHO_MAY.items():
        if cls in (c.CreateRoom, c.RaiseHand, c.LowerHand, c.ResumeTimer):
            continue  # no-ops here by design: the room exists, Ann holds the floor, the timer runs
        role = F if F in roles else next(iter(roles))
        assert decide(state, SAMPLE[cls], ACTORS[role], T0 + 1), cls.__name__
    assert Role.DISPLAY not in {role for roles in ALLOWED.values() for role in roles}
