"""Field validators for command arguments: each checks one value and returns it clean.

A validator raises ValueError with a short, user-safe reason; `messages` turns that
into an `invalid_command` error for the sender.
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Protocol

_ID = re.compile(r"[a-z0-9]{1,32}")
_KEY = re.compile(r"[a-z][a-z_]{0,31}")


class Field(Protocol):
    required: bool

    def clean(self, value: Any) -> Any: ...


def _refuse_controls(text: str, multiline: bool) -> None:
    # isprintable() is False for every control, surrogate, private-use and unassigned
    # character (and for some harmless ones: a joiner in an emoji, a non-breaking
    # space), so text it passes needs no look at each character's category.
    if (text.replace("\n", "").replace("\t", "") if multiline else text).isprintable():
        return
    for ch in text:
        if ch in "\n\t" and multiline:
            continue
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            raise ValueError("text holds control or unassigned characters")


@dataclass(frozen=True)
class Text:
    max_len: int
    multiline: bool = False
    required: bool = True
    blank: bool = False  # "" is a value: it clears what was written

    def clean(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError("must be text")
        value = value.strip()
        if not value and not self.blank:
            raise ValueError("must not be empty")
        if len(value) > self.max_len:
            raise ValueError(f"at most {self.max_len} characters")
        _refuse_controls(value, self.multiline)
        return value


@dataclass(frozen=True)
class Choice:
    values: frozenset[str]
    required: bool = True

    def clean(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self.values:
            raise ValueError("must be one of " + ", ".join(sorted(self.values)))
        return value


@dataclass(frozen=True)
class Number:
    low: float
    high: float
    required: bool = True

    def clean(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("must be a number")
        if not math.isfinite(value) or not self.low <= value <= self.high:
            raise ValueError(f"must be between {self.low:g} and {self.high:g}")
        return float(value)


@dataclass(frozen=True)
class Id:
    required: bool = True

    def clean(self, value: Any) -> str:
        if not isinstance(value, str) or not _ID.fullmatch(value):
            raise ValueError("must be an id")
        return value


@dataclass(frozen=True)
class Key:
    """A name from a fixed vocabulary (a duty, a kind of round); the domain knows which."""

    required: bool = True

    def clean(self, value: Any) -> str:
        if not isinstance(value, str) or not _KEY.fullmatch(value):
            raise ValueError("must be a name")
        return value


@dataclass(frozen=True)
class Flag:
    required: bool = True

    def clean(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value


@dataclass(frozen=True)
class Count:
    low: int
    high: int
    required: bool = True

    def clean(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise ValueError(f"must be a whole number from {self.low} to {self.high}")
        return value


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _days_in(year: int, month: int) -> int:
    # By hand, not with datetime: the protocol layer imports nothing that can read a clock.
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(frozen=True)
class Day:
    """A calendar date as YYYY-MM-DD (an action's due date), or "" to clear it."""

    required: bool = True

    def clean(self, value: Any) -> str:
        if value == "":
            return value
        match = _DATE.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            raise ValueError("must be a date as YYYY-MM-DD")
        year, month, day = (int(part) for part in match.groups())
        if not (1 <= month <= 12 and 1 <= day <= _days_in(year, month)):
            raise ValueError("must be a real date")
        return value


def optional(field: Any) -> Any:
    """The same validator, but the argument may be left out or null."""
    return type(field)(**{**field.__dict__, "required": False})
