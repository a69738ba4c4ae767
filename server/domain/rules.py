"""Who may do what, and how much a room may hold: every permission in one table."""

from server.domain import commands as c
from server.domain.state import Role

F, P, S = Role.FACILITATOR, Role.PARTICIPANT, Role.SYSTEM

MAX_PEOPLE = 200
MAX_ITEMS = 2000

#: command class -> the roles that may send it. A display appears nowhere: it changes nothing.
ALLOWED: dict[type, frozenset[Role]] = {
    c.CreateRoom: frozenset({S}),
    c.Join: frozenset({S}),
    c.MarkOnline: frozenset({S}),
    c.MarkOffline: frozenset({S}),
    c.Rename: frozenset({F, P}),
    c.AdvancePhase: frozenset({F}),
    c.StepBackPhase: frozenset({F}),
    c.AddItem: frozenset({F, P}),
    c.EditItem: frozenset({F, P}),  # participants: their own items only
    c.DeleteItem: frozenset({F, P}),  # participants: their own items only
    c.RaiseHand: frozenset({F, P}),
    c.LowerHand: frozenset({F, P}),  # participants: their own hand only
    c.LowerAllHands: frozenset({F}),
    c.GiveFloor: frozenset({F}),
    c.EndFloor: frozenset({F, P}),  # participants: only while they hold the floor
    c.StartTimer: frozenset({F}),
    c.PauseTimer: frozenset({F}),
    c.ResumeTimer: frozenset({F}),
    c.ExtendTimer: frozenset({F}),
    c.ResetTimer: frozenset({F}),
}

#: commands a person may aim only at themselves or their own items unless they facilitate
OWN_ONLY = frozenset({c.EditItem, c.DeleteItem, c.LowerHand, c.EndFloor})
