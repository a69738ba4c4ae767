"""The agenda: the facilitator walks the rounds, edits the plan before and during the
meeting, and history keeps every visit so planned and actual times are known.

Peer Assist, as every test here creates it:

    r1 opening 5 · r2 tell 10 · r3 ask 10 · r4 analyse 15 · r5 feedback 15 · r6 lessons 10 · r7 close 5
"""

import pytest

from protocol.codes import ErrorCode
from server.domain import decide, next_deadline, tick
from server.domain import commands as c
from server.domain import events as e
from server.domain.methods import ROUND_TYPES, Advance, OwnerMode, RoundType, Speaking
from server.domain.rules import MAX_ROUNDS
from tests.domain.rooms import ANN, BOB, CAT, FACILITATOR, T0, do, fold, refusal, room, start

PLAN = [("r1", "opening", 5), ("r2", "tell", 10), ("r3", "ask", 10), ("r4", "analyse", 15),
        ("r5", "feedback", 15), ("r6", "lessons", 10), ("r7", "close", 5)]
MINUTES = {rid: minutes for rid, _, minutes in PLAN}


def _plan(state):
    return [(r.id, r.kind, r.minutes) for r in state.agenda]


def _at(rid: str, now: float = T0):
    return do(room(), c.JumpToRound(rid), now=now)


def test_a_new_meeting_waits_in_the_lobby_with_the_methods_plan():
    state = room()
    assert _plan(state) == PLAN
    assert (state.current, state.round, state.round_ends_at, state.history) == (None, None, None, ())


def test_next_round_from_the_lobby_starts_the_first_round_and_its_time_box():
    assert decide(room(), c.NextRound(), FACILITATOR, T0 + 9) == [e.RoundStarted("r1", None, T0 + 9 + 5 * 60, T0 + 9)]


def test_next_round_walks_every_round_in_order_naming_the_previous_one():
    state, now, previous = room(), T0, None
    for rid, _, minutes in PLAN:
        assert decide(state, c.NextRound(), FACILITATOR, now) == [e.RoundStarted(rid, previous, now + minutes * 60, now)]
        state = do(state, c.NextRound(), now=now)
        assert (state.current, state.round_ends_at, state.time_box_over) == (rid, now + minutes * 60, False)
        previous, now = rid, now + 100
    assert refusal(state, c.NextRound()) is ErrorCode.WRONG_STATE


def test_previous_round_walks_back_and_stops_at_the_first():
    state = _at("r7")
    for rid in ["r6", "r5", "r4", "r3", "r2", "r1"]:
        state = do(state, c.PreviousRound())
        assert state.current == rid
    assert refusal(state, c.PreviousRound()) is ErrorCode.WRONG_STATE


def test_previous_round_in_the_lobby_is_refused():
    assert refusal(room(), c.PreviousRound()) is ErrorCode.WRONG_STATE


def test_jump_goes_to_any_round_in_either_direction():
    state = do(_at("r2"), c.JumpToRound("r6"))
    assert state.current == "r6"
    assert do(state, c.JumpToRound("r1")).current == "r1"


def test_jumping_to_the_current_round_changes_nothing_and_to_an_unknown_one_is_refused():
    assert decide(_at("r3"), c.JumpToRound("r3"), FACILITATOR, T0) == []
    assert refusal(_at("r3"), c.JumpToRound("r99")) is ErrorCode.NOT_FOUND


# --- skipping --------------------------------------------------------------------------


def test_skipped_rounds_are_passed_over_both_ways():
    state = do(do(_at("r2"), c.SkipRound("r3")), c.SkipRound("r4"))
    state = do(state, c.NextRound())
    assert state.current == "r5"
    assert do(state, c.PreviousRound()).current == "r2"


def test_a_skipped_first_round_is_passed_over_from_the_lobby():
    assert start(do(room(), c.SkipRound("r1"))).current == "r2"


def test_when_every_later_round_is_skipped_there_is_no_next_round():
    state = _at("r5")
    for rid in ["r6", "r7"]:
        state = do(state, c.SkipRound(rid))
    assert refusal(state, c.NextRound()) is ErrorCode.WRONG_STATE


def test_a_skipped_round_can_still_be_jumped_to_and_unskipped():
    state = do(_at("r2"), c.SkipRound("r3"))
    assert [r.skipped for r in state.agenda] == [False, False, True, False, False, False, False]
    assert do(state, c.JumpToRound("r3")).current == "r3"
    state = do(state, c.SkipRound("r3", skip=False))
    assert do(state, c.NextRound()).current == "r3"


def test_skipping_the_current_round_is_refused_and_skipping_twice_changes_nothing():
    assert refusal(_at("r3"), c.SkipRound("r3")) is ErrorCode.WRONG_STATE
    state = do(_at("r3"), c.SkipRound("r5"))
    assert decide(state, c.SkipRound("r5"), FACILITATOR, T0) == []
    assert decide(state, c.SkipRound("r6", skip=False), FACILITATOR, T0) == []


# --- time boxes ------------------------------------------------------------------------


