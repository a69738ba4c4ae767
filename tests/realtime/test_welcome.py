"""The welcome: the missed events when they can all be replayed, else a snapshot."""

from collections import deque

import msgpack

from server.domain import Room
from server.domain.views import Viewer
from server.realtime.welcome import Position, missed_since, welcome

PARTICIPANT = Viewer("p2", False)
YOU = {"role": "participant", "person": "p2", "room": "r1", "code": "ABC123"}


def hands(first: int, last: int) -> deque[dict]:
    return deque({"type": "HandRaised", "seq": seq, "person": "p3"} for seq in range(first, last + 1))


def opened(frame: bytes) -> dict:
    return msgpack.unpackb(frame)


def test_a_client_that_saw_the_last_seq_missed_nothing():
    assert missed_since(Position("e1", 10, hands(1, 10)), 10) == []


def test_a_client_behind_gets_exactly_the_events_after_its_seq():
    assert [e["seq"] for e in missed_since(Position("e1", 10, hands(1, 10)), 7)] == [8, 9, 10]


def test_no_seq_a_seq_ahead_or_one_older_than_the_window_cannot_be_replayed():
    at = Position("e1", 10, hands(5, 10))
    assert missed_since(at, None) is None
    assert missed_since(at, 11) is None  # another epoch's seq, or a log that went back
    assert missed_since(at, 3) is None  # seq 4 is no longer held
    assert [e["seq"] for e in missed_since(at, 4)] == [5, 6, 7, 8, 9, 10]  # the window's first is enough


def test_an_empty_window_replays_nothing_but_the_present():
    at = Position("e1", 10, deque())
    assert missed_since(at, 10) == [] and missed_since(at, 9) is None


def test_a_client_of_the_same_epoch_within_the_window_is_welcomed_with_its_missed_events():
    frame = opened(welcome(Room(), Position("e1", 10, hands(1, 10)), YOU, PARTICIPANT, "e1", 8, 1000.0))
    assert frame["t"] == "welcome" and "state" not in frame
    assert [e["seq"] for e in frame["events"]] == [9, 10]
    assert (frame["epoch"], frame["seq"], frame["now"], frame["you"]) == ("e1", 10, 1000.0, YOU)


def test_a_client_of_another_epoch_or_with_no_seq_gets_a_snapshot():
    at = Position("e2", 10, hands(1, 10))
    for epoch, seq in (("e1", 8), (None, None)):
        frame = opened(welcome(Room(), at, YOU, PARTICIPANT, epoch, seq, 1000.0))
        assert "state" in frame and "events" not in frame and frame["epoch"] == "e2"


def test_missed_events_that_change_what_the_viewer_may_see_of_the_past_mean_a_snapshot():
    recent = hands(1, 9)
    recent.append({"type": "MeetingClosed", "seq": 10})
    at = Position("e1", 10, recent)
    participant = opened(welcome(Room(), at, YOU, PARTICIPANT, "e1", 8, 1000.0))
    facilitator = opened(welcome(Room(), at, YOU, Viewer("p1", True), "e1", 8, 1000.0))
    assert "state" in participant  # the airtime became everyone's: only a snapshot carries it
    assert [e["seq"] for e in facilitator["events"]] == [9, 10]  # a facilitator saw it all along
