"""evolve(state, event) -> state: apply one event. Never fails, never decides.

Each event touches one or two fields of the room, so applying it costs the same on an
empty board and on a full one, apart from copying the one mapping it changes (a C-level
dict copy: about 1.5 µs at 1,000 items, measured in docs/PERFORMANCE.md).
"""

from collections.abc import Callable
from server.domain.records import replace

from server.domain import events as e
from server.domain.state import (
    AgendaRound, Airtime, Brief, Confirmation, Floor, Hand, Item, Outcome, Person, PlannedRole, Role, Room, Timer,
    TimerStatus, Turns, Visit,
)

_APPLY: dict[type, Callable[[Room, object], Room]] = {}


def _applies(cls: type) -> Callable:
    def register(fn: Callable) -> Callable:
        _APPLY[cls] = fn
        return fn

    return register


def evolve(state: Room, event: object) -> Room:
    return _APPLY[type(event)](state, event)


def _number(identifier: str) -> int:
    return int(identifier[1:])


def _with_person(state: Room, person: Person) -> Room:
    return replace(state, people={**state.people, person.id: person})


def _agenda(rows: list[dict]) -> tuple[AgendaRound, ...]:
    return tuple(AgendaRound(r["id"], r["kind"], r["minutes"], r["skipped"]) for r in rows)


def _visit_ended(history: tuple[Visit, ...], at: float) -> tuple[Visit, ...]:
    """The history with its open visit, if any, ended at `at`."""
    if history and history[-1].ended_at is None:
        return history[:-1] + (replace(history[-1], ended_at=at),)
    return history


def _ordered(hands: tuple[Hand, ...], order: list[str]) -> tuple[Hand, ...]:
    by_person = {hand.person: hand for hand in hands}
    return tuple(by_person[p] for p in order if p in by_person)


@_applies(e.RoomCreated)
def _(state: Room, ev: e.RoomCreated) -> Room:
    host = Person(ev.facilitator, ev.facilitator_name, Role.FACILITATOR, ev.at, duties=frozenset({"facilitator"}))
    agenda = _agenda(ev.agenda)
    carried = {row["id"]: Outcome(**row) for row in ev.carried}
    brief = ev.brief or {}
    state = replace(
        state, title=brief.get("title") or ev.title, created_at=ev.at, method=ev.method, agenda=agenda,
        last_person=_number(ev.facilitator), last_round=max((_number(r.id) for r in agenda), default=0),
        follows=ev.follows, outcomes=carried, last_outcome=len(carried),
        brief=Brief(brief.get("problem", ""), brief.get("objectives", ""), brief.get("context", ""), brief.get("starts_at")),
    )
    return _with_person(state, host)


@_applies(e.BriefUpdated)
def _(state: Room, ev: e.BriefUpdated) -> Room:
    return replace(state, title=ev.title, brief=Brief(ev.problem, ev.objectives, ev.context, ev.starts_at))


@_applies(e.RosterChanged)
def _(state: Room, ev: e.RosterChanged) -> Room:
    return replace(state, roster=tuple(PlannedRole(name, duty) for name, duty in ev.roster))


@_applies(e.PersonJoined)
def _(state: Room, ev: e.PersonJoined) -> Room:
    person = Person(ev.person, ev.name, Role(ev.role), ev.at, duties=frozenset(ev.duties), guest=ev.guest)
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


@_applies(e.DutiesChanged)
def _(state: Room, ev: e.DutiesChanged) -> Room:
    return _with_person(state, replace(state.people[ev.person], duties=frozenset(ev.duties)))


@_applies(e.AgendaChanged)
def _(state: Room, ev: e.AgendaChanged) -> Room:
    agenda = _agenda(ev.agenda)
    last = max([state.last_round, *(_number(r.id) for r in agenda)])
    return replace(state, agenda=agenda, last_round=last)


@_applies(e.RoundStarted)
def _(state: Room, ev: e.RoundStarted) -> Room:
    history = _visit_ended(state.history, ev.at)
    return replace(
        state, current=ev.round, round_ends_at=ev.ends_at, time_box_over=False,
        history=history + (Visit(ev.round, ev.at),), turns=None, done=frozenset(),
    )


@_applies(e.RoundExtended)
def _(state: Room, ev: e.RoundExtended) -> Room:
    agenda = tuple(replace(r, minutes=ev.minutes) if r.id == ev.round else r for r in state.agenda)
    return replace(state, agenda=agenda, round_ends_at=ev.ends_at, time_box_over=False)


@_applies(e.TimeBoxOver)
def _(state: Room, ev: e.TimeBoxOver) -> Room:
    return replace(state, time_box_over=True)


@_applies(e.PersonMarkedDone)
def _(state: Room, ev: e.PersonMarkedDone) -> Room:
    done = state.done | {ev.person} if ev.done else state.done - {ev.person}
    return replace(state, done=done)


@_applies(e.ItemAdded)
def _(state: Room, ev: e.ItemAdded) -> Room:
    item = Item(ev.item, ev.kind, ev.text, ev.author, ev.round, ev.at, hidden=ev.hidden)
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


@_applies(e.ItemsRevealed)
def _(state: Room, ev: e.ItemsRevealed) -> Room:
    items = dict(state.items)
    for row in ev.items:
        if row["id"] in items:
            items[row["id"]] = replace(items[row["id"]], text=row["text"], kind=row["kind"], hidden=False)
    return replace(state, items=items)