def test_extend_adds_minutes_to_the_running_time_box():
    state = _at("r1")  # 5 minutes from T0
    assert decide(state, c.ExtendRound(3), FACILITATOR, T0 + 60) == [e.RoundExtended("r1", 8, T0 + 8 * 60)]
    after = do(state, c.ExtendRound(3), now=T0 + 60)
    assert (after.agenda[0].minutes, after.round_ends_at) == (8, T0 + 8 * 60)


def test_extending_after_the_time_box_is_over_counts_from_now():
    state = _at("r1")
    state = fold(state, tick(state, T0 + 400))
    assert state.time_box_over
    after = do(state, c.ExtendRound(2), now=T0 + 500)
    assert (after.round_ends_at, after.time_box_over) == (T0 + 500 + 120, False)


def test_extend_in_the_lobby_is_refused():
    assert refusal(room(), c.ExtendRound(5)) is ErrorCode.WRONG_STATE


def test_setting_another_rounds_time_box_changes_the_plan_only():
    state = do(_at("r1"), c.SetTimeBox("r4", 25))
    assert _plan(state)[3] == ("r4", "analyse", 25)
    assert state.round_ends_at == T0 + 5 * 60
    assert do(state, c.JumpToRound("r4"), now=T0 + 10).round_ends_at == T0 + 10 + 25 * 60


def test_setting_the_current_rounds_time_box_moves_its_deadline():
    state = _at("r3")  # 10 minutes
    assert decide(state, c.SetTimeBox("r3", 4), FACILITATOR, T0 + 30) == [e.RoundExtended("r3", 4, T0 + 4 * 60)]


def test_setting_the_same_time_box_changes_nothing_and_an_unknown_round_is_refused():
    assert decide(room(), c.SetTimeBox("r2", 10), FACILITATOR, T0) == []
    assert refusal(room(), c.SetTimeBox("r42", 10)) is ErrorCode.NOT_FOUND


def test_the_time_box_is_over_once_and_only_at_its_end():
    state = _at("r2")  # ends T0 + 600
    assert next_deadline(state) == T0 + 600
    assert tick(state, T0 + 599.9) == []
    assert tick(state, T0 + 650) == [e.TimeBoxOver("r2", T0 + 600)]
    state = fold(state, tick(state, T0 + 650))
    assert state.time_box_over and state.current == "r2"  # nothing advances by itself
    assert tick(state, T0 + 650) == [] and tick(state, T0 + 9_999) == []
    assert next_deadline(state) is None


def test_an_extended_time_box_can_be_over_again():
    state = _at("r2")
    state = fold(state, tick(state, T0 + 600))
    state = do(state, c.ExtendRound(1), now=T0 + 610)
    assert next_deadline(state) == T0 + 670
    assert tick(state, T0 + 670) == [e.TimeBoxOver("r2", T0 + 670)]


@pytest.fixture
def timed_round(monkeypatch):
    """A round type that moves on by itself when its time box is over (none built in does)."""
    kind = RoundType("timed", "Timed", "", Speaking.OPEN, frozenset({"note"}), OwnerMode.PRESENTING, minutes=2,
                     advance=Advance.ON_TIME_BOX)
    monkeypatch.setitem(ROUND_TYPES, "timed", kind)
    return kind.key


def test_a_round_that_advances_on_its_time_box_starts_the_next_round_at_the_tick(timed_round):
    state = do(room(), c.AddRound(timed_round, position=0))  # r8, first
    state = start(state)
    assert state.current == "r8"
    assert tick(state, T0 + 125) == [e.TimeBoxOver("r8", T0 + 120), e.RoundStarted("r1", "r8", T0 + 125 + 5 * 60, T0 + 125)]
    state = fold(state, tick(state, T0 + 125))
    assert (state.current, state.time_box_over) == ("r1", False)
    assert tick(state, T0 + 125) == []


def test_a_last_round_that_advances_on_its_time_box_just_ends(timed_round):
    state = do(do(room(), c.AddRound(timed_round)), c.JumpToRound("r8"))
    assert tick(state, T0 + 120) == [e.TimeBoxOver("r8", T0 + 120)]


def test_a_facilitator_led_round_never_advances_by_itself():
    state = _at("r1")
    for now in (T0 + 300, T0 + 3_000, T0 + 30_000):
        state = fold(state, tick(state, now))
    assert state.current == "r1"


# --- editing the plan --------------------------------------------------------------------


def test_a_round_added_without_a_position_goes_last_with_its_types_minutes():
    state = do(room(), c.AddRound("clarify"))
    assert _plan(state)[-1] == ("r8", "clarify", 10)
    assert _plan(do(state, c.AddRound("gossip", minutes=7)))[-1] == ("r9", "gossip", 7)


@pytest.mark.parametrize(("position", "index"), [(0, 0), (3, 3), (7, 7), (99, 7)])
def test_a_round_added_at_a_position_lands_there(position, index):
    state = do(room(), c.AddRound("core", position=position))
    assert _plan(state)[index] == ("r8", "core", 10)
    assert len(state.agenda) == 8


