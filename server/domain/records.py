"""`replace`: a copy of a frozen record with some fields changed, for `evolve`'s hot path.

`dataclasses.replace` walks the class's field objects and calls the generated
`__init__`, which sets each of a Room's two dozen fields one by one through
`object.__setattr__`: about half of what applying an event cost. Every record in the
domain is a frozen dataclass without `__post_init__`, so a copy needs no `__init__`:

- a slotted record (most of them: there are many items, people and hands) has its slots
  read in one go (`attrgetter`) and written in one go (`map` over `object.__setattr__`),
  both loops in C, yet each write still costs a quarter of a microsecond;
- the Room, copied for every event, keeps its fields in a `__dict__` instead, so its copy
  is one C-level dict copy: about 1 µs instead of 10 for its 28 fields.

A misspelt field fails loudly either way.
"""

from collections import deque
from dataclasses import fields
from itertools import repeat
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")
_set = object.__setattr__
_Layout = tuple[tuple[str, ...], frozenset[str], attrgetter | None]  # no reader: backed by a dict
_LAYOUTS: dict[type, _Layout] = {}


def replace(record: T, /, **changes: Any) -> T:
    """Like `dataclasses.replace` for frozen dataclasses without `__post_init__`."""
    cls = type(record)
    names, known, read = _LAYOUTS.get(cls) or _learn(cls)
    for name in changes:
        if name not in known:
            raise TypeError(f"{cls.__name__} has no field {name!r}")
    copy = object.__new__(cls)
    if read is None:
        values = record.__dict__.copy()
        values.update(changes)
        _set(copy, "__dict__", values)
        return copy
    values = read(record)
    deque(map(_set, repeat(copy, len(names)), names, values if len(names) > 1 else (values,)), maxlen=0)
    for name, value in changes.items():
        _set(copy, name, value)
    return copy


def _learn(cls: type) -> _Layout:
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} needs its __init__")
    names = tuple(f.name for f in fields(cls))
    if not names:
        raise TypeError(f"{cls.__name__} has no fields")
    read = attrgetter(*names) if hasattr(cls, "__slots__") else None
    _LAYOUTS[cls] = layout = (names, frozenset(names), read)
    return layout