@_applies(e.HandRaised)
def _(state: Room, ev: e.HandRaised) -> Room:
    hands = state.queue + (Hand(ev.person, ev.n, ev.at, ev.direct),)
    return replace(state, queue=_ordered(hands, ev.queue), last_hand=ev.n)


@_applies(e.HandLowered)
def _(state: Room, ev: e.HandLowered) -> Room:
    return replace(state, queue=tuple(h for h in state.queue if h.person != ev.person))


@_applies(e.AllHandsLowered)
def _(state: Room, ev: e.AllHandsLowered) -> Room:
    return replace(state, queue=())


@_applies(e.QueueReordered)
def _(state: Room, ev: e.QueueReordered) -> Room:
    return replace(state, progressive=ev.progressive, queue=_ordered(state.queue, ev.queue))


@_applies(e.FloorGiven)
def _(state: Room, ev: e.FloorGiven) -> Room:
    queue = tuple(h for h in state.queue if h.person != ev.person)  # their hand is answered
    spoken = state.airtime.get(ev.person, Airtime())
    airtime = {**state.airtime, ev.person: Airtime(spoken.seconds, spoken.turns + 1)}
    turns = state.turns
    if turns and not turns.complete and ev.person in turns.order[turns.index:]:
        turns = replace(turns, index=turns.order.index(ev.person, turns.index))
    return replace(state, floor=Floor(ev.person, ev.at, ev.ends_at), queue=queue, airtime=airtime, turns=turns)


@_applies(e.FloorEnded)
def _(state: Room, ev: e.FloorEnded) -> Room:
    spoken = state.airtime.get(ev.person, Airtime())
    airtime = {**state.airtime, ev.person: Airtime(spoken.seconds + ev.seconds, spoken.turns)}
    turns = state.turns
    if turns and not turns.complete and turns.order[turns.index] == ev.person:
        passed = turns.passed + (ev.person,) if ev.passed else turns.passed
        turns = replace(turns, index=turns.index + 1, passed=passed)
    return replace(state, floor=None, airtime=airtime, turns=turns, queue=_ordered(state.queue, ev.queue))


@_applies(e.TurnTimeUp)
def _(state: Room, ev: e.TurnTimeUp) -> Room:
    return replace(state, floor=replace(state.floor, warned=True)) if state.floor else state


@_applies(e.TurnsStarted)
def _(state: Room, ev: e.TurnsStarted) -> Room:
    return replace(state, turns=Turns(tuple(ev.order)))


@_applies(e.TurnsCompleted)
def _(state: Room, ev: e.TurnsCompleted) -> Room:
    turns = state.turns
    return replace(state, turns=replace(turns, index=len(turns.order))) if turns else state


@_applies(e.TimerStarted)
def _(state: Room, ev: e.TimerStarted) -> Room:
    return replace(state, timer=Timer(TimerStatus.RUNNING, ev.duration, ev.ends_at, None))


@_applies(e.TimerPaused)
def _(state: Room, ev: e.TimerPaused) -> Room:
    return replace(state, timer=Timer(TimerStatus.PAUSED, state.timer.duration, None, ev.remaining))


@_applies(e.TimerResumed)
def _(state: Room, ev: e.TimerResumed) -> Room:
    return replace(state, timer=Timer(TimerStatus.RUNNING, state.timer.duration, ev.ends_at, None))


@_applies(e.TimerExtended)
def _(state: Room, ev: e.TimerExtended) -> Room:
    status = TimerStatus.RUNNING if ev.ends_at is not None else TimerStatus.PAUSED
    return replace(state, timer=Timer(status, ev.duration, ev.ends_at, ev.remaining))


@_applies(e.TimerReset)
def _(state: Room, ev: e.TimerReset) -> Room:
    return replace(state, timer=Timer())


@_applies(e.TimeUp)
def _(state: Room, ev: e.TimeUp) -> Room:
    return replace(state, timer=Timer(TimerStatus.EXPIRED, state.timer.duration, state.timer.ends_at, 0.0))


@_applies(e.OutcomeAdded)
def _(state: Room, ev: e.OutcomeAdded) -> Room:
    outcome = Outcome(**ev.outcome)
    return replace(state, outcomes={**state.outcomes, outcome.id: outcome}, last_outcome=_number(outcome.id))


@_applies(e.OutcomeEdited)
def _(state: Room, ev: e.OutcomeEdited) -> Room:
    outcome = Outcome(**ev.outcome)
    return replace(state, outcomes={**state.outcomes, outcome.id: outcome})


@_applies(e.OutcomeRemoved)
def _(state: Room, ev: e.OutcomeRemoved) -> Room:
    outcomes = dict(state.outcomes)
    outcomes.pop(ev.outcome, None)
    return replace(state, outcomes=outcomes)


@_applies(e.OutcomesConfirmed)
def _(state: Room, ev: e.OutcomesConfirmed) -> Room:
    return replace(state, confirmed=Confirmation(ev.by, ev.at, tuple(Outcome(**row) for row in ev.outcomes)))


@_applies(e.MeetingClosed)
def _(state: Room, ev: e.MeetingClosed) -> Room:
    history = _visit_ended(state.history, ev.at)
    return replace(
        state, closed_at=ev.at, history=history, round_ends_at=None, time_box_over=False, turns=None,
        floor=None, done=frozenset(),
    )


@_applies(e.MeetingReopened)
def _(state: Room, ev: e.MeetingReopened) -> Room:
    # The round that was running when the meeting closed runs again, with a fresh visit.
    history = state.history + (Visit(state.current, ev.at),) if state.current else state.history
    return replace(state, closed_at=None, history=history, round_ends_at=ev.ends_at)
