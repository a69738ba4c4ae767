"""Rooms and people for the domain tests, built only through decide and evolve.

A room made here went through the same rules as a real one: if a rule refuses a
setup step, the test that needed it fails loudly instead of testing a made-up state.
"""

from collections.abc import Iterable

from server.domain import commands as c
from server.domain import decide, evolve
from server.domain.state import SYSTEM, Actor, Role, Room

T0 = 1_000.0  # the room's creation time; every test's `now` is at or after it

FACILITATOR = Actor(Role.FACILITATOR, "p1")
ANN = Actor(Role.PARTICIPANT, "p2")
BOB = Actor(Role.PARTICIPANT, "p3")
CAT = Actor(Role.PARTICIPANT, "p4")
DISPLAY = Actor(Role.DISPLAY, None)


def fold(state: Room, events: Iterable) -> Room:
    for event in events:
        state = evolve(state, event)
    return state


def do(state: Room, command: object, actor: Actor = FACILITATOR, now: float = T0) -> Room:
    """Decide and apply one command; the command must be accepted."""
    return fold(state, decide(state, command, actor, now))


def room(participants: int = 3, title: str = "Peer Assist") -> Room:
    """A created room: the facilitator p1, then participants p2, p3, ... (Ann, Bob, Cat, ...)."""
    state = do(Room(), c.CreateRoom(title, "Fay"), SYSTEM)
    names = ["Ann", "Bob", "Cat", "Dan", "Eve", "Gus"]
    for i in range(participants):
        state = do(state, c.Join(names[i] if i < len(names) else f"Guest {i}"), SYSTEM)
    return state
