"""The room's rules as a pure decider: no I/O, no clock, no randomness.

    events = decide(state, command, actor, now)   # or DomainError
    state = evolve(state, event)                  # for each event, never fails
    next_deadline(state) / tick(state, now)       # time as data

A test keeps this package free of I/O imports.
"""

from server.domain.decider import decide
from server.domain.errors import DomainError
from server.domain.evolve import evolve
from server.domain.state import SYSTEM, Actor, Role, Room
from server.domain.timekeeping import next_deadline, tick

__all__ = [
    "SYSTEM", "Actor", "DomainError", "Role", "Room", "decide", "evolve", "next_deadline", "tick",
]
