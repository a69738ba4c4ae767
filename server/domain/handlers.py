"""The registry that maps each command class to the function deciding it, and the
small checks those functions share."""

from collections.abc import Callable

from protocol.codes import ErrorCode
from server.domain.errors import DomainError
from server.domain.methods import OwnerMode
from server.domain.state import Actor, Duty, Room

Handler = Callable[[Room, object, Actor, float], list]
HANDLERS: dict[type, Handler] = {}


def handles(cls: type) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[cls] = fn
        return fn

    return register


def refuse(code: ErrorCode, message: str) -> DomainError:
    return DomainError(code, message)


def person_in(state: Room, person: str | None) -> str:
    if not person or person not in state.people:
        raise refuse(ErrorCode.NOT_FOUND, "No such person in this meeting.")
    return person


def listening_owner(state: Room, person: str, duties: frozenset[str] | None = None) -> bool:
    """True when `person` is a case owner (by `duties`, if given: about to be theirs) and the
    current round has them listen only."""
    current = state.round
    owner = Duty.CASE_OWNER in duties if duties is not None else state.has_duty(person, Duty.CASE_OWNER)
    return current is not None and current.rules.owner is OwnerMode.LISTENING and owner
