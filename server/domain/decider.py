"""decide(state, command, actor, now) -> events: every rule of a room, checked here.

Pure: time comes in as `now`, ids are drawn from the state's counters. A command that
would change nothing returns no events, so a retry or a double click costs nothing.
"""

from collections.abc import Callable

from protocol.codes import ErrorCode
from server.domain import commands as c
from server.domain import events as e
from server.domain.errors import DomainError
from server.domain.phases import next_phase, previous_phase
from server.domain.rules import ALLOWED, MAX_ITEMS, MAX_PEOPLE
from server.domain.state import Actor, Role, Room, TimerStatus

Handler = Callable[[Room, object, Actor, float], list]
_HANDLERS: dict[type, Handler] = {}


def _handles(cls: type) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _HANDLERS[cls] = fn
        return fn

    return register


def decide(state: Room, command: c.Command, actor: Actor, now: float) -> list[e.Event]:
    """The events `command` produces, or DomainError with a stable code."""
    if actor.role not in ALLOWED[type(command)]:
        raise DomainError(ErrorCode.FORBIDDEN, "Your role may not do this.")
    if not state.created and not isinstance(command, c.CreateRoom):
        raise DomainError(ErrorCode.WRONG_STATE, "The meeting does not exist yet.")
    return _HANDLERS[type(command)](state, command, actor, now)


def _facilitates(actor: Actor) -> bool:
    return actor.role in (Role.FACILITATOR, Role.SYSTEM)


def _person(state: Room, person: str) -> None:
    if person not in state.people:
        raise DomainError(ErrorCode.NOT_FOUND, "No such person in this meeting.")


# --- people ------------------------------------------------------------------------


@_handles(c.CreateRoom)
def _create(state: Room, cmd: c.CreateRoom, actor: Actor, now: float) -> list[e.Event]:
    if state.created:
        return []
    return [e.RoomCreated(cmd.title, f"p{state.last_person + 1}", cmd.facilitator_name, now)]


@_handles(c.Join)
def _join(state: Room, cmd: c.Join, actor: Actor, now: float) -> list[e.Event]:
    if len(state.people) >= MAX_PEOPLE:
        raise DomainError(ErrorCode.LIMIT_REACHED, "This meeting is full.")
    return [e.PersonJoined(f"p{state.last_person + 1}", cmd.name, Role.PARTICIPANT.value, now)]


@_handles(c.MarkOnline)
def _online(state: Room, cmd: c.MarkOnline, actor: Actor, now: float) -> list[e.Event]:
    person = state.people.get(cmd.person)
    return [e.PersonCameOnline(cmd.person)] if person and not person.online else []


@_handles(c.MarkOffline)
def _offline(state: Room, cmd: c.MarkOffline, actor: Actor, now: float) -> list[e.Event]:
    person = state.people.get(cmd.person)
    return [e.PersonWentOffline(cmd.person)] if person and person.online else []


@_handles(c.Rename)
def _rename(state: Room, cmd: c.Rename, actor: Actor, now: float) -> list[e.Event]:
    person = state.people.get(actor.person or "")
    if person is None:
        raise DomainError(ErrorCode.NOT_FOUND, "You have not joined this meeting.")
    return [] if person.name == cmd.name else [e.PersonRenamed(person.id, cmd.name)]


# --- phases ------------------------------------------------------------------------


@_handles(c.AdvancePhase)
def _advance(state: Room, cmd: c.AdvancePhase, actor: Actor, now: float) -> list[e.Event]:
    target = next_phase(state.phase)
    if target is None:
        raise DomainError(ErrorCode.WRONG_STATE, "This is already the last phase.")
    return [e.PhaseChanged(target, state.phase)]


@_handles(c.StepBackPhase)
def _back(state: Room, cmd: c.StepBackPhase, actor: Actor, now: float) -> list[e.Event]:
    target = previous_phase(state.phase)
    if target is None:
        raise DomainError(ErrorCode.WRONG_STATE, "This is already the first phase.")
    return [e.PhaseChanged(target, state.phase)]


# --- flipchart -----------------------------------------------------------------------


@_handles(c.AddItem)
def _add(state: Room, cmd: c.AddItem, actor: Actor, now: float) -> list[e.Event]:
    if len(state.items) >= MAX_ITEMS:
        raise DomainError(ErrorCode.LIMIT_REACHED, "The flipchart is full.")
    item_id = f"i{state.last_item + 1}"
    return [e.ItemAdded(item_id, cmd.kind, cmd.text, actor.person or "", state.phase, now)]


def _own_item(state: Room, item_id: str, actor: Actor):
    item = state.items.get(item_id)
    if item is None:
        raise DomainError(ErrorCode.NOT_FOUND, "That item is gone.")
    if not _facilitates(actor) and item.author != actor.person:
        raise DomainError(ErrorCode.NOT_AUTHOR, "Only its author or a facilitator may change it.")
    return item


