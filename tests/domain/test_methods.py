"""Every template, every round, every rule: table-driven.

Two tables written out here (never read back from methods.py): the agenda of each
method (ANCHORS.md §(d)), and the rules of each round type. The SPEC's words turn a
rule row into expectations ("hand_queue and open take hands", "a listening case owner
gets no hand, no floor and no turn", ...): see the `may_*` functions below. Then each
method is walked round by round with Fay facilitating, Ann as case owner, Bob, Cat,
Dan and Eve as peers, Sam as scribe and Tim as timekeeper, and every rule is tried.
"""

import functools
from typing import NamedTuple

import pytest

from protocol.codes import ErrorCode
from server.domain import DomainError, decide, tick
from server.domain import commands as c
from server.domain import events as e
from server.domain.methods import METHODS, ROUND_TYPES
from server.domain.views import round_types
from tests.domain.rooms import (
    ANN, BOB, CAT, DAN, EVE, FACILITATOR, SAM, T0, assign, at_round, do, fold, meeting, refusal,
)

ALL_KINDS = ("note", "question", "option", "lesson", "action")

#: method -> its rounds in order, with their planned minutes
AGENDAS: dict[str, list[tuple[str, float]]] = {
    "peer_assist": [("opening", 5), ("tell", 10), ("ask", 10), ("analyse", 15), ("feedback", 15),
                    ("lessons", 10), ("close", 5)],
    "incident": [("case_select", 10), ("tell", 5), ("write_questions", 5), ("question_round", 15), ("analyse", 10),
                 ("write_advice", 5), ("share_advice", 10), ("owner_response", 5), ("closing_discussion", 10),
                 ("evaluation", 5)],
    "balint": [("case_select", 10), ("tell", 10), ("write_associations", 5), ("clarify", 10), ("write_advice", 5),
               ("share_advice", 10), ("owner_response", 5), ("evaluation", 5)],
    "gossip": [("tell", 5), ("question_round", 15), ("gossip", 15), ("owner_response", 5), ("evaluation", 5),
               ("lessons", 5)],
    "five_step": [("tell", 5), ("ask", 15), ("core", 10), ("advice", 15), ("evaluation", 5)],
}


class Rules(NamedTuple):
    speaking: str
    owner: str  # presenting | answering | listening
    kinds: frozenset  # what a peer may add
    private: bool = False
    turn_seconds: float | None = None
    owner_takes_turn: bool = False


def R(speaking, owner, kinds, **more) -> Rules:  # noqa: N802
    return Rules(speaking, owner, frozenset(kinds.split()), **more)


HQ, RR, OO, OPEN, SILENT = "hand_queue", "round_robin", "owner_only", "open", "silent_writing"
PRES, ANSW, LIST = "presenting", "answering", "listening"

#: round type -> its rules
ROUNDS: dict[str, Rules] = {
    "opening": R(OPEN, PRES, "note"),
    "accountability": R(RR, ANSW, "note lesson", turn_seconds=60, owner_takes_turn=True),
    "case_select": R(HQ, PRES, "note"),
    "tell": R(OO, PRES, "note"),
    "write_questions": R(SILENT, LIST, "question", private=True),
    "question_round": R(RR, ANSW, "question note", turn_seconds=90),
    "ask": R(HQ, ANSW, "question note"),
    "clarify": R(HQ, ANSW, "question"),
    "write_associations": R(SILENT, LIST, "note", private=True),
    "analyse": R(HQ, LIST, "note option question"),
    "core": R(HQ, ANSW, "note"),
    "gossip": R(OPEN, LIST, "note option"),
    "write_advice": R(SILENT, LIST, "option", private=True),
    "share_advice": R(RR, LIST, "option", turn_seconds=90),
    "feedback": R(RR, ANSW, "option question", turn_seconds=120),
    "advice": R(RR, ANSW, "option", turn_seconds=90),
    "owner_response": R(OO, PRES, "note lesson action"),
    "closing_discussion": R(HQ, ANSW, "note lesson"),
    "lessons": R(HQ, PRES, "lesson action"),
    "evaluation": R(RR, ANSW, "note", turn_seconds=45, owner_takes_turn=True),
    "close": R(OPEN, PRES, "note lesson action"),
}


# --- the SPEC's words, as rules over a row ------------------------------------------------


