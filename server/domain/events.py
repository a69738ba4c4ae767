"""Events: what happened to a room. Past-tense names; each carries every value its
`evolve` needs, so folding events never has to decide anything again.

`to_dict`/`from_dict` give the stored and wire form: a map with `type` plus fields.
"""

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class RoomCreated:
    title: str
    facilitator: str
    facilitator_name: str
    method: str
    agenda: list  # [{id, kind, minutes, skipped}]
    at: float
    follows: str | None = None
    carried: list = field(default_factory=list)  # outcome rows brought forward
    brief: dict | None = None


@dataclass(frozen=True, slots=True)
class BriefUpdated:
    title: str
    problem: str
    objectives: str
    context: str
    starts_at: float | None


@dataclass(frozen=True, slots=True)
class RosterChanged:
    roster: list  # [[name, duty]]: the whole plan after the change


@dataclass(frozen=True, slots=True)
class OutcomeAdded:
    outcome: dict  # every field of the Outcome
    at: float


@dataclass(frozen=True, slots=True)
class OutcomeEdited:
    outcome: dict  # every field after the edit
    at: float


@dataclass(frozen=True, slots=True)
class OutcomeRemoved:
    outcome: str


@dataclass(frozen=True, slots=True)
class OutcomesConfirmed:
    by: str
    at: float
    outcomes: list  # the confirmed version, every field of each


@dataclass(frozen=True, slots=True)
class MeetingClosed:
    at: float


@dataclass(frozen=True, slots=True)
class MeetingReopened:
    at: float
    ends_at: float | None  # the time box of the round that runs again


@dataclass(frozen=True, slots=True)
class PersonJoined:
    person: str
    name: str
    role: str
    duties: list
    guest: bool
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
class DutiesChanged:
    person: str
    duties: list


@dataclass(frozen=True, slots=True)
class AgendaChanged:
    agenda: list  # the whole agenda after the change: small, and trivial to apply


@dataclass(frozen=True, slots=True)
class RoundStarted:
    round: str
    previous: str | None
    ends_at: float  # the time box
    at: float


@dataclass(frozen=True, slots=True)
class RoundExtended:
    round: str
    minutes: float  # the round's new planned minutes
    ends_at: float | None


@dataclass(frozen=True, slots=True)
class TimeBoxOver:
    round: str
    at: float


@dataclass(frozen=True, slots=True)
class PersonMarkedDone:
    person: str
    done: bool


@dataclass(frozen=True, slots=True)
class ItemAdded:
    item: str
    kind: str
    text: str
    author: str
    round: str | None
    hidden: bool
    at: float


@dataclass(frozen=True, slots=True)
class ItemEdited:
    item: str
    kind: str
    text: str
    author: str
    hidden: bool  # still private to its author: others receive it without its text
    at: float


@dataclass(frozen=True, slots=True)
class ItemDeleted:
    item: str


@dataclass(frozen=True, slots=True)
class ItemsRevealed:
    items: list  # [{id, kind, text, author}]: the texts everyone may now see, in order
    at: float


@dataclass(frozen=True, slots=True)
class HandRaised:
    person: str
    n: int
    direct: bool
    at: float
    queue: list  # the queue's order after it, as person ids


@dataclass(frozen=True, slots=True)
class HandLowered:
    person: str


@dataclass(frozen=True, slots=True)
class AllHandsLowered:
    pass


@dataclass(frozen=True, slots=True)
class QueueReordered:
    progressive: bool
    queue: list


@dataclass(frozen=True, slots=True)
class FloorGiven:
    person: str
    at: float
    ends_at: float | None  # the end of a timed turn


@dataclass(frozen=True, slots=True)
class FloorEnded:
    person: str
    at: float
    seconds: float  # added to the person's airtime
    passed: bool  # a round-robin turn passed without speaking
    queue: list  # the queue's order after it (progressive order may change)


@dataclass(frozen=True, slots=True)
class TurnTimeUp:
    person: str
    at: float


@dataclass(frozen=True, slots=True)
class TurnsStarted:
    order: list


@dataclass(frozen=True, slots=True)
class TurnsCompleted:
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


_ALL = (
    RoomCreated, PersonJoined, PersonRenamed, PersonCameOnline, PersonWentOffline, DutiesChanged,
    AgendaChanged, RoundStarted, RoundExtended, TimeBoxOver, PersonMarkedDone, ItemAdded, ItemEdited,
    ItemDeleted, ItemsRevealed, HandRaised, HandLowered, AllHandsLowered, QueueReordered, FloorGiven,
    FloorEnded, TurnTimeUp, TurnsStarted, TurnsCompleted, TimerStarted, TimerPaused, TimerResumed,
    TimerExtended, TimerReset, TimeUp, BriefUpdated, RosterChanged, OutcomeAdded, OutcomeEdited,
    OutcomeRemoved, OutcomesConfirmed, MeetingClosed, MeetingReopened,
)
Event = Any  # one of _ALL; a Union of forty names would say no more
EVENT_TYPES: dict[str, type] = {cls.__name__: cls for cls in _ALL}

_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls)) for cls in EVENT_TYPES.values()
}


def to_dict(event: Event) -> dict[str, Any]:
    out: dict[str, Any] = {"type": type(event).__name__}
    for name in _FIELDS[type(event)]:
        out[name] = getattr(event, name)
    return out


def from_dict(data: dict[str, Any]) -> Event:
    # A field added later has a default, so events stored before it still fold.
    cls = EVENT_TYPES[data["type"]]
    return cls(**{name: data[name] for name in _FIELDS[cls] if name in data})
