"""Command arguments on the wire: every command accepted when well-formed, refused otherwise.

A refusal is InvalidCommand carrying the command's op: the sender gets one `error`
reply and the connection stays open.
"""

import msgpack
import pytest

from protocol.commands import COMMANDS
from protocol.limits import MAX_ITEM_TEXT_LEN, MAX_NAME_LEN, MAX_TIMER_S
from protocol.messages import Command, InvalidCommand, parse

OP = "op-42"


def cmd(name: str, args) -> bytes:
    return msgpack.packb({"t": "cmd", "op": OP, "name": name, "args": args}, use_bin_type=True)


def refused(name: str, args) -> InvalidCommand:
    with pytest.raises(InvalidCommand) as error:
        parse(cmd(name, args))
    assert error.value.op == OP
    return error.value


#: command -> well-formed args, and the args the server hands to the domain
VALID = {
    "Rename": [({"name": "Ann"}, {"name": "Ann"}), ({"name": "  Ann B.  "}, {"name": "Ann B."})],
    "AddGuest": [({"name": "Gus"}, {"name": "Gus"}), ({"name": " Gus G. "}, {"name": "Gus G."})],
    "SetDuty": [({"person": "p3", "duty": "scribe", "on": True}, {"person": "p3", "duty": "scribe", "on": True}),
                ({"person": "p2", "duty": "case_owner", "on": False}, {"person": "p2", "duty": "case_owner", "on": False})],
    "NextRound": [({}, {})],
    "PreviousRound": [({}, {})],
    "JumpToRound": [({"round": "r4"}, {"round": "r4"})],
    "SkipRound": [({"round": "r4"}, {"round": "r4"}), ({"round": "r4", "skip": False}, {"round": "r4", "skip": False}),
                  ({"round": "r4", "skip": None}, {"round": "r4"})],
    "ExtendRound": [({"minutes": 5}, {"minutes": 5.0}), ({"minutes": 1.5}, {"minutes": 1.5}),
                    ({"minutes": 240}, {"minutes": 240.0})],
    "AddRound": [({"kind": "ask"}, {"kind": "ask"}),
                 ({"kind": "write_advice", "position": 0, "minutes": 7}, {"kind": "write_advice", "position": 0, "minutes": 7.0}),
                 ({"kind": "close", "position": 100, "minutes": None}, {"kind": "close", "position": 100})],
    "RemoveRound": [({"round": "r12"}, {"round": "r12"})],
    "MoveRound": [({"round": "r2", "position": 0}, {"round": "r2", "position": 0}),
                  ({"round": "r2", "position": 100}, {"round": "r2", "position": 100})],
    "SetTimeBox": [({"round": "r2", "minutes": 1}, {"round": "r2", "minutes": 1.0})],
    "MarkDone": [({}, {}), ({"done": True}, {"done": True}), ({"done": False}, {"done": False})],
    "AddItem": [
        ({"kind": "note", "text": "An idea"}, {"kind": "note", "text": "An idea"}),
        ({"kind": "action", "text": "line one\nline two\tend"}, {"kind": "action", "text": "line one\nline two\tend"}),
        ({"kind": "lesson", "text": "For Bob", "author": "p3"}, {"kind": "lesson", "text": "For Bob", "author": "p3"}),
    ],
    "EditItem": [
        ({"item": "i1", "text": "New"}, {"item": "i1", "text": "New"}),
        ({"item": "i1", "kind": "lesson"}, {"item": "i1", "kind": "lesson"}),
        ({"item": "i1"}, {"item": "i1"}),
        ({"item": "i1", "text": None, "kind": None}, {"item": "i1"}),
    ],
    "DeleteItem": [({"item": "i12"}, {"item": "i12"})],
    "RevealItems": [({}, {}), ({"person": "p3"}, {"person": "p3"})],
    "RaiseHand": [({}, {}), ({"direct": True}, {"direct": True}), ({"person": "p9"}, {"person": "p9"}),
                  ({"direct": False, "person": "p9"}, {"direct": False, "person": "p9"})],
    "LowerHand": [({}, {}), ({"person": "p3"}, {"person": "p3"}), ({"person": None}, {})],
    "LowerAllHands": [({}, {})],
    "SetProgressive": [({"on": True}, {"on": True}), ({"on": False}, {"on": False})],
    "GiveFloor": [({}, {}), ({"person": "p3"}, {"person": "p3"})],
    "EndFloor": [({}, {})],
    "StartTurns": [({}, {}), ({"shuffle": True}, {"shuffle": True})],
    "PassTurn": [({}, {})],
    "SkipTurn": [({}, {})],
    "StartTimer": [({"seconds": 300}, {"seconds": 300.0}), ({"seconds": 90.5}, {"seconds": 90.5})],
    "PauseTimer": [({}, {})],
    "ResumeTimer": [({}, {})],
    "ExtendTimer": [({"seconds": 60}, {"seconds": 60.0})],
    "ResetTimer": [({}, {})],
    "UpdateBrief": [
        ({"problem": "  Why do new hires leave?  "}, {"problem": "Why do new hires leave?"}),
        ({"title": "Onboarding", "objectives": "", "context": "Read https://example.org\nfirst"},
         {"title": "Onboarding", "objectives": "", "context": "Read https://example.org\nfirst"}),
        ({"starts_at": 1_800_000_000}, {"starts_at": 1_800_000_000.0}),
        ({"starts_at": 0}, {"starts_at": 0.0}),
        ({}, {}),
    ],
    "PlanRole": [({"name": "Ann", "duty": "case_owner", "on": True}, {"name": "Ann", "duty": "case_owner", "on": True})],
    "AddOutcome": [
        ({"kind": "lesson", "text": "Ask early"}, {"kind": "lesson", "text": "Ask early"}),
        ({"kind": "action", "text": "Pilot", "owner": "Ann", "due": "2027-02-28", "item": "i4"},
         {"kind": "action", "text": "Pilot", "owner": "Ann", "due": "2027-02-28", "item": "i4"}),
        ({"kind": "action", "text": "Pilot", "owner": "", "due": ""}, {"kind": "action", "text": "Pilot", "owner": "", "due": ""}),
    ],
    "EditOutcome": [
        ({"outcome": "o1", "status": "done", "note": "Did it in May"}, {"outcome": "o1", "status": "done", "note": "Did it in May"}),
        ({"outcome": "o1", "due": "2028-02-29", "owner": "Bob"}, {"outcome": "o1", "due": "2028-02-29", "owner": "Bob"}),
        ({"outcome": "o1", "due": "", "note": ""}, {"outcome": "o1", "due": "", "note": ""}),
        ({"outcome": "o1", "due": "2000-02-29"}, {"outcome": "o1", "due": "2000-02-29"}),
        ({"outcome": "o1", "due": "2027-12-31"}, {"outcome": "o1", "due": "2027-12-31"}),
    ],
    "RemoveOutcome": [({"outcome": "o3"}, {"outcome": "o3"})],
    "ConfirmOutcomes": [({}, {})],
    "CloseMeeting": [({}, {})],
    "ReopenMeeting": [({}, {})],
}

