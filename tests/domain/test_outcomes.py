"""Lessons and actions: written by the learning team, the facilitator or the scribe, drawn
from the flipchart or written directly, and confirmed by the learning team."""

import pytest

from protocol.codes import ErrorCode
from server.domain import commands as c
from server.domain import decide
from server.domain.state import Outcome
from server.domain.views import Viewer, snapshot
from tests.domain.rooms import (
    ANN, BOB, DISPLAY, FACILITATOR, SAM, T0, assign, at_round, do, meeting, refusal, room, start,
)


def _at_lessons():
    return at_round(meeting(helpers=True), "lessons")


def test_the_case_owner_writes_an_action_with_owner_due_date_and_an_open_status():
    state = do(_at_lessons(), c.AddOutcome("action", "Pilot a buddy scheme", owner="Ann", due="2027-01-31"), ANN)
    assert state.outcomes["o1"] == Outcome("o1", "action", "Pilot a buddy scheme", "Ann", "2027-01-31", "open")


def test_a_lesson_has_no_owner_due_date_or_status_even_when_sent_one():
    state = do(_at_lessons(), c.AddOutcome("lesson", "Ask early", owner="Ann", due="2027-01-31"), ANN)
    assert (state.outcomes["o1"].owner, state.outcomes["o1"].due) == ("", "")
    assert refusal(state, c.EditOutcome("o1", status="done"), ANN) is ErrorCode.WRONG_STATE


@pytest.mark.parametrize("actor", [FACILITATOR, ANN, SAM], ids=["facilitator", "case owner", "scribe"])
def test_the_learning_team_the_facilitator_and_the_scribe_write_outcomes(actor):
    assert decide(_at_lessons(), c.AddOutcome("lesson", "Ask early"), actor, T0)


@pytest.mark.parametrize("actor", [BOB, DISPLAY], ids=["peer", "display"])
def test_peers_and_displays_do_not(actor):
    assert refusal(_at_lessons(), c.AddOutcome("lesson", "Mine"), actor) is ErrorCode.FORBIDDEN


def test_an_outcome_drawn_from_a_flipchart_item_remembers_it():
    state = do(at_round(meeting(), "analyse"), c.AddItem("option", "Buddy for every hire"), BOB)
    state = do(state, c.AddOutcome("action", "Buddy for every hire", item="i1"), ANN)
    assert state.outcomes["o1"].item == "i1"


def test_an_outcome_cannot_be_drawn_from_someone_elses_hidden_item_or_a_missing_one():
    state = do(at_round(meeting(), "write_advice"), c.AddItem("option", "Private"), BOB)
    assert refusal(state, c.AddOutcome("action", "Copied", item="i1"), ANN) is ErrorCode.NOT_FOUND
    assert refusal(state, c.AddOutcome("action", "Copied", item="i9"), ANN) is ErrorCode.NOT_FOUND


def test_an_action_moves_through_its_statuses_and_keeps_a_note():
    state = do(_at_lessons(), c.AddOutcome("action", "Pilot"), ANN)
    state = do(state, c.EditOutcome("o1", status="doing", owner="Bob", due="2027-02-01"), ANN)
    state = do(state, c.EditOutcome("o1", status="done", note="Ran it in two teams"), SAM)
    assert state.outcomes["o1"] == Outcome("o1", "action", "Pilot", "Bob", "2027-02-01", "done", note="Ran it in two teams")


def test_editing_to_the_same_values_and_removing_twice_produce_no_events():
    state = do(_at_lessons(), c.AddOutcome("lesson", "Ask early"), ANN)
    assert decide(state, c.EditOutcome("o1", text="Ask early"), ANN, T0) == []
    state = do(state, c.RemoveOutcome("o1"), ANN)
    assert state.outcomes == {}
    assert decide(state, c.RemoveOutcome("o1"), ANN, T0) == []
    assert refusal(state, c.EditOutcome("o1", text="x"), ANN) is ErrorCode.NOT_FOUND


def test_ids_are_not_reused_after_a_removal():
    state = do(do(_at_lessons(), c.AddOutcome("lesson", "One"), ANN), c.RemoveOutcome("o1"), ANN)
    assert list(do(state, c.AddOutcome("lesson", "Two"), ANN).outcomes) == ["o2"]


def test_outcomes_are_for_everyone_to_see():
    state = do(_at_lessons(), c.AddOutcome("action", "Pilot", owner="Ann"), ANN)
    for viewer in (Viewer("p3", False), Viewer(None, False)):
        assert [o["text"] for o in snapshot(state, viewer)["outcomes"]] == ["Pilot"]


def test_the_case_owner_confirms_and_the_confirmed_copy_is_kept():
    state = do(_at_lessons(), c.AddOutcome("lesson", "Ask early"), ANN)
    state = do(state, c.ConfirmOutcomes(), ANN, T0 + 5)
    assert state.confirmed.by == "p2" and state.confirmed.at == T0 + 5
    assert state.outcomes_confirmed


def test_a_change_after_the_confirmation_leaves_the_confirmed_copy_and_asks_for_another():
    state = do(do(_at_lessons(), c.AddOutcome("lesson", "Ask early"), ANN), c.ConfirmOutcomes(), ANN)
    state = do(state, c.EditOutcome("o1", text="Ask in week one"), FACILITATOR)
    assert not state.outcomes_confirmed
    assert state.confirmed.outcomes[0].text == "Ask early"
    assert do(state, c.ConfirmOutcomes(), ANN).confirmed.outcomes[0].text == "Ask in week one"


def test_confirming_again_without_a_change_does_nothing():
    state = do(do(_at_lessons(), c.AddOutcome("lesson", "Ask early"), ANN), c.ConfirmOutcomes(), ANN)
    assert decide(state, c.ConfirmOutcomes(), ANN, T0) == []


def test_nothing_to_confirm_is_refused():
    assert refusal(_at_lessons(), c.ConfirmOutcomes(), ANN) is ErrorCode.WRONG_STATE


def test_the_facilitator_may_not_confirm_for_a_learning_team_that_is_there():
    state = do(_at_lessons(), c.AddOutcome("lesson", "Ask early"), ANN)
    assert refusal(state, c.ConfirmOutcomes(), FACILITATOR) is ErrorCode.FORBIDDEN
    assert refusal(state, c.ConfirmOutcomes(), SAM) is ErrorCode.FORBIDDEN


def test_without_a_case_owner_the_facilitator_confirms():
    state = start(room(3))
    state = do(state, c.AddOutcome("lesson", "Ask early"))
    assert do(state, c.ConfirmOutcomes()).confirmed.by == "p1"


def test_a_second_case_owner_of_the_learning_team_may_confirm_too():
    state = assign(do(_at_lessons(), c.AddOutcome("lesson", "Ask early"), ANN), BOB, "case_owner")
    assert do(state, c.ConfirmOutcomes(), BOB).confirmed.by == "p3"
