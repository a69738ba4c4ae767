"""decide(state, command, actor, now) -> events: the entry point of every rule.

Pure: time comes in as `now`, ids are drawn from the state's counters, randomness comes
in with the command. A command that would change nothing returns no events, so a retry
or a double click costs nothing. The rules themselves live by subject: preparation.py
(the brief, planned roles), gathering.py (people), agenda.py (rounds), flipchart.py
(items), floor.py (hands, floor, turns), timekeeping.py (the timer), outcomes.py
(lessons, actions) and closing.py; rules.py says who may send what, and when.
"""

from protocol.codes import ErrorCode
from server.domain import (  # noqa: F401  (they register)
    agenda, closing, flipchart, floor, gathering, outcomes, preparation, timekeeping,
)
from server.domain.commands import CreateRoom
from server.domain.errors import DomainError
from server.domain.events import Event
from server.domain.handlers import HANDLERS
from server.domain.rules import ALLOWED, OPEN_AFTER_CLOSE, duties_of
from server.domain.state import Actor, Room


def decide(state: Room, command: object, actor: Actor, now: float) -> list[Event]:
    """The events `command` produces, or DomainError with a stable code."""
    if not ALLOWED[type(command)] & duties_of(state, actor):
        raise DomainError(ErrorCode.FORBIDDEN, "Your role may not do this.")
    if not state.created and not isinstance(command, CreateRoom):
        raise DomainError(ErrorCode.WRONG_STATE, "The meeting does not exist yet.")
    if state.closed and type(command) not in OPEN_AFTER_CLOSE:
        raise DomainError(ErrorCode.WRONG_STATE, "The meeting is closed.")
    return HANDLERS[type(command)](state, command, actor, now)