LONG_TEXT = "x" * (MAX_ITEM_TEXT_LEN + 1)
LONG_NAME = "x" * (MAX_NAME_LEN + 1)
NAN, INF = float("nan"), float("inf")
BAD_FLAGS = [0, 1, "true", "yes", None, [], 1.0]
BAD_MINUTES = [0, 0.5, 241, -5, NAN, INF, True, "5", [5]]

#: command -> malformed args (wrong type, missing, extra, oversized)
INVALID = {
    "Rename": [{}, {"name": None}, {"name": 5}, {"name": ["Ann"]}, {"name": b"Ann"}, {"name": ""}, {"name": "   "},
               {"name": LONG_NAME}, {"name": "Ann", "person": "p1"}],
    "AddGuest": [{}, {"name": ""}, {"name": LONG_NAME}, {"name": "Gus\nG"}, {"name": "Gus", "duty": "peer"}],
    "SetDuty": [{}, {"person": "p3", "duty": "scribe"}, {"person": "p3", "on": True}, {"duty": "scribe", "on": True},
                {"person": "p3", "duty": "chair", "on": True}, {"person": "p3", "duty": "system", "on": True},
                {"person": "p3", "duty": "Scribe", "on": True}, {"person": "P3", "duty": "scribe", "on": True}]
               + [{"person": "p3", "duty": "scribe", "on": v} for v in BAD_FLAGS if v is not None],
    "NextRound": [{"round": "r2"}],
    "PreviousRound": [{"steps": 1}],
    "JumpToRound": [{}, {"round": None}, {"round": 4}, {"round": "R4"}, {"round": "r 4"}, {"round": "r" * 33},
                    {"round": "r4", "at": 1}],
    "SkipRound": [{}, {"skip": True}, {"round": "r4", "skip": "no"}, {"round": "r4", "skip": 0}, {"round": ""}],
    "ExtendRound": [{}] + [{"minutes": v} for v in BAD_MINUTES],
    "AddRound": [{}, {"kind": ""}, {"kind": "Ask"}, {"kind": "ask!"}, {"kind": "1ask"}, {"kind": "a" * 33},
                 {"kind": 3}, {"kind": "ask", "position": -1}, {"kind": "ask", "position": 101},
                 {"kind": "ask", "position": 1.5}, {"kind": "ask", "position": True}, {"kind": "ask", "position": "0"},
                 {"kind": "ask", "minutes": 0}, {"kind": "ask", "minutes": 241}, {"kind": "ask", "round": "r1"}],
    "RemoveRound": [{}, {"round": 1}, {"round": "r1", "force": True}],
    "MoveRound": [{}, {"round": "r2"}, {"position": 1}, {"round": "r2", "position": -1}, {"round": "r2", "position": 101},
                  {"round": "r2", "position": 2.0}, {"round": "r2", "position": False}],
    "SetTimeBox": [{}, {"round": "r2"}, {"minutes": 5}] + [{"round": "r2", "minutes": v} for v in BAD_MINUTES],
    "MarkDone": [{"done": v} for v in BAD_FLAGS if v is not None] + [{"done": True, "person": "p2"}],
    "AddItem": [{}, {"kind": "note"}, {"text": "x"}, {"kind": "Note", "text": "x"}, {"kind": "idea", "text": "x"},
                {"kind": 1, "text": "x"}, {"kind": "note", "text": 5}, {"kind": "note", "text": ""},
                {"kind": "note", "text": " \n\t "}, {"kind": "note", "text": LONG_TEXT},
                {"kind": "note", "text": "x", "author": "P1"}, {"kind": "note", "text": "x", "author": 1},
                {"kind": "note", "text": "x", "round": "r1"}, {"kind": "note", "text": "x", "hidden": False}],
    "EditItem": [{}, {"text": "x"}, {"item": None, "text": "x"}, {"item": 1}, {"item": "I1"}, {"item": "i-1"},
                 {"item": ""}, {"item": "i" * 33}, {"item": "i1", "text": ""}, {"item": "i1", "text": LONG_TEXT},
                 {"item": "i1", "kind": "idea"}, {"item": "i1", "author": "p2"}, {"item": "i1", "hidden": False}],
    "DeleteItem": [{}, {"item": 7}, {"item": "i 1"}, {"item": "i1\n"}, {"item": "i1", "force": True}],
    "RevealItems": [{"person": 3}, {"person": ""}, {"person": "p3", "items": ["i1"]}],
    "RaiseHand": [{"direct": 1}, {"direct": "yes"}, {"person": 2}, {"person": "P2"}, {"direct": True, "n": 1}],
    "LowerHand": [{"person": 2}, {"person": ""}, {"person": "P2"}, {"person": "p2", "all": True}],
    "LowerAllHands": [{"x": 1}],
    "SetProgressive": [{}, {"on": None}] + [{"on": v} for v in BAD_FLAGS if v is not None],
    "GiveFloor": [{"person": 3}, {"person": "p 3"}, {"person": "p3", "seconds": 60}],
    "EndFloor": [{"person": "p3"}],
    "StartTurns": [{"shuffle": 1}, {"shuffle": "yes"}, {"seed": 42}, {"shuffle": True, "seed": 42}, {"order": ["p3"]}],
    "PassTurn": [{"person": "p3"}],
    "SkipTurn": [{"person": "p3"}],
    "StartTimer": [{}, {"seconds": None}, {"seconds": "60"}, {"seconds": True}, {"seconds": False}, {"seconds": NAN},
                   {"seconds": INF}, {"seconds": -INF}, {"seconds": 0}, {"seconds": 0.5}, {"seconds": -60},
                   {"seconds": MAX_TIMER_S + 1}, {"seconds": 2**63}, {"seconds": [60]}, {"seconds": 60, "label": "x"}],
    "PauseTimer": [{"seconds": 1}],
    "ResumeTimer": [{"seconds": 1}],
    "ExtendTimer": [{}, {"seconds": True}, {"seconds": NAN}, {"seconds": INF}, {"seconds": 0},
                    {"seconds": MAX_TIMER_S + 0.5}, {"seconds": "60"}],
    "ResetTimer": [{"hard": True}],
    "UpdateBrief": [{"title": ""}, {"problem": 5}, {"problem": "x" * 4001}, {"context": "a\x00b"}, {"starts_at": -1},
                    {"starts_at": "tomorrow"}, {"starts_at": NAN}, {"starts_at": True}, {"agenda": []}],
    "PlanRole": [{}, {"name": "Ann", "duty": "chair", "on": True}, {"name": "", "duty": "peer", "on": True},
                 {"name": "Ann", "duty": "peer"}, {"name": "Ann\nB", "duty": "peer", "on": True}],
    "AddOutcome": [{}, {"kind": "note", "text": "x"}, {"kind": "lesson", "text": ""}, {"kind": "lesson", "text": LONG_TEXT},
                   {"kind": "action", "text": "x", "due": "2027-02-30"}, {"kind": "action", "text": "x", "due": "2027-02-29"},
                   {"kind": "action", "text": "x", "due": "2100-02-29"}, {"kind": "action", "text": "x", "due": "2027-04-31"},
                   {"kind": "action", "text": "x", "due": "2027-13-01"}, {"kind": "action", "text": "x", "due": "2027-00-10"}, {"kind": "action", "text": "x", "due": "31-01-2027"},
                   {"kind": "action", "text": "x", "due": 20270131}, {"kind": "action", "text": "x", "owner": "x" * 121},
                   {"kind": "action", "text": "x", "item": "I4"}, {"kind": "action", "text": "x", "status": "done"}],
    "EditOutcome": [{}, {"outcome": "O1"}, {"outcome": "o1", "status": "finished"}, {"outcome": "o1", "text": ""},
                    {"outcome": "o1", "due": "tomorrow"}, {"outcome": "o1", "kind": "lesson"}],
    "RemoveOutcome": [{}, {"outcome": 1}, {"outcome": "o1", "force": True}],
    "ConfirmOutcomes": [{"outcomes": []}],
    "CloseMeeting": [{"at": 1}],
    "ReopenMeeting": [{"x": 1}],
}


