"""A room's state: immutable records, replaced (never mutated) by `evolve`.

Mappings in a Room are plain dicts that nobody mutates after construction; `evolve`
builds a new dict only for the collection an event touches.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from server.domain.methods import DEFAULT_METHOD, ROUND_TYPES, RoundType


class Role(StrEnum):
    """What a token grants. Duties inside the meeting are `Duty`s on the person."""

    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"
    DISPLAY = "display"
    SYSTEM = "system"  # the server itself: joins, presence, time


class Duty(StrEnum):
    """What a person does in the meeting; the facilitator assigns them."""

    FACILITATOR = "facilitator"
    CASE_OWNER = "case_owner"  # the learning team: brings the case
    PEER = "peer"
    SCRIBE = "scribe"  # writes on the flipchart for anyone; cannot steer
    TIMEKEEPER = "timekeeper"  # runs the timer only


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
    duties: frozenset[str] = frozenset()
    guest: bool = False  # in the room without a device: others act on their behalf


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    kind: str
    text: str
    author: str
    round: str | None  # the agenda round it was written in (None: before the start)
    created_at: float
    edited_at: float | None = None
    hidden: bool = False  # private to its author until revealed


@dataclass(frozen=True, slots=True)
class Hand:
    person: str
    n: int  # the server's order of raising
    at: float
    direct: bool = False  # a direct response: goes ahead of plain hands


@dataclass(frozen=True, slots=True)
class Floor:
    person: str
    since: float
    ends_at: float | None = None  # the end of a timed turn
    warned: bool = False  # the turn's time is up (said once)


@dataclass(frozen=True, slots=True)
class Turns:
    """A round-robin: everyone in `order` gets one turn, in order."""

    order: tuple[str, ...]
    index: int = 0  # whose turn is next or current
    passed: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.index >= len(self.order)


@dataclass(frozen=True, slots=True)
class Airtime:
    seconds: float = 0.0
    turns: int = 0


@dataclass(frozen=True, slots=True)
class AgendaRound:
    id: str
    kind: str  # a key of methods.ROUND_TYPES
    minutes: float
    skipped: bool = False

    @property
    def rules(self) -> RoundType:
        return ROUND_TYPES[self.kind]


@dataclass(frozen=True, slots=True)
class Visit:
    """One stretch of time a round was the current one (rounds can be revisited)."""

    round: str
    started_at: float
    ended_at: float | None = None


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
class Brief:
    """What the meeting is for, written before it: everyone with a link reads it in the lobby."""

    problem: str = ""  # the challenge, in the learning team's words
    objectives: str = ""
    context: str = ""  # briefing material: plain text; links are shown as links, nothing else
    starts_at: float | None = None  # the planned start, epoch seconds


@dataclass(frozen=True, slots=True)
class PlannedRole:
    """A duty planned for a name before anyone joins: whoever joins under it takes it."""

    name: str
    duty: str


class ActionStatus(StrEnum):
    OPEN = "open"
    DOING = "doing"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class Outcome:
    """A lesson learned or an action (what, owner, due date, status) the meeting leaves with."""

    id: str
    kind: str  # "lesson" or "action"
    text: str
    owner: str = ""  # actions: who will do it, as a name
    due: str = ""  # actions: YYYY-MM-DD, or "" for no date
    status: str = ActionStatus.OPEN.value
    item: str | None = None  # the flipchart item it was drawn from
    carried: bool = False  # brought forward from the meeting this one follows
    note: str = ""  # what was done with it: said in the follow-up's accountability round


@dataclass(frozen=True, slots=True)
class Confirmation:
    """The learning team's confirmed version of the outcomes: what goes out."""

    by: str
    at: float
    outcomes: tuple[Outcome, ...]


@dataclass(frozen=True)  # not slotted: copied for every event, and a dict copies in one go (records.py)
class Room:
    title: str = ""
    created_at: float = 0.0
    method: str = DEFAULT_METHOD
    agenda: tuple[AgendaRound, ...] = ()
    current: str | None = None  # the running round's id; None before the start
    round_ends_at: float | None = None  # the current round's time box
    time_box_over: bool = False
    history: tuple[Visit, ...] = ()
    people: Mapping[str, Person] = field(default_factory=dict)
    items: Mapping[str, Item] = field(default_factory=dict)
    queue: tuple[Hand, ...] = ()  # in speaking order
    progressive: bool = False  # least airtime first
    floor: Floor | None = None
    turns: Turns | None = None
    airtime: Mapping[str, Airtime] = field(default_factory=dict)
    done: frozenset[str] = frozenset()  # people who marked this round done
    timer: Timer = Timer()
    brief: Brief = Brief()
    roster: tuple[PlannedRole, ...] = ()
    outcomes: Mapping[str, Outcome] = field(default_factory=dict)
    confirmed: Confirmation | None = None
    closed_at: float | None = None
    follows: str | None = None  # the room id of the meeting this one follows up
    last_outcome: int = 0
    last_person: int = 0
    last_item: int = 0
    last_hand: int = 0
    last_round: int = 0

    @property
    def created(self) -> bool:
        return self.created_at > 0

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    @property
    def outcomes_confirmed(self) -> bool:
        """True when the confirmed version is the current one: nothing changed since."""
        return self.confirmed is not None and self.confirmed.outcomes == tuple(self.outcomes.values())

    @property
    def round(self) -> AgendaRound | None:
        return next((r for r in self.agenda if r.id == self.current), None)

    def hand_of(self, person: str) -> Hand | None:
        return next((hand for hand in self.queue if hand.person == person), None)

    def has_duty(self, person: str | None, duty: str) -> bool:
        who = self.people.get(person or "")
        return who is not None and duty in who.duties