@_handles(c.EditItem)
def _edit(state: Room, cmd: c.EditItem, actor: Actor, now: float) -> list[e.Event]:
    item = _own_item(state, cmd.item, actor)
    text = cmd.text if cmd.text is not None else item.text
    kind = cmd.kind if cmd.kind is not None else item.kind
    if (text, kind) == (item.text, item.kind):
        return []
    return [e.ItemEdited(item.id, kind, text, now)]


@_handles(c.DeleteItem)
def _delete(state: Room, cmd: c.DeleteItem, actor: Actor, now: float) -> list[e.Event]:
    if cmd.item not in state.items:
        return []  # already gone: a retried delete is harmless
    _own_item(state, cmd.item, actor)
    return [e.ItemDeleted(cmd.item)]


# --- hands and floor -----------------------------------------------------------------


@_handles(c.RaiseHand)
def _raise(state: Room, cmd: c.RaiseHand, actor: Actor, now: float) -> list[e.Event]:
    person = actor.person or ""
    _person(state, person)
    if state.hand_of(person) or (state.floor and state.floor.person == person):
        return []
    return [e.HandRaised(person, state.last_hand + 1, now)]


@_handles(c.LowerHand)
def _lower(state: Room, cmd: c.LowerHand, actor: Actor, now: float) -> list[e.Event]:
    person = cmd.person or actor.person or ""
    if person != actor.person and not _facilitates(actor):
        raise DomainError(ErrorCode.FORBIDDEN, "Only a facilitator may lower someone else's hand.")
    return [e.HandLowered(person)] if state.hand_of(person) else []


@_handles(c.LowerAllHands)
def _lower_all(state: Room, cmd: c.LowerAllHands, actor: Actor, now: float) -> list[e.Event]:
    return [e.AllHandsLowered()] if state.queue else []


@_handles(c.GiveFloor)
def _give(state: Room, cmd: c.GiveFloor, actor: Actor, now: float) -> list[e.Event]:
    if cmd.person is None:
        if not state.queue:
            raise DomainError(ErrorCode.QUEUE_EMPTY, "No hand is raised.")
        person = state.queue[0].person
    else:
        person = cmd.person
        _person(state, person)
    if state.floor and state.floor.person == person:
        return []
    ended = [e.FloorEnded(state.floor.person, now)] if state.floor else []
    return ended + [e.FloorGiven(person, now)]


@_handles(c.EndFloor)
def _end(state: Room, cmd: c.EndFloor, actor: Actor, now: float) -> list[e.Event]:
    if state.floor is None:
        return []
    if state.floor.person != actor.person and not _facilitates(actor):
        raise DomainError(ErrorCode.FORBIDDEN, "Only the speaker or a facilitator may end a turn.")
    return [e.FloorEnded(state.floor.person, now)]


# --- timer ---------------------------------------------------------------------------


@_handles(c.StartTimer)
def _start(state: Room, cmd: c.StartTimer, actor: Actor, now: float) -> list[e.Event]:
    return [e.TimerStarted(cmd.seconds, now + cmd.seconds)]


@_handles(c.PauseTimer)
def _pause(state: Room, cmd: c.PauseTimer, actor: Actor, now: float) -> list[e.Event]:
    timer = state.timer
    if timer.status is TimerStatus.PAUSED:
        return []
    if timer.status is not TimerStatus.RUNNING or timer.ends_at is None:
        raise DomainError(ErrorCode.WRONG_STATE, "The timer is not running.")
    return [e.TimerPaused(max(0.0, timer.ends_at - now))]


@_handles(c.ResumeTimer)
def _resume(state: Room, cmd: c.ResumeTimer, actor: Actor, now: float) -> list[e.Event]:
    timer = state.timer
    if timer.status is TimerStatus.RUNNING:
        return []
    if timer.status is not TimerStatus.PAUSED or timer.remaining is None:
        raise DomainError(ErrorCode.WRONG_STATE, "The timer is not paused.")
    return [e.TimerResumed(now + timer.remaining)]


@_handles(c.ExtendTimer)
def _extend(state: Room, cmd: c.ExtendTimer, actor: Actor, now: float) -> list[e.Event]:
    timer, more = state.timer, cmd.seconds
    if timer.status is TimerStatus.RUNNING and timer.ends_at is not None:
        return [e.TimerExtended(more, timer.duration + more, timer.ends_at + more, None)]
    if timer.status is TimerStatus.PAUSED and timer.remaining is not None:
        return [e.TimerExtended(more, timer.duration + more, None, timer.remaining + more)]
    if timer.status is TimerStatus.EXPIRED:  # "one more minute" after time is up
        return [e.TimerExtended(more, more, now + more, None)]
    raise DomainError(ErrorCode.WRONG_STATE, "Start the timer first.")


@_handles(c.ResetTimer)
def _reset(state: Room, cmd: c.ResetTimer, actor: Actor, now: float) -> list[e.Event]:
    return [] if state.timer.status is TimerStatus.IDLE else [e.TimerReset()]

