"""`replace`: a copy of a frozen record with some fields changed, for `evolve`'s hot path.

`dataclasses.replace` walks the class's field objects and calls the generated
`__init__`, which sets each of a Room's two dozen fields one by one through
`object.__setattr__`: about half of what applying an event cost. Every record in the
domain is a frozen, slotted dataclass without `__post_init__`, so a copy is just its
slots read in one go (`attrgetter`) and written in one go (`map` over
`object.__setattr__`), both loops in C. A misspelt field still fails loudly: a slotted
object has no room for it.
"""

from collections import deque
from dataclasses import fields
from itertools import repeat
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")
_set = object.__setattr__
_LAYOUTS: dict[type, tuple[tuple[str, ...], frozenset[str], attrgetter]] = {}


def replace(record: T, /, **changes: Any) -> T:
    """Like `dataclasses.replace` for frozen, slotted dataclasses without `__post_init__`."""
    cls = type(record)
    layout = _LAYOUTS.get(cls) or _learn(cls)
    names, known, read = layout
    copy = object.__new__(cls)
    values = read(record)
    deque(map(_set, repeat(copy, len(names)), names, values if len(names) > 1 else (values,)), maxlen=0)
    for name, value in changes.items():
        if name not in known:
            raise TypeError(f"{cls.__name__} has no field {name!r}")
        _set(copy, name, value)
    return copy


def _learn(cls: type) -> tuple[tuple[str, ...], frozenset[str], attrgetter]:
    if hasattr(cls, "__post_init__") or not hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__} is not a plain slotted record")
    names = tuple(f.name for f in fields(cls))
    _LAYOUTS[cls] = layout = (names, frozenset(names), attrgetter(*names))
    return layout
