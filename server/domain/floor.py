"""Who speaks: the hand queue (ordered by the server), the floor, round-robin turns,
and the airtime every floor change adds to.

The queue's order is decided here and carried in the events (`queue`), so every screen
shows the order the server chose: direct responses first, then plain hands by the order
they were raised or, when the facilitator asks for progressive ordering, least airtime
first.
"""

from protocol.codes import ErrorCode
from server.domain import commands as c
from server.domain import events as e
from server.domain.handlers import handles, listening_owner, person_in, refuse
from server.domain.methods import Speaking
from server.domain.rules import steers, writes_for_anyone
from server.domain.state import Actor, Airtime, Duty, Hand, Person, Room

_NO_HANDS = {
    Speaking.OWNER_ONLY: "In this round only the case owner speaks.",
    Speaking.ROUND_ROBIN: "Turns go round in this round: wait for yours.",
    Speaking.SILENT: "This round is for writing, not speaking.",
}


def queue_order(hands: tuple[Hand, ...], airtime, progressive: bool) -> list[str]:
    def key(hand: Hand) -> tuple:
        spoken = airtime.get(hand.person, Airtime()).seconds if progressive and not hand.direct else 0.0
        return (not hand.direct, spoken, hand.n)

    return [hand.person for hand in sorted(hands, key=key)]


def floor_handover(state: Room, now: float, passed: bool = False) -> list:
    """End the current turn, if any: its seconds go to the speaker's airtime."""
    if state.floor is None:
        return []
    speaker = state.floor.person
    spent = max(0.0, now - state.floor.since)
    airtime = {**state.airtime, speaker: Airtime(state.airtime.get(speaker, Airtime()).seconds + spent)}
    return [e.FloorEnded(speaker, now, spent, passed, queue_order(state.queue, airtime, state.progressive))]


def _takes_turns(state: Room, person: Person) -> bool:
    """Seated order: everyone here with a peer's or owner's duty, but the facilitators,
    and the case owners only where the round gives them a turn."""
    if not (person.online or person.guest) or Duty.FACILITATOR in person.duties:
        return False
    if Duty.CASE_OWNER in person.duties:
        return state.round is not None and state.round.rules.owner_takes_turn
    return Duty.PEER in person.duties


def _turn_ends_at(state: Room, now: float) -> float | None:
    seconds = state.round.rules.turn_seconds if state.round else None
    return now + seconds if seconds else None


def _next_turn(state: Room, after: int, now: float) -> list:
    """Hand the floor to the next one in the round-robin, or say everyone has had a turn."""
    order = state.turns.order
    for index in range(after, len(order)):
        person = order[index]
        who = state.people.get(person)
        if who and (who.online or who.guest) and not listening_owner(state, person):
            return [e.FloorGiven(person, now, _turn_ends_at(state, now))]
        # an absent person's turn is passed for them; evolve moves the index on
    return [e.TurnsCompleted(now)]


def _end_turn(state: Room, now: float, passed: bool) -> list:
    events = floor_handover(state, now, passed)
    turns = state.turns
    if turns and not turns.complete and state.floor and turns.order[turns.index] == state.floor.person:
        events += _next_turn(state, turns.index + 1, now)
    return events


@handles(c.RaiseHand)
def _raise(state: Room, cmd: c.RaiseHand, actor: Actor, now: float) -> list:
    person = person_in(state, cmd.person or actor.person)
    if person != actor.person:
        if not writes_for_anyone(state, actor) or not state.people[person].guest:
            raise refuse(ErrorCode.FORBIDDEN, "Only a facilitator or scribe may raise a hand for a guest.")
    current = state.round
    if current and current.rules.speaking in _NO_HANDS:
        raise refuse(ErrorCode.NOT_NOW, _NO_HANDS[current.rules.speaking])
    if listening_owner(state, person):
        raise refuse(ErrorCode.NOT_NOW, "The case owner listens in this round.")
    if state.hand_of(person) or (state.floor and state.floor.person == person):
        return []
    hand = Hand(person, state.last_hand + 1, now, cmd.direct)
    order = queue_order(state.queue + (hand,), state.airtime, state.progressive)
    return [e.HandRaised(person, hand.n, cmd.direct, now, order)]


