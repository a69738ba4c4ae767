"""evolve(state, event) -> state: apply one event. Never fails, never decides.

Each event touches one or two fields of the room, so applying it costs the same on an
empty board and on a full one (apart from copying the one mapping it changes).
"""

from collections.abc import Callable
from dataclasses import replace

from server.domain import events as e
from server.domain.state import Floor, Hand, Item, Person, Role, Room, Timer, TimerStatus

_APPLY: dict[type, Callable[[Room, object], Room]] = {}


def _applies(cls: type) -> Callable:
    def register(fn: Callable) -> Callable:
        _APPLY[cls] = fn
        return fn

    return register


def evolve(state: Room, event: e.Event) -> Room:
    return _APPLY[type(event)](state, event)


def _with_person(state: Room, person: Person) -> Room:
    return replace(state, people={**state.people, person.id: person})


def _number(identifier: str) -> int:
    return int(identifier[1:])


@_applies(e.RoomCreated)
def _(state: Room, ev: e.RoomCreated) -> Room:
    host = Person(ev.facilitator, ev.facilitator_name, Role.FACILITATOR, ev.at)
    state = replace(state, title=ev.title, created_at=ev.at, last_person=_number(ev.facilitator))
    return _with_person(state, host)


@_applies(e.PersonJoined)
def _(state: Room, ev: e.PersonJoined) -> Room:
    person = Person(ev.person, ev.name, Role(ev.role), ev.at)
    return _with_person(replace(state, last_person=_number(ev.person)), person)


@_applies(e.PersonRenamed)
def _(state: Room, ev: e.PersonRenamed) -> Room:
    return _with_person(state, replace(state.people[ev.person], name=ev.name))


@_applies(e.PersonCameOnline)
def _(state: Room, ev: e.PersonCameOnline) -> Room:
    return _with_person(state, replace(state.people[ev.person], online=True))


@_applies(e.PersonWentOffline)
def _(state: Room, ev: e.PersonWentOffline) -> Room:
    return _with_person(state, replace(state.people[ev.person], online=False))


@_applies(e.PhaseChanged)
def _(state: Room, ev: e.PhaseChanged) -> Room:
    return replace(state, phase=ev.phase)


@_applies(e.ItemAdded)
def _(state: Room, ev: e.ItemAdded) -> Room:
    item = Item(ev.item, ev.kind, ev.text, ev.author, ev.phase, ev.at)
    return replace(state, items={**state.items, item.id: item}, last_item=_number(ev.item))


@_applies(e.ItemEdited)
def _(state: Room, ev: e.ItemEdited) -> Room:
    item = replace(state.items[ev.item], kind=ev.kind, text=ev.text, edited_at=ev.at)
    return replace(state, items={**state.items, item.id: item})


@_applies(e.ItemDeleted)
def _(state: Room, ev: e.ItemDeleted) -> Room:
    items = dict(state.items)
    items.pop(ev.item, None)
    return replace(state, items=items)


@_applies(e.HandRaised)
def _(state: Room, ev: e.HandRaised) -> Room:
    return replace(state, queue=state.queue + (Hand(ev.person, ev.n, ev.at),), last_hand=ev.n)


@_applies(e.HandLowered)
def _(state: Room, ev: e.HandLowered) -> Room:
    return replace(state, queue=tuple(h for h in state.queue if h.person != ev.person))


@_applies(e.AllHandsLowered)
def _(state: Room, ev: e.AllHandsLowered) -> Room:
    return replace(state, queue=())


@_applies(e.FloorGiven)
def _(state: Room, ev: e.FloorGiven) -> Room:
    queue = tuple(h for h in state.queue if h.person != ev.person)  # their hand is answered
    return replace(state, floor=Floor(ev.person, ev.at), queue=queue)


@_applies(e.FloorEnded)
def _(state: Room, ev: e.FloorEnded) -> Room:
    return replace(state, floor=None)


@_applies(e.TimerStarted)
def _(state: Room, ev: e.TimerStarted) -> Room:
    return replace(state, timer=Timer(TimerStatus.RUNNING, ev.duration, ev.ends_at, None))


@_applies(e.TimerPaused)
def _(state: Room, ev: e.TimerPaused) -> Room:
    timer = Timer(TimerStatus.PAUSED, state.timer.duration, None, ev.remaining)
    return replace(state, timer=timer)


@_applies(e.TimerResumed)
def _(state: Room, ev: e.TimerResumed) -> Room:
    timer = Timer(TimerStatus.RUNNING, state.timer.duration, ev.ends_at, None)
    return replace(state, timer=timer)


@_applies(e.TimerExtended)
def _(state: Room, ev: e.TimerExtended) -> Room:
    status = TimerStatus.RUNNING if ev.ends_at is not None else TimerStatus.PAUSED
    return replace(state, timer=Timer(status, ev.duration, ev.ends_at, ev.remaining))


@_applies(e.TimerReset)
def _(state: Room, ev: e.TimerReset) -> Room:
    return replace(state, timer=Timer())


@_applies(e.TimeUp)
def _(state: Room, ev: e.TimeUp) -> Room:
    timer = Timer(TimerStatus.EXPIRED, state.timer.duration, state.timer.ends_at, 0.0)
    return replace(state, timer=timer)