def may_raise_hand(rules: Rules, owner: bool) -> bool:
    """Hands in hand_queue and open rounds; never for a listening case owner."""
    return rules.speaking in (HQ, OPEN) and not (owner and rules.owner == LIST)


def may_get_floor(rules: Rules, owner: bool) -> bool:
    """No floor in a silent round; only case owners in an owner_only round; none for a listening owner."""
    if rules.speaking == SILENT or (owner and rules.owner == LIST):
        return False
    return owner or rules.speaking != OO


def turn_order(rules: Rules) -> list[str] | None:
    """Round-robin only: the peers as seated, and the case owner (seated first) where the owner takes a turn.
    The facilitator, the scribe and the timekeeper take no turn."""
    if rules.speaking != RR:
        return None
    return (["p2"] if rules.owner_takes_turn else []) + ["p3", "p4", "p5", "p6"]


# --- the tables themselves ----------------------------------------------------------------


def test_the_tables_cover_every_method_and_every_round_type():
    assert set(AGENDAS) == set(METHODS)
    assert set(ROUNDS) == set(ROUND_TYPES)
    assert {kind for agenda in AGENDAS.values() for kind, _ in agenda} <= set(ROUNDS)


@pytest.mark.parametrize("method", AGENDAS)
def test_a_meeting_created_with_a_method_lays_out_its_rounds(method):
    state = meeting(method)
    assert state.method == method
    assert [(r.kind, r.minutes) for r in state.agenda] == AGENDAS[method]
    assert [r.id for r in state.agenda] == [f"r{n}" for n in range(1, len(AGENDAS[method]) + 1)]
    assert not any(r.skipped for r in state.agenda)


@pytest.mark.parametrize("kind", ROUNDS)
def test_the_published_round_types_say_what_the_rules_are(kind):
    """GET /api/methods shows these; a client renders its hints from them."""
    published, rules = round_types()[kind], ROUNDS[kind]
    assert (published["speaking"], published["owner"], set(published["kinds"])) == (rules.speaking, rules.owner, rules.kinds)
    assert published["visibility"] == ("private" if rules.private else "public")
    assert (published["turn_seconds"], published["owner_takes_turn"]) == (rules.turn_seconds, rules.owner_takes_turn)
    assert published["advance"] == "facilitator"


# --- walking every method ----------------------------------------------------------------


@functools.cache
def _walk(method: str) -> tuple:
    """The meeting after each NextRound, from the lobby to the last round."""
    state, now, states = meeting(method, helpers=True), T0, []
    for _ in AGENDAS[method]:
        state = do(state, c.NextRound(), now=now)
        states.append((state, now))
        now += 60
    return tuple(states)


STEPS = [(method, index, kind) for method, agenda in AGENDAS.items() for index, (kind, _) in enumerate(agenda)]
IDS = [f"{method}-{index + 1}-{kind}" for method, index, kind in STEPS]


def _outcome(state, command, actor, now):
    """The events, or the refusal's code."""
    try:
        return decide(state, command, actor, now)
    except DomainError as refused:
        return refused.code


@pytest.mark.parametrize(("method", "index", "kind"), STEPS, ids=IDS)
def test_walking_the_agenda_reaches_each_round_with_its_time_box(method, index, kind):
    state, now = _walk(method)[index]
    assert state.round.kind == kind and state.current == f"r{index + 1}"
    assert state.round_ends_at == now + AGENDAS[method][index][1] * 60


@pytest.mark.parametrize(("method", "index", "kind"), STEPS, ids=IDS)
def test_who_may_raise_a_hand(method, index, kind):
    state, now = _walk(method)[index]
    rules = ROUNDS[kind]
    for actor, owner in [(BOB, False), (EVE, False), (FACILITATOR, False), (ANN, True)]:
        outcome = _outcome(state, c.RaiseHand(), actor, now)
        if may_raise_hand(rules, owner):
            assert outcome == [e.HandRaised(actor.person, 1, False, now, [actor.person])], actor
        else:
            assert outcome is ErrorCode.NOT_NOW, actor
        direct = _outcome(state, c.RaiseHand(direct=True), actor, now)
        assert (direct is ErrorCode.NOT_NOW) is (outcome is ErrorCode.NOT_NOW)