def test_an_unknown_kind_of_round_is_refused():
    assert refusal(room(), c.AddRound("brainstorm")) is ErrorCode.NOT_FOUND


def test_the_agenda_holds_at_most_its_limit():
    state = room()
    for _ in range(MAX_ROUNDS - len(PLAN)):
        state = do(state, c.AddRound("ask"))
    assert len(state.agenda) == MAX_ROUNDS
    assert refusal(state, c.AddRound("ask")) is ErrorCode.LIMIT_REACHED


def test_removing_a_round_takes_it_out_and_its_id_is_never_reused():
    state = do(room(), c.RemoveRound("r7"))
    assert [r.id for r in state.agenda] == ["r1", "r2", "r3", "r4", "r5", "r6"]
    assert do(state, c.AddRound("close")).agenda[-1].id == "r8"


def test_the_current_round_cannot_be_removed_and_an_unknown_one_is_not_found():
    assert refusal(_at("r3"), c.RemoveRound("r3")) is ErrorCode.WRONG_STATE
    assert refusal(_at("r3"), c.RemoveRound("r9")) is ErrorCode.NOT_FOUND


def test_moving_a_round_reorders_the_agenda_and_next_follows_the_new_order():
    state = do(_at("r2"), c.MoveRound("r6", 2))
    assert [r.id for r in state.agenda] == ["r1", "r2", "r6", "r3", "r4", "r5", "r7"]
    assert do(state, c.NextRound()).current == "r6"


def test_moving_a_round_to_where_it_is_changes_nothing():
    assert decide(room(), c.MoveRound("r3", 2), FACILITATOR, T0) == []


def test_the_running_round_may_be_moved_and_keeps_running():
    state = do(_at("r1"), c.MoveRound("r1", 6))
    assert state.current == "r1" and state.agenda[-1].id == "r1"
    assert refusal(state, c.NextRound()) is ErrorCode.WRONG_STATE


# --- history: planned and actual --------------------------------------------------------


def _actual_minutes(state, until: float) -> dict[str, float]:
    spent: dict[str, float] = {}
    for visit in state.history:
        end = visit.ended_at if visit.ended_at is not None else until
        spent[visit.round] = spent.get(visit.round, 0.0) + (end - visit.started_at) / 60
    return spent


def test_history_keeps_every_visit_so_planned_and_actual_times_are_known():
    state = start(room(), now=T0)  # r1 from T0
    state = do(state, c.NextRound(), now=T0 + 7 * 60)  # r1 took 7 of its 5 minutes
    state = do(state, c.NextRound(), now=T0 + 15 * 60)  # r2 took 8 of 10
    state = do(state, c.PreviousRound(), now=T0 + 16 * 60)  # r3 took 1; back to r2
    state = do(state, c.JumpToRound("r4"), now=T0 + 20 * 60)  # r2 again: 4 more
    assert [(v.round, v.started_at, v.ended_at) for v in state.history] == [
        ("r1", T0, T0 + 420), ("r2", T0 + 420, T0 + 900), ("r3", T0 + 900, T0 + 960),
        ("r2", T0 + 960, T0 + 1200), ("r4", T0 + 1200, None),
    ]
    actual = _actual_minutes(state, until=T0 + 30 * 60)
    assert actual == {"r1": 7, "r2": 12, "r3": 1, "r4": 10}
    planned = {r.id: r.minutes for r in state.agenda}
    assert {rid: actual[rid] - planned[rid] for rid in actual} == {"r1": 2, "r2": 2, "r3": -9, "r4": -5}


# --- what moving on does to the rest of the room ----------------------------------------


def test_moving_on_ends_the_speakers_turn_and_counts_it():
    state = do(_at("r3"), c.GiveFloor("p3"), now=T0 + 10)
    assert decide(state, c.NextRound(), FACILITATOR, T0 + 70) == [
        e.FloorEnded("p3", T0 + 70, 60.0, False, []),
        e.RoundStarted("r4", "r3", T0 + 70 + 15 * 60, T0 + 70),
    ]
    after = do(state, c.NextRound(), now=T0 + 70)
    assert after.floor is None and after.airtime["p3"].seconds == 60.0


def test_hands_stay_up_into_a_round_that_takes_hands_and_are_lowered_otherwise():
    state = do(do(_at("r3"), c.RaiseHand(), BOB), c.RaiseHand(), CAT)
    assert [h.person for h in do(state, c.NextRound()).queue] == ["p3", "p4"]  # ask -> analyse: hands
    assert e.AllHandsLowered() in decide(state, c.JumpToRound("r5"), FACILITATOR, T0)  # feedback: turns
    assert do(state, c.JumpToRound("r2")).queue == ()  # tell: the case owner speaks


def test_moving_on_clears_done_signals_and_keeps_the_board_and_the_timer():
    state = do(_at("r3"), c.AddItem("question", "kept"), ANN)
    state = do(do(state, c.MarkDone(), ANN), c.StartTimer(60))
    assert state.done == {"p2"}
    after = do(state, c.NextRound())
    assert after.done == frozenset()
    assert (after.items, after.timer) == (state.items, state.timer)
