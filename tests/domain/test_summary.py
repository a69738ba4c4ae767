"""The summary: what everyone who took part reads after the meeting, built from the state
only, with private writing kept private and the confirmed outcomes as the version that
goes out."""

import json

from server.domain import commands as c
from server.domain.summary import FORMAT, summary
from server.domain.views import Viewer
from tests.domain.rooms import ANN, BOB, T0, at_round, do, meeting, start
from tests.exports.held import SECRET, held as _held

FAY_VIEW = Viewer("p1", True)
BOB_VIEW = Viewer("p3", False)
CAT_VIEW = Viewer("p4", False)
READER = Viewer(None, False)


def test_the_summary_names_its_format_room_brief_and_times():
    out = summary(_held(), "room1", FAY_VIEW)
    assert out["format"] == FORMAT == "peercircle.summary/1"
    assert (out["room"], out["title"], out["method"], out["follows"]) == ("room1", "Peer Assist", "peer_assist", None)
    assert out["brief"] == {"problem": "Onboarding takes too long", "objectives": "Halve it", "context": "See the wiki", "starts_at": None}
    assert (out["created_at"], out["started_at"], out["closed_at"]) == (T0, T0 + 10, T0 + 400)


def test_before_the_start_there_is_no_start_time_and_no_airtime():
    out = summary(meeting(), "room1", FAY_VIEW)
    assert out["started_at"] is None and out["closed_at"] is None and out["airtime"] is None
    assert all(row["actual_seconds"] == 0 and row["visits"] == [] for row in out["agenda"])


def test_people_are_listed_with_their_duties():
    people = {p["name"]: p for p in summary(_held(), "room1", READER)["people"]}
    assert people["Fay"]["duties"] == ["facilitator"] and people["Ann"]["duties"] == ["case_owner"]
    assert people["Bob"] == {"id": "p3", "name": "Bob", "duties": ["peer"], "guest": False, "joined_at": T0}


def test_the_agenda_shows_planned_minutes_against_the_time_each_round_ran():
    state = _held()
    rows = {row["kind"]: row for row in summary(state, "room1", FAY_VIEW)["agenda"]}
    assert rows["opening"]["actual_seconds"] == 90 and rows["opening"]["planned_minutes"] == 5
    assert rows["ask"]["visits"] == [{"started_at": T0 + 100, "ended_at": T0 + 200}]
    assert rows["lessons"]["actual_seconds"] == 100  # closed at T0 + 400
    assert rows["tell"]["actual_seconds"] == 0 and rows["tell"]["visits"] == []
    assert [row["id"] for row in summary(state, "room1", FAY_VIEW)["agenda"]] == [r.id for r in state.agenda]


def test_a_round_still_running_counts_up_to_now_in_a_preview():
    state = start(meeting(), now=T0)
    assert summary(state, "room1", FAY_VIEW, now=T0 + 42)["agenda"][0]["actual_seconds"] == 42
    assert summary(state, "room1", FAY_VIEW)["agenda"][0]["actual_seconds"] == 0


def test_the_board_is_grouped_by_round_in_agenda_order_with_items_before_the_start_first():
    state = _held()
    board = summary(state, "room1", FAY_VIEW)["board"]
    kinds = {r.id: r.kind for r in state.agenda}
    assert [(g["round"] and kinds[g["round"]], g["kind"]) for g in board] == [
        (None, None), ("opening", "opening"), ("ask", "ask"), ("write_advice", "write_advice")]
    assert [i["text"] for g in board for i in g["items"]] == ["Before we start", "Welcome", "Who owns it?", "Pair new people up"]
    asked = board[2]["items"][0]
    assert asked == {"id": "i3", "kind": "question", "text": "Who owns it?", "author": "p3", "author_name": "Bob",
                     "created_at": T0 + 110, "edited_at": None, "hidden": False}


def test_an_item_never_revealed_is_left_out_and_counted_except_for_its_author():
    state = _held()
    for viewer in (FAY_VIEW, BOB_VIEW, READER):
        out = summary(state, "room1", viewer)
        assert SECRET not in json.dumps(out) and out["unrevealed"] == 1
    cats = summary(state, "room1", CAT_VIEW)
    assert cats["unrevealed"] == 0
    own = [i for g in cats["board"] for i in g["items"] if i["author"] == "p4"]
    assert [(i["text"], i["hidden"]) for i in own] == [(SECRET, True)]


def test_a_round_taken_off_the_agenda_keeps_its_items_at_the_end():
    state = at_round(start(meeting()), "ask")
    ask = state.current
    state = do(state, c.AddItem("note", "Kept"), BOB)
    state = do(state, c.JumpToRound(state.agenda[0].id))
    state = do(state, c.RemoveRound(ask))
    board = summary(state, "room1", READER)["board"]
    assert (board[-1]["round"], board[-1]["kind"]) == (ask, None)
    assert [i["text"] for i in board[-1]["items"]] == ["Kept"]


def test_the_confirmed_outcomes_are_what_goes_out():
    out = summary(_held(), "room1", READER)["outcomes"]
    assert (out["confirmed"], out["confirmed_by"], out["confirmed_at"], out["changed_since_confirmation"]) == (True, "Ann", T0 + 320, False)
    assert [o["text"] for o in out["lessons"]] == ["Ask early"]
    assert [(o["text"], o["owner"], o["due"], o["status"], o["item"]) for o in out["actions"]] == [
        ("Write the buddy guide", "Ann", "2026-12-01", "open", "i4"), ("Measure onboarding", "Bob", "", "open", None)]


def test_a_change_after_the_confirmation_shows_the_confirmed_version_and_says_it_changed():
    state = _held()
    state = do(state, c.ReopenMeeting(), now=T0 + 500)
    state = do(state, c.EditOutcome("o1", text="Ask much earlier"), now=T0 + 510)
    out = summary(state, "room1", READER)["outcomes"]
    assert out["confirmed"] is False and out["changed_since_confirmation"] is True and out["confirmed_by"] == "Ann"
    assert [o["text"] for o in out["lessons"]] == ["Ask early"]


def test_without_a_confirmation_the_current_outcomes_are_shown_unconfirmed():
    state = at_round(start(meeting()), "lessons")
    state = do(state, c.AddOutcome("action", "Draft it", owner="Ann"))
    out = summary(state, "room1", READER)["outcomes"]
    assert (out["confirmed"], out["confirmed_by"], out["confirmed_at"], out["changed_since_confirmation"]) == (False, None, None, False)
    assert [o["text"] for o in out["actions"]] == ["Draft it"] and out["lessons"] == []


def test_airtime_lists_everyone_who_spoke_most_first():
    out = summary(_held(), "room1", READER)["airtime"]
    assert out == [{"person": "p3", "name": "Bob", "seconds": 30.0, "turns": 1},
                   {"person": "p4", "name": "Cat", "seconds": 10.0, "turns": 1}]


def test_a_method_where_nobody_had_the_floor_has_no_airtime_table():
    state = at_round(start(meeting()), "write_advice")
    state = do(state, c.AddItem("option", "Quiet"), ANN)
    assert summary(do(state, c.CloseMeeting()), "room1", READER)["airtime"] is None


def test_the_summary_is_plain_json():
    out = summary(_held(), "room1", FAY_VIEW)
    assert json.loads(json.dumps(out)) == out
    assert set(out) == {"format", "room", "title", "method", "follows", "brief", "created_at", "started_at", "closed_at",
                        "people", "agenda", "board", "unrevealed", "outcomes", "airtime"}
