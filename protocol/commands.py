"""The commands a client may send, as one table: name -> argument validators.

The server's domain defines what each command means; this table only says what a
well-formed one looks like on the wire. A test keeps both in step.
"""

from typing import Any

from protocol.fields import Choice, Count, Day, Field, Flag, Id, Key, Number, Text, optional
from protocol.limits import (
    MAX_BRIEF_TEXT_LEN, MAX_ITEM_TEXT_LEN, MAX_MOMENT, MAX_NAME_LEN, MAX_OWNER_LEN, MAX_TIMER_S, MAX_TITLE_LEN,
)

ITEM_KINDS = frozenset({"note", "question", "option", "lesson", "action"})
DUTIES = frozenset({"facilitator", "case_owner", "peer", "scribe", "timekeeper"})
OUTCOME_KINDS = frozenset({"lesson", "action"})
ACTION_STATUSES = frozenset({"open", "doing", "done", "dropped"})
MAX_ROUND_MINUTES = 240
MAX_AGENDA_POSITION = 100

_ROUND = {"round": Id()}
_MINUTES = Number(1, MAX_ROUND_MINUTES)
_BRIEF_TEXT = Text(MAX_BRIEF_TEXT_LEN, multiline=True, required=False, blank=True)

COMMANDS: dict[str, dict[str, Field]] = {
    "UpdateBrief": {
        "title": optional(Text(MAX_TITLE_LEN)),
        "problem": _BRIEF_TEXT,
        "objectives": _BRIEF_TEXT,
        "context": _BRIEF_TEXT,
        "starts_at": optional(Number(0, MAX_MOMENT)),  # 0 clears the planned start
    },
    "PlanRole": {"name": Text(MAX_NAME_LEN), "duty": Choice(DUTIES), "on": Flag()},
    "Rename": {"name": Text(MAX_NAME_LEN)},
    "AddGuest": {"name": Text(MAX_NAME_LEN)},
    "SetDuty": {"person": Id(), "duty": Choice(DUTIES), "on": Flag()},
    "NextRound": {},
    "PreviousRound": {},
    "JumpToRound": _ROUND,
    "SkipRound": {**_ROUND, "skip": optional(Flag())},
    "ExtendRound": {"minutes": _MINUTES},
    "AddRound": {"kind": Key(), "position": optional(Count(0, MAX_AGENDA_POSITION)), "minutes": optional(_MINUTES)},
    "RemoveRound": _ROUND,
    "MoveRound": {**_ROUND, "position": Count(0, MAX_AGENDA_POSITION)},
    "SetTimeBox": {**_ROUND, "minutes": _MINUTES},
    "MarkDone": {"done": optional(Flag())},
    "AddItem": {
        "kind": Choice(ITEM_KINDS),
        "text": Text(MAX_ITEM_TEXT_LEN, multiline=True),
        "author": optional(Id()),
    },
    "EditItem": {
        "item": Id(),
        "text": optional(Text(MAX_ITEM_TEXT_LEN, multiline=True)),
        "kind": optional(Choice(ITEM_KINDS)),
    },
    "DeleteItem": {"item": Id()},
    "RevealItems": {"person": optional(Id())},
    "RaiseHand": {"direct": optional(Flag()), "person": optional(Id())},
    "LowerHand": {"person": optional(Id())},
    "LowerAllHands": {},
    "SetProgressive": {"on": Flag()},
    "GiveFloor": {"person": optional(Id())},
    "EndFloor": {},
    "StartTurns": {"shuffle": optional(Flag())},
    "PassTurn": {},
    "SkipTurn": {},
    "StartTimer": {"seconds": Number(1, MAX_TIMER_S)},
    "PauseTimer": {},
    "ResumeTimer": {},
    "ExtendTimer": {"seconds": Number(1, MAX_TIMER_S)},
    "ResetTimer": {},
    "AddOutcome": {
        "kind": Choice(OUTCOME_KINDS),
        "text": Text(MAX_ITEM_TEXT_LEN, multiline=True),
        "owner": optional(Text(MAX_OWNER_LEN, blank=True)),
        "due": optional(Day()),
        "item": optional(Id()),
    },
    "EditOutcome": {
        "outcome": Id(),
        "text": optional(Text(MAX_ITEM_TEXT_LEN, multiline=True)),
        "owner": optional(Text(MAX_OWNER_LEN, blank=True)),
        "due": optional(Day()),
        "status": optional(Choice(ACTION_STATUSES)),
        "note": optional(Text(MAX_ITEM_TEXT_LEN, multiline=True, blank=True)),
    },
    "RemoveOutcome": {"outcome": Id()},
    "ConfirmOutcomes": {},
    "CloseMeeting": {},
    "ReopenMeeting": {},
}

#: Arguments of a domain command that the server fills in, never the client.
SERVER_FILLED = {"StartTurns": frozenset({"seed"})}


def clean_args(name: str, args: Any) -> dict[str, Any]:
    """Validate a command's arguments; raise ValueError with a user-safe reason."""
    schema = COMMANDS.get(name)
    if schema is None:
        raise ValueError(f"unknown command {name!r}"[:80])
    if not isinstance(args, dict):
        raise ValueError("args must be a map")
    unknown = set(args) - set(schema)
    if unknown:
        raise ValueError("unexpected argument")
    clean: dict[str, Any] = {}
    for field_name, field in schema.items():
        value = args.get(field_name)
        if value is None:
            if field.required:
                raise ValueError(f"{field_name}: required")
            continue
        try:
            clean[field_name] = field.clean(value)
        except ValueError as exc:
            raise ValueError(f"{field_name}: {exc}") from None
    return clean
