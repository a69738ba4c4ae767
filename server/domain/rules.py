"""Who may do what: one table of commands by duty, and the limits of a room.

A token gives a role (facilitator link, participant, display); inside the meeting a
person has duties (case owner, peer, scribe, timekeeper, facilitator). A command is
allowed when any of the sender's duties appears in its row; the current round's rules
(methods.py) are checked after that, by the command's handler.
"""

from server.domain import commands as c
from server.domain.state import Actor, Duty, Role, Room

F, O, P, S, T = Duty.FACILITATOR, Duty.CASE_OWNER, Duty.PEER, Duty.SCRIBE, Duty.TIMEKEEPER
SYSTEM_DUTY = "system"
EVERYONE = frozenset({F, O, P, S, T})

MAX_PEOPLE = 200
MAX_ITEMS = 2000
MAX_ROUNDS = 30
MAX_ROUND_MINUTES = 240
MAX_ROSTER = 50
MAX_OUTCOMES = 300

ALLOWED: dict[type, frozenset[str]] = {
    c.CreateRoom: frozenset({SYSTEM_DUTY}),
    c.Join: frozenset({SYSTEM_DUTY}),
    c.MarkOnline: frozenset({SYSTEM_DUTY}),
    c.MarkOffline: frozenset({SYSTEM_DUTY}),
    c.Rename: EVERYONE,
    c.AddGuest: frozenset({F, S}),
    c.SetDuty: frozenset({F}),
    c.NextRound: frozenset({F}),
    c.PreviousRound: frozenset({F}),
    c.JumpToRound: frozenset({F}),
    c.SkipRound: frozenset({F}),
    c.ExtendRound: frozenset({F, T}),
    c.AddRound: frozenset({F}),
    c.RemoveRound: frozenset({F}),
    c.MoveRound: frozenset({F}),
    c.SetTimeBox: frozenset({F, T}),
    c.MarkDone: EVERYONE,
    c.AddItem: EVERYONE,  # the round says which kinds
    c.EditItem: EVERYONE,  # your own; a facilitator or scribe: any
    c.DeleteItem: EVERYONE,  # your own; a facilitator or scribe: any
    c.RevealItems: frozenset({F}),
    c.RaiseHand: EVERYONE,  # your own; for a guest: a facilitator or scribe
    c.LowerHand: EVERYONE,  # your own; anyone's: a facilitator (or a scribe, for guests)
    c.LowerAllHands: frozenset({F}),
    c.SetProgressive: frozenset({F}),
    c.GiveFloor: frozenset({F}),
    c.EndFloor: EVERYONE,  # the speaker, or a facilitator
    c.StartTurns: frozenset({F}),
    c.PassTurn: EVERYONE,  # the one whose turn it is
    c.SkipTurn: frozenset({F}),
    c.StartTimer: frozenset({F, T}),
    c.PauseTimer: frozenset({F, T}),
    c.ResumeTimer: frozenset({F, T}),
    c.ExtendTimer: frozenset({F, T}),
    c.ResetTimer: frozenset({F, T}),
    c.UpdateBrief: frozenset({F}),
    c.PlanRole: frozenset({F}),
    c.AddOutcome: frozenset({F, O, S}),  # the learning team, and who keeps the flipchart
    c.EditOutcome: frozenset({F, O, S}),
    c.RemoveOutcome: frozenset({F, O, S}),
    c.ConfirmOutcomes: frozenset({F, O}),  # the case owners; a facilitator only when there are none
    c.CloseMeeting: frozenset({F}),
    c.ReopenMeeting: frozenset({F}),
}

#: What a closed meeting still accepts: everything else is refused with wrong_state.
OPEN_AFTER_CLOSE = frozenset({c.CloseMeeting, c.ReopenMeeting, c.MarkOnline, c.MarkOffline})  # closing again: a no-op


def duties_of(state: Room, actor: Actor) -> frozenset[str]:
    """The sender's duties: from the token's role and the person's assigned duties."""
    if actor.role is Role.SYSTEM:
        return frozenset({SYSTEM_DUTY, F})
    if actor.role is Role.DISPLAY:
        return frozenset()
    person = state.people.get(actor.person or "")
    duties = person.duties if person else frozenset()
    return duties | {F} if actor.role is Role.FACILITATOR else duties


def steers(state: Room, actor: Actor) -> bool:
    return F in duties_of(state, actor)


def writes_for_anyone(state: Room, actor: Actor) -> bool:
    return bool({F, S} & duties_of(state, actor))
