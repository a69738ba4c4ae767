"""People: creating the meeting, joining, guests, presence, names, duties, done signals."""

from protocol.codes import ErrorCode
from server.domain import commands as c
from server.domain import events as e
from server.domain.agenda import agenda_rows
from server.domain.handlers import handles, listening_owner, person_in, refuse
from server.domain.methods import METHODS, ROUND_TYPES
from server.domain.preparation import planned_duties
from server.domain.rules import MAX_OUTCOMES, MAX_PEOPLE, MAX_ROUNDS
from server.domain.state import Actor, AgendaRound, Duty, Role, Room


@handles(c.CreateRoom)
def _create(state: Room, cmd: c.CreateRoom, actor: Actor, now: float) -> list:
    if state.created:
        return []
    method = METHODS.get(cmd.method)
    if method is None:
        raise refuse(ErrorCode.NOT_FOUND, "No such method.")
    plan = list(method.rounds)
    if cmd.follows:  # a follow-up opens with what was done with the earlier lessons and actions
        opening = [step for step in plan[:1] if step[0] == "opening"]
        plan = opening + [("accountability", ROUND_TYPES["accountability"].minutes)] + plan[len(opening):]
    rounds = tuple(AgendaRound(f"r{i + 1}", kind, minutes) for i, (kind, minutes) in enumerate(plan[:MAX_ROUNDS]))
    host = f"p{state.last_person + 1}"
    carried = [{**row, "id": f"o{n + 1}", "carried": True} for n, row in enumerate(cmd.carried[:MAX_OUTCOMES])]
    return [e.RoomCreated(
        cmd.title, host, cmd.facilitator_name, method.key, agenda_rows(rounds), now,
        follows=cmd.follows, carried=carried, brief=cmd.brief,
    )]


def _newcomer(state: Room, name: str, guest: bool, now: float) -> list:
    if len(state.people) >= MAX_PEOPLE:
        raise refuse(ErrorCode.LIMIT_REACHED, "This meeting is full.")
    person = f"p{state.last_person + 1}"
    return [e.PersonJoined(person, name, Role.PARTICIPANT.value, planned_duties(state, name), guest, now)]


@handles(c.Join)
def _join(state: Room, cmd: c.Join, actor: Actor, now: float) -> list:
    return _newcomer(state, cmd.name, False, now)


@handles(c.AddGuest)
def _guest(state: Room, cmd: c.AddGuest, actor: Actor, now: float) -> list:
    return _newcomer(state, cmd.name, True, now)


@handles(c.MarkOnline)
def _online(state: Room, cmd: c.MarkOnline, actor: Actor, now: float) -> list:
    person = state.people.get(cmd.person)
    return [e.PersonCameOnline(cmd.person)] if person and not person.online else []


@handles(c.MarkOffline)
def _offline(state: Room, cmd: c.MarkOffline, actor: Actor, now: float) -> list:
    person = state.people.get(cmd.person)
    return [e.PersonWentOffline(cmd.person)] if person and person.online else []


@handles(c.Rename)
def _rename(state: Room, cmd: c.Rename, actor: Actor, now: float) -> list:
    person = state.people[person_in(state, actor.person)]
    return [] if person.name == cmd.name else [e.PersonRenamed(person.id, cmd.name)]


@handles(c.SetDuty)
def _duty(state: Room, cmd: c.SetDuty, actor: Actor, now: float) -> list:
    person = state.people[person_in(state, cmd.person)]
    if cmd.duty not in Duty.__members__.values():
        raise refuse(ErrorCode.NOT_FOUND, "No such duty.")
    duties = person.duties | {cmd.duty} if cmd.on else person.duties - {cmd.duty}
    if duties == person.duties:
        return []
    events = [e.DutiesChanged(person.id, sorted(duties))]
    if cmd.duty == Duty.CASE_OWNER and cmd.on and state.hand_of(person.id) and listening_owner(state, person.id, duties):
        events.append(e.HandLowered(person.id))  # a listening case owner holds no hand
    return events


@handles(c.MarkDone)
def _done(state: Room, cmd: c.MarkDone, actor: Actor, now: float) -> list:
    person = person_in(state, actor.person)
    return [] if (person in state.done) == cmd.done else [e.PersonMarkedDone(person, cmd.done)]
