"""Events as data: every type survives to_dict/from_dict and the msgpack codec unchanged."""

import msgpack
import pytest

from protocol.codec import encode
from server.domain import events as e

AGENDA = [{"id": "r1", "kind": "tell", "minutes": 5, "skipped": False}, {"id": "r2", "kind": "ask", "minutes": 12.5, "skipped": True}]

ONE_OF_EACH = [
    e.RoomCreated("Peer Assist: onboarding", "p1", "Fay", "five_step", AGENDA, 1000.5),
    e.PersonJoined("p2", "Ann", "participant", ["case_owner", "peer"], False, 1001.25),
    e.PersonJoined("p9", "Gus", "participant", ["peer"], True, 1001.5),
    e.PersonRenamed("p2", "Ann B."),
    e.PersonCameOnline("p2"),
    e.PersonWentOffline("p2"),
    e.DutiesChanged("p2", ["scribe"]),
    e.DutiesChanged("p2", []),
    e.AgendaChanged(AGENDA),
    e.RoundStarted("r1", None, 1300.0, 1000.0),
    e.RoundStarted("r2", "r1", 2050.0, 1300.0),
    e.RoundExtended("r2", 17.5, 2350.0),
    e.TimeBoxOver("r2", 2350.0),
    e.PersonMarkedDone("p2", True),
    e.ItemAdded("i1", "question", "Why now?\nAnd why here?", "p2", "r3", True, 1002.0),
    e.ItemAdded("i2", "note", "before the start", "p1", None, False, 1002.5),
    e.ItemEdited("i1", "option", "Try it in one team first", "p2", True, 1003.0),
    e.ItemDeleted("i1"),
    e.ItemsRevealed([{"id": "i1", "kind": "option", "text": "Try it", "author": "p2"}], 1003.5),
    e.HandRaised("p3", 7, True, 1004.0, ["p3", "p4"]),
    e.HandLowered("p3"),
    e.AllHandsLowered(),
    e.QueueReordered(True, ["p4", "p3"]),
    e.FloorGiven("p3", 1005.0, None),
    e.FloorGiven("p3", 1005.0, 1095.0),
    e.FloorEnded("p3", 1006.0, 1.0, True, ["p4"]),
    e.TurnTimeUp("p3", 1095.0),
    e.TurnsStarted(["p3", "p4", "p5"]),
    e.TurnsCompleted(1200.0),
    e.TimerStarted(300.0, 1307.0),
    e.TimerPaused(120.5),
    e.TimerResumed(1500.0),
    e.TimerExtended(60.0, 360.0, 1560.0, None),
    e.TimerExtended(60.0, 360.0, None, 180.5),
    e.TimerReset(),
    e.TimeUp(1560.0),
    e.RoomCreated(
        "Follow-up", "p1", "Fay", "peer_assist", AGENDA, 2000.0, follows="abc123",
        carried=[{"id": "o1", "kind": "action", "text": "Pilot", "owner": "Ann", "due": "2026-12-01",
                  "status": "doing", "item": "i4", "carried": True, "note": ""}],
        brief={"title": "Follow-up", "problem": "Onboarding", "objectives": "", "context": "", "starts_at": None},
    ),
    e.BriefUpdated("Onboarding", "New hires leave", "Keep them a year", "See https://example.org", 1_800_000_000.0),
    e.BriefUpdated("Onboarding", "", "", "", None),
    e.RosterChanged([["Ann", "case_owner"], ["Sam", "scribe"]]),
    e.OutcomeAdded({"id": "o2", "kind": "lesson", "text": "Ask early", "owner": "", "due": "", "status": "open",
                    "item": None, "carried": False, "note": ""}, 1700.0),
    e.OutcomeEdited({"id": "o2", "kind": "action", "text": "Ask HR", "owner": "Bob", "due": "2027-01-15",
                     "status": "done", "item": "i2", "carried": True, "note": "Done in May"}, 1701.0),
    e.OutcomeRemoved("o2"),
    e.OutcomesConfirmed("p2", 1702.0, [{"id": "o1", "kind": "lesson", "text": "Ask early", "owner": "", "due": "",
                                       "status": "open", "item": None, "carried": False, "note": ""}]),
    e.MeetingClosed(1703.0),
    e.MeetingReopened(1704.0, 2004.0),
    e.MeetingReopened(1704.0, None),
]


def test_an_event_stored_before_a_field_was_added_still_loads_with_its_default():
    stored = {k: v for k, v in e.to_dict(ONE_OF_EACH[0]).items() if k not in ("follows", "carried", "brief")}
    assert e.from_dict(stored) == ONE_OF_EACH[0]


def test_the_examples_cover_every_event_type():
    assert {type(event).__name__ for event in ONE_OF_EACH} == set(e.EVENT_TYPES)


@pytest.mark.parametrize("event", ONE_OF_EACH, ids=lambda ev: type(ev).__name__)
def test_an_event_round_trips_through_its_dict(event):
    data = e.to_dict(event)
    assert data["type"] == type(event).__name__
    assert e.from_dict(data) == event


@pytest.mark.parametrize("event", ONE_OF_EACH, ids=lambda ev: type(ev).__name__)
def test_an_event_round_trips_through_the_wire(event):
    data = msgpack.unpackb(encode({"seq": 9, **e.to_dict(event)}), raw=False)
    assert data["seq"] == 9
    assert e.from_dict(data) == event


@pytest.mark.parametrize("event", ONE_OF_EACH, ids=lambda ev: type(ev).__name__)
def test_an_events_dict_holds_the_type_and_exactly_its_fields(event):
    fields = set(type(event).__dataclass_fields__)
    assert set(e.to_dict(event)) == fields | {"type"}


def test_an_extra_key_such_as_seq_does_not_disturb_from_dict():
    assert e.from_dict({"seq": 3, "type": "HandLowered", "person": "p2"}) == e.HandLowered("p2")
