"""Server frames: every builder encodes one msgpack map that decodes to what it was given."""

import msgpack
import pytest

from protocol.codec import decode, encode
from protocol.codes import ErrorCode
from protocol import messages
from server.domain import commands as c
from server.domain import events as e
from server.domain.state import SYSTEM
from server.domain.views import Viewer, snapshot
from tests.domain.rooms import ANN, BOB, at_round, do, meeting

YOU = {"role": "participant", "person": "p2", "room": "r7k2", "code": "KX4P9T"}


def _read(frame: bytes) -> dict:
    assert isinstance(frame, bytes)
    return msgpack.unpackb(frame, raw=False, strict_map_key=True)


def _state() -> dict:
    """A viewer's snapshot with a bit of everything: a round, an item, a hand, airtime, a timer."""
    state = do(at_round(meeting("incident"), "analyse"), c.AddItem("question", "Why now?\nWhy here?"), ANN)
    state = do(do(state, c.MarkOffline("p2"), SYSTEM), c.RaiseHand(direct=True), BOB)
    state = do(do(state, c.GiveFloor("p4")), c.EndFloor(), now=1_030.5)
    return snapshot(do(state, c.StartTimer(120.0)), Viewer("p2", False))


def _batch() -> list[dict]:
    return [
        {"seq": 7, **e.to_dict(e.HandRaised("p2", 3, True, 1234.5, ["p2", "p4"]))},
        {"seq": 8, **e.to_dict(e.TimerExtended(60.0, 180.0, None, 90.0))},
    ]


def test_a_welcome_with_a_snapshot_carries_the_state_and_no_events():
    state = _state()
    frame = _read(messages.welcome(you=YOU, now=1700000000.25, epoch="ep1", seq=42, state=state, events=None))
    assert frame == {"t": "welcome", "you": YOU, "now": 1700000000.25, "epoch": "ep1", "seq": 42, "state": state}


def test_a_welcome_that_resumes_carries_the_missed_events_and_no_state():
    batch = _batch()
    frame = _read(messages.welcome(you=YOU, now=1.5, epoch="ep1", seq=8, state=None, events=batch))
    assert frame == {"t": "welcome", "you": YOU, "now": 1.5, "epoch": "ep1", "seq": 8, "events": batch}
    assert [e.from_dict(event) for event in frame["events"]] == [e.from_dict(event) for event in batch]


def test_a_welcome_with_nothing_missed_carries_an_empty_event_list():
    frame = _read(messages.welcome(you=YOU, now=1.5, epoch="ep1", seq=8, state=None, events=None))
    assert frame["events"] == [] and "state" not in frame


def test_an_events_frame_keeps_the_batch_in_order():
    batch = _batch()
    assert _read(messages.events(batch)) == {"t": "events", "events": batch}


@pytest.mark.parametrize("seq", [17, None], ids=["applied", "changed-nothing"])
def test_an_ack_echoes_the_op_and_the_seq_or_null_and_tells_the_server_clock(seq):
    assert _read(messages.ack("op-1", seq, 1796494227.5)) == {"t": "ack", "op": "op-1", "seq": seq, "now": 1796494227.5}


@pytest.mark.parametrize("op", ["op-2", None], ids=["with-op", "without-op"])
def test_an_error_carries_the_code_as_plain_text(op):
    frame = _read(messages.error(op, ErrorCode.NOT_AUTHOR, "Only its author may change it."))
    assert frame == {"t": "error", "op": op, "code": "not_author", "message": "Only its author may change it."}
    assert type(frame["code"]) is str


def test_a_pong_echoes_the_clients_time_and_adds_the_servers():
    assert _read(messages.pong(12.5, 1700000000.75)) == {"t": "pong", "ts": 12.5, "now": 1700000000.75}


def test_server_times_keep_their_fraction_of_a_second():
    frame = _read(messages.pong(0.0, 1700000000.123456))
    assert frame["now"] == 1700000000.123456 and isinstance(frame["now"], float)


def test_strings_encode_as_str_and_bytes_as_bin():
    packed = encode({"s": "x", "b": b"x"})
    assert msgpack.unpackb(packed, raw=True) == {b"s": b"x", b"b": b"x"}
    assert decode(packed) == {"s": "x", "b": b"x"}


def test_a_client_frame_decodes_to_the_value_encoded():
    value = {"t": "cmd", "op": "o1", "name": "StartTimer", "args": {"seconds": 90.5}, "list": [1, -2, None, True]}
    assert decode(encode(value)) == value

