"""Events: what happened to a room. Past-tense names; each carries every value its
`evolve` needs, so folding events never has to decide anything again.

`to_dict`/`from_dict` give the stored and wire form: a map with `type` plus fields.
"""

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class RoomCreated:
    title: str
    facilitator: str
    facilitator_name: str
    at: float


@dataclass(frozen=True, slots=True)
class PersonJoined:
    person: str
    name: str
    role: str
    at: float


@dataclass(frozen=True, slots=True)
class PersonRenamed:
    person: str
    name: str


@dataclass(frozen=True, slots=True)
class PersonCameOnline:
    person: str


@dataclass(frozen=True, slots=True)
class PersonWentOffline:
    person: str


@dataclass(frozen=True, slots=True)
class PhaseChanged:
    phase: str
    previous: str


@dataclass(frozen=True, slots=True)
class ItemAdded:
    item: str
    kind: str
    text: str
    author: str
    phase: str
    at: float


@dataclass(frozen=True, slots=True)
class ItemEdited:
    item: str
    kind: str
    text: str
    at: float


@dataclass(frozen=True, slots=True)
class ItemDeleted:
    item: str


@dataclass(frozen=True, slots=True)
class HandRaised:
    person: str
    n: int
    at: float


@dataclass(frozen=True, slots=True)
class HandLowered:
    person: str


@dataclass(frozen=True, slots=True)
class AllHandsLowered:
    pass


@dataclass(frozen=True, slots=True)
class FloorGiven:
    person: str
    at: float


@dataclass(frozen=True, slots=True)
class FloorEnded:
    person: str
    at: float


@dataclass(frozen=True, slots=True)
class TimerStarted:
    duration: float
    ends_at: float


@dataclass(frozen=True, slots=True)
class TimerPaused:
    remaining: float


@dataclass(frozen=True, slots=True)
class TimerResumed:
    ends_at: float


@dataclass(frozen=True, slots=True)
class TimerExtended:
    seconds: float
    duration: float
    ends_at: float | None  # set when the timer runs after the extension
    remaining: float | None  # set when it stays paused


@dataclass(frozen=True, slots=True)
class TimerReset:
    pass


@dataclass(frozen=True, slots=True)
class TimeUp:
    at: float


Event = (
    RoomCreated | PersonJoined | PersonRenamed | PersonCameOnline | PersonWentOffline
    | PhaseChanged | ItemAdded | ItemEdited | ItemDeleted | HandRaised | HandLowered
    | AllHandsLowered | FloorGiven | FloorEnded | TimerStarted | TimerPaused | TimerResumed
    | TimerExtended | TimerReset | TimeUp
)

EVENT_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        RoomCreated, PersonJoined, PersonRenamed, PersonCameOnline, PersonWentOffline,
        PhaseChanged, ItemAdded, ItemEdited, ItemDeleted, HandRaised, HandLowered,
        AllHandsLowered, FloorGiven, FloorEnded, TimerStarted, TimerPaused, TimerResumed,
        TimerExtended, TimerReset, TimeUp,
    )
}

_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls)) for cls in EVENT_TYPES.values()
}


def to_dict(event: Event) -> dict[str, Any]:
    out: dict[str, Any] = {"type": type(event).__name__}
    for name in _FIELDS[type(event)]:
        out[name] = getattr(event, name)
    return out


def from_dict(data: dict[str, Any]) -> Event:
    cls = EVENT_TYPES[data["type"]]
    return cls(**{name: data[name] for name in _FIELDS[cls]})
