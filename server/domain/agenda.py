"""The agenda: which round runs, moving between rounds, and editing the plan.

Before the first NextRound nothing runs (the lobby). Moving on ends the current speaker's
turn and, when the next round has no use for hands, lowers them (or only the case
owners', when the next round has them listen); the round's time box
starts with it. History keeps every visit, so planned and actual times are known.
"""

from protocol.codes import ErrorCode
from server.domain import commands as c
from server.domain import events as e
from server.domain.floor import floor_handover
from server.domain.handlers import handles, refuse
from server.domain.methods import ROUND_TYPES, OwnerMode, Speaking
from server.domain.rules import MAX_ROUND_MINUTES, MAX_ROUNDS
from server.domain.state import Actor, AgendaRound, Duty, Room

HANDS_WELCOME = (Speaking.HAND_QUEUE, Speaking.OPEN)


def agenda_rows(rounds: tuple[AgendaRound, ...]) -> list[dict]:
    return [{"id": r.id, "kind": r.kind, "minutes": r.minutes, "skipped": r.skipped} for r in rounds]


def _find(state: Room, round_id: str) -> int:
    for index, item in enumerate(state.agenda):
        if item.id == round_id:
            return index
    raise refuse(ErrorCode.NOT_FOUND, "No such round in the agenda.")


def enter(state: Room, target: AgendaRound, now: float) -> list:
    """The events of moving from the current round to `target`."""
    events = floor_handover(state, now)
    if state.queue and target.rules.speaking not in HANDS_WELCOME:
        events.append(e.AllHandsLowered())
    elif target.rules.owner is OwnerMode.LISTENING:  # a listening case owner holds no hand
        events += [e.HandLowered(h.person) for h in state.queue if state.has_duty(h.person, Duty.CASE_OWNER)]
    events.append(e.RoundStarted(target.id, state.current, now + target.minutes * 60, now))
    return events


def _step(state: Room, direction: int) -> AgendaRound | None:
    index = _find(state, state.current) if state.current else -1
    index += direction
    while 0 <= index < len(state.agenda):
        if not state.agenda[index].skipped:
            return state.agenda[index]
        index += direction
    return None


def next_round_events(state: Room, now: float) -> list:
    target = _step(state, +1)
    if target is None:
        raise refuse(ErrorCode.WRONG_STATE, "This is already the last round.")
    return enter(state, target, now)


@handles(c.NextRound)
def _next(state: Room, cmd: c.NextRound, actor: Actor, now: float) -> list:
    return next_round_events(state, now)


@handles(c.PreviousRound)
def _previous(state: Room, cmd: c.PreviousRound, actor: Actor, now: float) -> list:
    target = _step(state, -1) if state.current else None
    if target is None:
        raise refuse(ErrorCode.WRONG_STATE, "This is already the first round.")
    return enter(state, target, now)


@handles(c.JumpToRound)
def _jump(state: Room, cmd: c.JumpToRound, actor: Actor, now: float) -> list:
    target = state.agenda[_find(state, cmd.round)]
    return [] if target.id == state.current else enter(state, target, now)


@handles(c.ExtendRound)
def _extend(state: Room, cmd: c.ExtendRound, actor: Actor, now: float) -> list:
    current = state.round
    if current is None or state.round_ends_at is None:
        raise refuse(ErrorCode.WRONG_STATE, "No round is running.")
    minutes = min(MAX_ROUND_MINUTES, current.minutes + cmd.minutes)
    ends_at = max(state.round_ends_at, now) + cmd.minutes * 60  # after the time box: from now
    return [e.RoundExtended(current.id, minutes, ends_at)]


@handles(c.SetTimeBox)
def _time_box(state: Room, cmd: c.SetTimeBox, actor: Actor, now: float) -> list:
    index = _find(state, cmd.round)
    item = state.agenda[index]
    if item.minutes == cmd.minutes:
        return []
    if item.id == state.current and state.round_ends_at is not None:
        ends_at = state.round_ends_at + (cmd.minutes - item.minutes) * 60
        return [e.RoundExtended(item.id, cmd.minutes, ends_at)]
    return [e.AgendaChanged(agenda_rows(_replace(state, index, AgendaRound(item.id, item.kind, cmd.minutes, item.skipped))))]


@handles(c.SkipRound)
def _skip(state: Room, cmd: c.SkipRound, actor: Actor, now: float) -> list:
    index = _find(state, cmd.round)
    item = state.agenda[index]
    if item.id == state.current:
        raise refuse(ErrorCode.WRONG_STATE, "Move to another round before skipping this one.")
    if item.skipped == cmd.skip:
        return []
    return [e.AgendaChanged(agenda_rows(_replace(state, index, AgendaRound(item.id, item.kind, item.minutes, cmd.skip))))]


@handles(c.AddRound)
def _add(state: Room, cmd: c.AddRound, actor: Actor, now: float) -> list:
    kind = ROUND_TYPES.get(cmd.kind)
    if kind is None:
        raise refuse(ErrorCode.NOT_FOUND, "No such kind of round.")
    if len(state.agenda) >= MAX_ROUNDS:
        raise refuse(ErrorCode.LIMIT_REACHED, "The agenda is full.")
    new = AgendaRound(f"r{state.last_round + 1}", kind.key, cmd.minutes if cmd.minutes is not None else kind.minutes)
    position = len(state.agenda) if cmd.position is None else max(0, min(cmd.position, len(state.agenda)))
    rounds = state.agenda[:position] + (new,) + state.agenda[position:]
    return [e.AgendaChanged(agenda_rows(rounds))]


@handles(c.RemoveRound)
def _remove(state: Room, cmd: c.RemoveRound, actor: Actor, now: float) -> list:
    index = _find(state, cmd.round)
    if state.agenda[index].id == state.current:
        raise refuse(ErrorCode.WRONG_STATE, "Move to another round before removing this one.")
    return [e.AgendaChanged(agenda_rows(state.agenda[:index] + state.agenda[index + 1:]))]


@handles(c.MoveRound)
def _move(state: Room, cmd: c.MoveRound, actor: Actor, now: float) -> list:
    index = _find(state, cmd.round)
    rest = state.agenda[:index] + state.agenda[index + 1:]
    position = max(0, min(cmd.position, len(rest)))
    if position == index:
        return []
    return [e.AgendaChanged(agenda_rows(rest[:position] + (state.agenda[index],) + rest[position:]))]


def _replace(state: Room, index: int, item: AgendaRound) -> tuple[AgendaRound, ...]:
    return state.agenda[:index] + (item,) + state.agenda[index + 1:]