def test_the_tables_cover_every_command():
    assert set(VALID) == set(COMMANDS) == set(INVALID)


VALID_CASES = [(name, wire, clean) for name, cases in VALID.items() for wire, clean in cases]


@pytest.mark.parametrize(("name", "wire", "clean"), VALID_CASES, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(VALID_CASES)])
def test_a_well_formed_command_is_accepted_with_clean_args(name, wire, clean):
    parsed = parse(cmd(name, wire))
    assert parsed == Command(OP, name, clean)
    assert all(type(parsed.args[k]) is type(v) for k, v in clean.items())


INVALID_CASES = [(name, args) for name, cases in INVALID.items() for args in cases]


@pytest.mark.parametrize(("name", "args"), INVALID_CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(INVALID_CASES)])
def test_a_malformed_command_is_refused_with_its_op(name, args):
    assert refused(name, args).reason


@pytest.mark.parametrize("name", ["StartTimer", "ExtendTimer"])
@pytest.mark.parametrize("seconds", [1, 1.0, MAX_TIMER_S, float(MAX_TIMER_S)])
def test_timer_seconds_are_accepted_at_both_ends_of_their_range(name, seconds):
    assert parse(cmd(name, {"seconds": seconds})).args == {"seconds": float(seconds)}


def test_text_is_trimmed_before_its_length_is_counted():
    text = "x" * MAX_ITEM_TEXT_LEN
    assert parse(cmd("AddItem", {"kind": "note", "text": f"  {text}\n"})).args["text"] == text


