"""Before the meeting: the brief, and duties planned by name for people not yet here."""

from protocol.codes import ErrorCode
from server.domain import commands as c
from server.domain import decide
from server.domain import events as e
from server.domain.state import SYSTEM, Brief, PlannedRole
from server.domain.views import Viewer, snapshot
from tests.domain.rooms import BOB, DISPLAY, FACILITATOR, T0, do, refusal, room, start

STARTS = 1_800_000_000.0


def test_the_facilitator_writes_the_brief_and_everyone_reads_it_in_the_lobby():
    state = do(room(2), c.UpdateBrief(
        title="Onboarding", problem="New hires leave within a year", objectives="Keep them", context="See https://example.org",
        starts_at=STARTS,
    ))
    assert state.title == "Onboarding"
    assert state.brief == Brief("New hires leave within a year", "Keep them", "See https://example.org", STARTS)
    assert state.current is None  # still the lobby
    for viewer in (Viewer("p2", False), Viewer(None, False)):
        assert snapshot(state, viewer)["brief"] == {
            "title": "Onboarding", "problem": "New hires leave within a year", "objectives": "Keep them",
            "context": "See https://example.org", "starts_at": STARTS,
        }


def test_fields_left_out_stay_as_they_were_and_an_empty_text_clears_one():
    state = do(room(), c.UpdateBrief(problem="Why?", objectives="Learn"))
    state = do(state, c.UpdateBrief(objectives=""))
    assert (state.brief.problem, state.brief.objectives) == ("Why?", "")


def test_a_planned_start_of_zero_clears_it():
    state = do(room(), c.UpdateBrief(starts_at=STARTS))
    assert do(state, c.UpdateBrief(starts_at=0)).brief.starts_at is None


def test_an_unchanged_brief_produces_no_event():
    state = do(room(), c.UpdateBrief(problem="Why?"))
    assert decide(state, c.UpdateBrief(problem="Why?"), FACILITATOR, T0) == []


def test_the_brief_can_be_sharpened_during_the_meeting():
    state = start(room(2))
    assert decide(state, c.UpdateBrief(problem="The real question"), FACILITATOR, T0) == [
        e.BriefUpdated("Peer Assist", "The real question", "", "", None)
    ]


def test_only_a_facilitator_writes_the_brief_or_plans_roles():
    assert refusal(room(2), c.UpdateBrief(problem="Mine"), BOB) is ErrorCode.FORBIDDEN
    assert refusal(room(2), c.PlanRole("Bob", "case_owner", True), BOB) is ErrorCode.FORBIDDEN
    assert refusal(room(2), c.UpdateBrief(problem="Mine"), DISPLAY) is ErrorCode.FORBIDDEN


def test_whoever_joins_under_a_planned_name_takes_its_duties_instead_of_a_peers():
    state = do(room(0), c.PlanRole("Ann de Vries", "case_owner", True))
    state = do(state, c.PlanRole("Ann de Vries", "scribe", True))
    state = do(state, c.Join("  ann   DE vries "), SYSTEM)
    state = do(state, c.Join("Bob"), SYSTEM)
    assert state.people["p2"].duties == {"case_owner", "scribe"}
    assert state.people["p3"].duties == {"peer"}


def test_a_role_taken_off_the_plan_is_no_longer_given():
    state = do(room(0), c.PlanRole("Ann", "case_owner", True))
    state = do(state, c.PlanRole("ANN", "case_owner", False))
    assert state.roster == ()
    assert do(state, c.Join("Ann"), SYSTEM).people["p2"].duties == {"peer"}


def test_planning_the_same_role_twice_changes_nothing():
    state = do(room(0), c.PlanRole("Ann", "case_owner", True))
    assert decide(state, c.PlanRole("ann", "case_owner", True), FACILITATOR, T0) == []
    assert state.roster == (PlannedRole("Ann", "case_owner"),)


def test_an_unknown_duty_cannot_be_planned():
    assert refusal(room(0), c.PlanRole("Ann", "chair", True)) is ErrorCode.NOT_FOUND


def test_the_plan_has_a_limit():
    state = room(0)
    for n in range(50):
        state = do(state, c.PlanRole(f"Person {n}", "peer", True))
    assert refusal(state, c.PlanRole("One more", "peer", True)) is ErrorCode.LIMIT_REACHED
