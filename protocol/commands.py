"""The commands a client may send, as one table: name -> argument validators.

The server's domain defines what each command means; this table only says what a
well-formed one looks like on the wire. A test keeps both in step.
"""

from typing import Any

from protocol.fields import Choice, Field, Id, Number, Text, optional
from protocol.limits import MAX_ITEM_TEXT_LEN, MAX_NAME_LEN, MAX_TIMER_S

ITEM_KINDS = frozenset({"note", "question", "option", "lesson", "action"})

COMMANDS: dict[str, dict[str, Field]] = {
    "Rename": {"name": Text(MAX_NAME_LEN)},
    "AdvancePhase": {},
    "StepBackPhase": {},
    "AddItem": {"kind": Choice(ITEM_KINDS), "text": Text(MAX_ITEM_TEXT_LEN, multiline=True)},
    "EditItem": {
        "item": Id(),
        "text": optional(Text(MAX_ITEM_TEXT_LEN, multiline=True)),
        "kind": optional(Choice(ITEM_KINDS)),
    },
    "DeleteItem": {"item": Id()},
    "RaiseHand": {},
    "LowerHand": {"person": optional(Id())},
    "LowerAllHands": {},
    "GiveFloor": {"person": optional(Id())},
    "EndFloor": {},
    "StartTimer": {"seconds": Number(1, MAX_TIMER_S)},
    "PauseTimer": {},
    "ResumeTimer": {},
    "ExtendTimer": {"seconds": Number(1, MAX_TIMER_S)},
    "ResetTimer": {},
}


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