def test_a_name_of_exactly_the_limit_is_accepted():
    assert parse(cmd("Rename", {"name": "é" * MAX_NAME_LEN})).args == {"name": "é" * MAX_NAME_LEN}


def test_text_limits_count_characters_not_bytes():
    text = "🙂" * MAX_ITEM_TEXT_LEN  # 8,000 bytes of UTF-8
    assert parse(cmd("AddItem", {"kind": "note", "text": text})).args["text"] == text


CONTROLS = ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\U000e0080", "\ue000", "\U0010ffff"]


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(ch):04X}" for ch in CONTROLS])
def test_control_private_and_unassigned_characters_are_refused_in_item_text(char):
    refused("AddItem", {"kind": "note", "text": f"a{char}b"})
    refused("EditItem", {"item": "i1", "text": f"a{char}b"})


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(ch):04X}" for ch in CONTROLS])
def test_control_private_and_unassigned_characters_are_refused_in_names(char):
    refused("Rename", {"name": f"a{char}b"})


@pytest.mark.parametrize("char", ["\n", "\t"], ids=["newline", "tab"])
def test_newline_and_tab_are_allowed_inside_item_text(char):
    assert parse(cmd("AddItem", {"kind": "note", "text": f"a{char}b"})).args["text"] == f"a{char}b"
    assert parse(cmd("EditItem", {"item": "i1", "text": f"a{char}b"})).args["text"] == f"a{char}b"


