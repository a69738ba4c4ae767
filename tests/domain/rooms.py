"""Rooms and people for the domain tests, built only through decide and evolve.

A room made here went through the same rules as a real one: if a rule refuses a
setup step, the test that needed it fails loudly instead of testing a made-up state.

The cast, in joining order (ids are the server's, given in that order):

    p1 Fay  the facilitator (the facilitator link)
    p2 Ann  in `meeting()`: the case owner        (otherwise a peer)
    p3 Bob, p4 Cat, p5 Dan, p6 Eve: peers
    p7 Sam  in `meeting(helpers=True)`: the scribe only
    p8 Tim  in `meeting(helpers=True)`: the timekeeper only
"""

from collections.abc import Iterable

import pytest

from protocol.codes import ErrorCode
from server.domain import DomainError, decide, evolve
from server.domain import commands as c
from server.domain.state import SYSTEM, Actor, Role, Room

T0 = 1_000.0  # the room's creation time; every test's `now` is at or after it

FACILITATOR = Actor(Role.FACILITATOR, "p1")
ANN = Actor(Role.PARTICIPANT, "p2")
BOB = Actor(Role.PARTICIPANT, "p3")
CAT = Actor(Role.PARTICIPANT, "p4")
DAN = Actor(Role.PARTICIPANT, "p5")
EVE = Actor(Role.PARTICIPANT, "p6")
SAM = Actor(Role.PARTICIPANT, "p7")
TIM = Actor(Role.PARTICIPANT, "p8")
DISPLAY = Actor(Role.DISPLAY, None)

OWNER = ANN
PEERS = (BOB, CAT, DAN, EVE)
NAMES = ["Ann", "Bob", "Cat", "Dan", "Eve", "Sam", "Tim", "Uma", "Vic"]


def fold(state: Room, events: Iterable) -> Room:
    for event in events:
        state = evolve(state, event)
    return state


def do(state: Room, command: object, actor: Actor = FACILITATOR, now: float = T0) -> Room:
    """Decide and apply one command; the command must be accepted."""
    return fold(state, decide(state, command, actor, now))


def refusal(state: Room, command: object, actor: Actor = FACILITATOR, now: float = T0) -> ErrorCode:
    """The code `command` is refused with; fails the test when it is accepted."""
    with pytest.raises(DomainError) as refused:
        decide(state, command, actor, now)
    return refused.value.code


def room(participants: int = 3, title: str = "Peer Assist", method: str = "peer_assist") -> Room:
    """A created room in the lobby: the facilitator p1, then participants p2, p3, ... (peers)."""
    state = do(Room(), c.CreateRoom(title, "Fay", method), SYSTEM)
    for i in range(participants):
        state = do(state, c.Join(NAMES[i] if i < len(NAMES) else f"Guest {i}"), SYSTEM)
    return state


def online(state: Room, *people: str | Actor) -> Room:
    for who in people:
        state = do(state, c.MarkOnline(who.person if isinstance(who, Actor) else who), SYSTEM)
    return state


def offline(state: Room, *people: str | Actor) -> Room:
    for who in people:
        state = do(state, c.MarkOffline(who.person if isinstance(who, Actor) else who), SYSTEM)
    return state


def assign(state: Room, who: str | Actor, *duties: str, only: bool = False) -> Room:
    """Give `who` these duties (with `only`: take every other duty away)."""
    person = who.person if isinstance(who, Actor) else who
    if only:
        for duty in state.people[person].duties - set(duties):
            state = do(state, c.SetDuty(person, duty, False))
    for duty in duties:
        state = do(state, c.SetDuty(person, duty, True))
    return state


def guest(state: Room, name: str = "Gus", actor: Actor = FACILITATOR) -> tuple[Room, str]:
    """A person without a device; returns the room and the guest's id."""
    state = do(state, c.AddGuest(name), actor)
    return state, f"p{state.last_person}"


def meeting(method: str = "peer_assist", helpers: bool = False) -> Room:
    """The lobby of a meeting: Fay facilitates, Ann is the case owner, Bob, Cat, Dan and Eve
    are peers, everyone online; with `helpers`, Sam scribes and Tim keeps time."""
    state = room(7 if helpers else 5, method=method)
    state = assign(state, OWNER, "case_owner", only=True)
    if helpers:
        state = assign(state, SAM, "scribe", only=True)
        state = assign(state, TIM, "timekeeper", only=True)
    return online(state, *state.people)


def start(state: Room, now: float = T0) -> Room:
    """Leave the lobby: the first round starts."""
    return do(state, c.NextRound(), now=now)


def round_id(state: Room, kind: str) -> str:
    """The id of the first agenda round of this kind."""
    return next(r.id for r in state.agenda if r.kind == kind)


def at_round(state: Room, kind: str, now: float = T0) -> Room:
    """Jump to the first round of this kind (added at the end when the agenda has none)."""
    if not any(r.kind == kind for r in state.agenda):
        state = do(state, c.AddRound(kind), now=now)
    return do(state, c.JumpToRound(round_id(state, kind)), now=now)