@pytest.mark.parametrize(("method", "index", "kind"), STEPS, ids=IDS)
def test_who_may_get_the_floor(method, index, kind):
    state, now = _walk(method)[index]
    rules = ROUNDS[kind]
    for person, owner in [("p3", False), ("p6", False), ("p2", True)]:
        outcome = _outcome(state, c.GiveFloor(person), FACILITATOR, now)
        if may_get_floor(rules, owner):
            assert outcome == [e.FloorGiven(person, now, None)], person
        else:
            assert outcome is ErrorCode.NOT_NOW, person


@pytest.mark.parametrize(("method", "index", "kind"), STEPS, ids=IDS)
def test_which_items_may_be_added_and_whether_they_are_hidden(method, index, kind):
    state, now = _walk(method)[index]
    rules = ROUNDS[kind]
    round_id = f"r{index + 1}"
    for item_kind in ALL_KINDS:
        for actor in (BOB, ANN):  # a peer; the case owner writes by the same rule
            outcome = _outcome(state, c.AddItem(item_kind, "text"), actor, now)
            if item_kind in rules.kinds:
                assert outcome == [e.ItemAdded("i1", item_kind, "text", actor.person, round_id, rules.private, now)]
            else:
                assert outcome is ErrorCode.NOT_NOW, (actor, item_kind)
        for actor in (FACILITATOR, SAM):  # a facilitator or a scribe may add any kind
            outcome = _outcome(state, c.AddItem(item_kind, "text"), actor, now)
            assert outcome == [e.ItemAdded("i1", item_kind, "text", actor.person, round_id, rules.private, now)]


@pytest.mark.parametrize(("method", "index", "kind"), STEPS, ids=IDS)
def test_whether_turns_go_round_and_who_is_in_the_order(method, index, kind):
    state, now = _walk(method)[index]
    rules, order = ROUNDS[kind], turn_order(ROUNDS[kind])
    outcome = _outcome(state, c.StartTurns(), FACILITATOR, now)
    if order is None:
        assert outcome is ErrorCode.NOT_NOW
    else:
        assert outcome == [e.TurnsStarted(order), e.FloorGiven(order[0], now, now + rules.turn_seconds)]


@pytest.mark.parametrize(("method", "index", "kind"), [s for s in STEPS if ROUNDS[s[2]].speaking == RR],
                         ids=[i for s, i in zip(STEPS, IDS) if ROUNDS[s[2]].speaking == RR])
def test_a_round_robin_gives_everyone_in_the_order_one_timed_turn_then_says_so(method, index, kind):
    state, now = _walk(method)[index]
    rules = ROUNDS[kind]
    state = do(state, c.StartTurns(), now=now)
    speakers = []
    while not state.turns.complete:
        speaker = state.floor.person
        speakers.append(speaker)
        assert state.floor.ends_at == state.floor.since + rules.turn_seconds
        events = decide(state, c.EndFloor(), FACILITATOR, now + 10)
        state, now = fold(state, events), now + 10
    assert speakers == turn_order(rules)
    assert isinstance(events[-1], e.TurnsCompleted)
    assert "p2" not in speakers or rules.owner != LIST


@pytest.mark.parametrize("kind", ROUNDS)
def test_every_round_type_keeps_its_rules_when_added_to_any_agenda(kind):
    """The same rules for a round no template uses (accountability) or one added by hand."""
    rules = ROUNDS[kind]
    state = at_round(meeting("five_step", helpers=True), kind)
    assert state.round.kind == kind
    assert (_outcome(state, c.RaiseHand(), BOB, T0) is ErrorCode.NOT_NOW) is not may_raise_hand(rules, False)
    assert (_outcome(state, c.RaiseHand(), ANN, T0) is ErrorCode.NOT_NOW) is not may_raise_hand(rules, True)
    assert (_outcome(state, c.GiveFloor("p4"), FACILITATOR, T0) is ErrorCode.NOT_NOW) is not may_get_floor(rules, False)
    assert (_outcome(state, c.GiveFloor("p2"), FACILITATOR, T0) is ErrorCode.NOT_NOW) is not may_get_floor(rules, True)
    added = {k for k in ALL_KINDS if _outcome(state, c.AddItem(k, "x"), DAN, T0) is not ErrorCode.NOT_NOW}
    assert added == rules.kinds
    started = _outcome(state, c.StartTurns(), FACILITATOR, T0)
    assert (started[0].order if isinstance(started, list) else None) == turn_order(rules)