@pytest.mark.parametrize("char", ["\n", "\t"], ids=["newline", "tab"])
def test_newline_and_tab_are_refused_inside_a_name(char):
    refused("Rename", {"name": f"Ann{char}B"})


def test_ordinary_unicode_is_allowed_in_names_and_text():
    assert parse(cmd("Rename", {"name": "Zoë Ñíñez 李"})).args["name"] == "Zoë Ñíñez 李"


def test_argument_keys_must_be_text():
    frame = msgpack.packb({"t": "cmd", "op": OP, "name": "RaiseHand", "args": {b"person": "p2"}}, use_bin_type=True)
    with pytest.raises(InvalidCommand) as error:
        parse(frame)
    assert error.value.op == OP


def test_a_client_cannot_send_the_shuffle_seed_the_server_draws():
    """StartTurns.seed is filled in by the server: a client that sends one is refused."""
    assert refused("StartTurns", {"shuffle": True, "seed": 1}).reason
    assert refused("StartTurns", {"seed": 0}).reason


@pytest.mark.parametrize("position", [0, 1, 99, 100])
def test_agenda_positions_are_whole_numbers_at_both_ends_of_their_range(position):
    args = parse(cmd("MoveRound", {"round": "r1", "position": position})).args
    assert args == {"round": "r1", "position": position} and type(args["position"]) is int
