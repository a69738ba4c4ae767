"""A meeting held from start to close, built through decide and evolve only, for the
summary and export tests.

Fay facilitates (p1), Ann is the case owner (p2), Bob (p3) and Cat (p4) are peers. There
is a card before the start and cards in three rounds, a private round where Bob's advice
was revealed and Cat's never was, airtime in `ask`, a lesson and two actions (one drawn
from Bob's card) confirmed by Ann, and the close.
"""

from server.domain import commands as c
from server.domain.state import Room
from tests.domain.rooms import BOB, CAT, OWNER, T0, at_round, do, meeting, start

SECRET = "Cat's secret advice"


def held(card: str = "Who owns it?", lesson: str = "Ask early", action: str = "Write the buddy guide") -> Room:
    state = meeting()
    state = do(state, c.UpdateBrief(problem="Onboarding takes too long", objectives="Halve it", context="See the wiki"))
    state = do(state, c.AddItem("note", "Before we start"), now=T0 + 1)
    state = start(state, now=T0 + 10)
    state = do(state, c.AddItem("note", "Welcome"), now=T0 + 20)
    state = at_round(state, "ask", now=T0 + 100)
    state = do(state, c.AddItem("question", card), BOB, T0 + 110)
    state = do(state, c.GiveFloor("p3"), now=T0 + 120)
    state = do(state, c.EndFloor(), BOB, T0 + 150)
    state = do(state, c.GiveFloor("p4"), now=T0 + 150)
    state = do(state, c.EndFloor(), CAT, T0 + 160)
    state = at_round(state, "write_advice", now=T0 + 200)
    state = do(state, c.AddItem("option", "Pair new people up"), BOB, T0 + 210)
    state = do(state, c.AddItem("option", SECRET), CAT, T0 + 220)
    state = do(state, c.RevealItems("p3"), now=T0 + 230)
    state = at_round(state, "lessons", now=T0 + 300)
    state = do(state, c.AddOutcome("lesson", lesson), now=T0 + 310)
    state = do(state, c.AddOutcome("action", action, owner="Ann", due="2026-12-01", item="i4"), now=T0 + 311)
    state = do(state, c.AddOutcome("action", "Measure onboarding", owner="Bob"), now=T0 + 312)
    state = do(state, c.ConfirmOutcomes(), OWNER, T0 + 320)
    return do(state, c.CloseMeeting(), now=T0 + 400)
