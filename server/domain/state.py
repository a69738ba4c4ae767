"""A room's state: immutable records, replaced (never mutated) by `evolve`.

Mappings in a Room are plain dicts that nobody mutates after construction; `evolve`
builds a new dict only for the collection an event touches.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from server.domain.phases import FIRST_PHASE


class Role(StrEnum):
    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"
    DISPLAY = "display"
    SYSTEM = "system"  # the server itself: joins, presence, time


@dataclass(frozen=True, slots=True)
class Actor:
    """Who sends a command: the role and person come from the token, never the client."""

    role: Role
    person: str | None = None


SYSTEM = Actor(Role.SYSTEM)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    role: Role
    joined_at: float
    online: bool = False


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    kind: str
    text: str
    author: str
    phase: str
    created_at: float
    edited_at: float | None = None


@dataclass(frozen=True, slots=True)
class Hand:
    person: str
    n: int  # the server's order of raising: lower goes first, the same on every screen
    at: float


@dataclass(frozen=True, slots=True)
class Floor:
    person: str
    since: float


class TimerStatus(StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Timer:
    status: TimerStatus = TimerStatus.IDLE
    duration: float = 0.0
    ends_at: float | None = None  # while running: server epoch seconds
    remaining: float | None = None  # while paused


@dataclass(frozen=True, slots=True)
class Room:
    title: str = ""
    created_at: float = 0.0
    phase: str = FIRST_PHASE
    people: Mapping[str, Person] = field(default_factory=dict)
    items: Mapping[str, Item] = field(default_factory=dict)
    queue: tuple[Hand, ...] = ()
    floor: Floor | None = None
    timer: Timer = Timer()
    last_person: int = 0
    last_item: int = 0
    last_hand: int = 0

    @property
    def created(self) -> bool:
        return self.created_at > 0

    def hand_of(self, person: str) -> Hand | None:
        return next((hand for hand in self.queue if hand.person == person), None)