# --- the case owner listening --------------------------------------------------------------

LISTENING = [kind for kind, rules in ROUNDS.items() if rules.owner == LIST]


def test_the_table_has_listening_rounds_of_every_speaking_kind_but_owner_only():
    assert {ROUNDS[k].speaking for k in LISTENING} == {SILENT, HQ, OPEN, RR}


@pytest.mark.parametrize("kind", LISTENING)
def test_a_listening_case_owner_gets_no_hand_not_even_raised_by_the_facilitator(kind):
    state = assign(at_round(meeting(), kind), ANN, "case_owner")
    assert refusal(state, c.RaiseHand(), ANN) is ErrorCode.NOT_NOW
    assert refusal(state, c.GiveFloor("p2")) is ErrorCode.NOT_NOW


def test_a_listening_guest_case_owner_gets_no_hand_from_the_scribe_either():
    state = do(meeting(helpers=True), c.AddGuest("Gus"))
    state = assign(state, "p9", "case_owner", only=True)
    state = at_round(state, "analyse")
    assert refusal(state, c.RaiseHand(person="p9"), SAM) is ErrorCode.NOT_NOW


def test_a_case_owner_made_owner_during_the_turns_of_a_listening_round_is_passed_over():
    state = do(at_round(meeting("balint"), "share_advice"), c.StartTurns())
    assert state.turns.order == ("p3", "p4", "p5", "p6")
    state = do(state, c.SetDuty("p4", "case_owner", True))  # Cat joins the learning team
    events = decide(state, c.EndFloor(), BOB, T0 + 5)
    assert events[-1] == e.FloorGiven("p5", T0 + 5, T0 + 5 + 90)


def test_a_case_owner_with_a_peers_duty_too_is_still_a_case_owner():
    state = assign(meeting(), ANN, "peer")
    state = at_round(state, "share_advice")
    assert do(state, c.StartTurns()).turns.order == ("p3", "p4", "p5", "p6")
    assert refusal(at_round(state, "analyse"), c.RaiseHand(), ANN) is ErrorCode.NOT_NOW


def test_a_case_owner_who_answers_may_respond_directly():
    state = do(at_round(meeting(), "ask"), c.RaiseHand(), BOB)
    assert [h.person for h in do(state, c.RaiseHand(direct=True), ANN).queue] == ["p2", "p3"]


def test_the_owner_speaks_alone_in_owner_only_rounds_until_the_round_ends():
    state = do(at_round(meeting(), "tell"), c.GiveFloor("p2"))
    assert refusal(state, c.GiveFloor("p3")) is ErrorCode.NOT_NOW
    assert refusal(state, c.RaiseHand(direct=True), BOB) is ErrorCode.NOT_NOW
    later = fold(state, tick(state, T0 + 10 * 60))
    assert later.time_box_over and later.floor.person == "p2"  # the time box only informs


def test_moving_into_a_round_where_the_owner_listens_lowers_only_the_owners_hand():
    """Else the owner's hand would wait at the head of the queue, and 'give the floor to the
    next' would be refused until the facilitator lowered it by hand."""
    state = do(do(at_round(meeting(), "ask"), c.RaiseHand(), ANN), c.RaiseHand(), BOB)
    events = decide(state, c.NextRound(), FACILITATOR, T0)  # analyse: the owner listens
    assert e.HandLowered("p2") in events and e.AllHandsLowered() not in events
    state = fold(state, events)
    assert [h.person for h in state.queue] == ["p3"]
    assert do(state, c.GiveFloor()).floor.person == "p3"


def test_a_peer_made_case_owner_in_a_listening_round_has_their_hand_lowered():
    state = do(at_round(meeting(), "analyse"), c.RaiseHand(), CAT)
    assert decide(state, c.SetDuty("p4", "case_owner", True), FACILITATOR, T0) == [
        e.DutiesChanged("p4", ["case_owner", "peer"]), e.HandLowered("p4")
    ]
    state = do(state, c.RaiseHand(), BOB)
    assert decide(state, c.SetDuty("p3", "scribe", True), FACILITATOR, T0) == [e.DutiesChanged("p3", ["peer", "scribe"])]