@handles(c.LowerHand)
def _lower(state: Room, cmd: c.LowerHand, actor: Actor, now: float) -> list:
    person = cmd.person or actor.person or ""
    if person != actor.person and not steers(state, actor):
        guest = state.people.get(person)
        if not (guest and guest.guest and writes_for_anyone(state, actor)):
            raise refuse(ErrorCode.FORBIDDEN, "Only a facilitator may lower someone else's hand.")
    return [e.HandLowered(person)] if state.hand_of(person) else []


@handles(c.LowerAllHands)
def _lower_all(state: Room, cmd: c.LowerAllHands, actor: Actor, now: float) -> list:
    return [e.AllHandsLowered()] if state.queue else []


@handles(c.SetProgressive)
def _progressive(state: Room, cmd: c.SetProgressive, actor: Actor, now: float) -> list:
    if state.progressive == cmd.on:
        return []
    return [e.QueueReordered(cmd.on, queue_order(state.queue, state.airtime, cmd.on))]


@handles(c.GiveFloor)
def _give(state: Room, cmd: c.GiveFloor, actor: Actor, now: float) -> list:
    if cmd.person is None:
        if not state.queue:
            raise refuse(ErrorCode.QUEUE_EMPTY, "No hand is raised.")
        person = state.queue[0].person
    else:
        person = person_in(state, cmd.person)
    current = state.round
    if current and current.rules.speaking is Speaking.SILENT:
        raise refuse(ErrorCode.NOT_NOW, _NO_HANDS[Speaking.SILENT])
    if current and current.rules.speaking is Speaking.OWNER_ONLY and not state.has_duty(person, Duty.CASE_OWNER):
        raise refuse(ErrorCode.NOT_NOW, _NO_HANDS[Speaking.OWNER_ONLY])
    if listening_owner(state, person):
        raise refuse(ErrorCode.NOT_NOW, "The case owner listens in this round.")
    if state.floor and state.floor.person == person:
        return []
    return floor_handover(state, now) + [e.FloorGiven(person, now, None)]


@handles(c.EndFloor)
def _end(state: Room, cmd: c.EndFloor, actor: Actor, now: float) -> list:
    if state.floor is None:
        return []
    if state.floor.person != actor.person and not steers(state, actor):
        raise refuse(ErrorCode.FORBIDDEN, "Only the speaker or a facilitator may end a turn.")
    return _end_turn(state, now, passed=False)


@handles(c.StartTurns)
def _start_turns(state: Room, cmd: c.StartTurns, actor: Actor, now: float) -> list:
    current = state.round
    if current is None or current.rules.speaking is not Speaking.ROUND_ROBIN:
        raise refuse(ErrorCode.NOT_NOW, "Turns go round only in a round-robin round.")
    if state.turns and not state.turns.complete:  # a double click must not reshuffle the order
        raise refuse(ErrorCode.WRONG_STATE, "Turns are already going round.")
    order = [p.id for p in state.people.values() if _takes_turns(state, p)]
    if not order:
        raise refuse(ErrorCode.WRONG_STATE, "Nobody here to take a turn.")
    if cmd.shuffle:
        order = shuffled(order, cmd.seed)
    started = e.TurnsStarted(order)
    events = floor_handover(state, now)
    if state.queue:
        events.append(e.AllHandsLowered())
    first = state.people[order[0]]
    return events + [started, e.FloorGiven(first.id, now, _turn_ends_at(state, now))]


@handles(c.PassTurn)
def _pass(state: Room, cmd: c.PassTurn, actor: Actor, now: float) -> list:
    turns = state.turns
    if not turns or turns.complete or not state.floor or state.floor.person != actor.person:
        raise refuse(ErrorCode.WRONG_STATE, "It is not your turn.")
    return _end_turn(state, now, passed=True)


@handles(c.SkipTurn)
def _skip(state: Room, cmd: c.SkipTurn, actor: Actor, now: float) -> list:
    turns = state.turns
    if not turns or turns.complete:
        raise refuse(ErrorCode.WRONG_STATE, "No turns are going round.")
    return floor_handover(state, now, passed=True) + _next_turn(state, turns.index + 1, now)


def shuffled(items: list[str], seed: int) -> list[str]:
    """Fisher-Yates driven by a 64-bit LCG: pure, and the same for the same seed."""
    out, state = list(items), (seed or 1) & 0xFFFFFFFFFFFFFFFF
    for i in range(len(out) - 1, 0, -1):
        state = (state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        j = (state >> 33) % (i + 1)
        out[i], out[j] = out[j], out[i]
    return out
