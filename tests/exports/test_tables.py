"""The CSV export: one row per action with every field, readable by the csv module, in
the language asked for, and never a formula a spreadsheet would run."""

import csv
import io

import pytest

from server.domain import commands as c
from server.domain.summary import summary
from server.domain.views import Viewer
from server.exports import tables
from server.exports.catalog import Words
from tests.domain.rooms import OWNER, T0, at_round, do, meeting, start
from tests.exports.held import held

FAY = Viewer("p1", True)


def rows(text: str) -> list[dict[str, str]]:
    assert text.startswith(tables.BOM)
    return list(csv.DictReader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"), newline="")))


def test_one_row_per_action_with_every_field():
    s = summary(held(), "room1", FAY)
    got = rows(tables.render(s, Words("en")))
    assert list(got[0]) == ["Id", "What", "Owner", "Due", "Status", "Note", "Carried over", "Source item"]
    assert got == [
        {"Id": "o2", "What": "Write the buddy guide", "Owner": "Ann", "Due": "2026-12-01", "Status": "open", "Note": "",
         "Carried over": "no", "Source item": "Pair new people up"},
        {"Id": "o3", "What": "Measure onboarding", "Owner": "Bob", "Due": "", "Status": "open", "Note": "",
         "Carried over": "no", "Source item": ""},
    ]


def test_the_columns_and_statuses_speak_dutch():
    state = do(held(), c.ReopenMeeting(), now=T0 + 500)
    state = do(state, c.EditOutcome("o3", status="done"), now=T0 + 510)
    state = do(state, c.ConfirmOutcomes(), OWNER, T0 + 520)
    got = rows(tables.render(summary(state, "room1", FAY), Words("nl")))
    assert list(got[0]) == ["Id", "Wat", "Eigenaar", "Uiterlijk", "Status", "Toelichting", "Overgenomen", "Bronkaartje"]
    assert [(r["Status"], r["Overgenomen"]) for r in got] == [("open", "nee"), ("klaar", "nee")]


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "=1\n=2"])
def test_a_cell_that_a_spreadsheet_would_run_starts_with_an_apostrophe(text):
    state = at_round(start(meeting()), "lessons")
    state = do(state, c.AddOutcome("action", text, owner="@" + "Ann"))
    state = do(state, c.EditOutcome("o1", note=text))
    row = rows(tables.render(summary(state, "room1", FAY), Words("en")))[0]
    assert row["What"] == row["Note"] == "'" + text and row["Owner"] == "'@Ann"


def test_commas_quotes_and_line_breaks_survive_the_round_trip():
    text = 'Say "no", then\r\nwrite it down; tab\there'
    state = do(at_round(start(meeting()), "lessons"), c.AddOutcome("action", text, owner="Ann, Bob"))
    row = rows(tables.render(summary(state, "room1", FAY), Words("en")))[0]
    assert (row["What"], row["Owner"]) == (text, "Ann, Bob")
