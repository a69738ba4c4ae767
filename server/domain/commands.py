"""Commands: what someone asks the room to do. Imperative names, validated arguments.

The wire commands (protocol/commands.py) map one to one onto the classes in
WIRE_COMMANDS; the rest are issued by the server itself.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CreateRoom:
    title: str
    facilitator_name: str = "Facilitator"


@dataclass(frozen=True, slots=True)
class Join:
    name: str


@dataclass(frozen=True, slots=True)
class MarkOnline:
    person: str


@dataclass(frozen=True, slots=True)
class MarkOffline:
    person: str


@dataclass(frozen=True, slots=True)
class Rename:
    name: str


@dataclass(frozen=True, slots=True)
class AdvancePhase:
    pass


@dataclass(frozen=True, slots=True)
class StepBackPhase:
    pass


@dataclass(frozen=True, slots=True)
class AddItem:
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class EditItem:
    item: str
    text: str | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class DeleteItem:
    item: str


@dataclass(frozen=True, slots=True)
class RaiseHand:
    pass


@dataclass(frozen=True, slots=True)
class LowerHand:
    person: str | None = None  # None: your own hand


@dataclass(frozen=True, slots=True)
class LowerAllHands:
    pass


@dataclass(frozen=True, slots=True)
class GiveFloor:
    person: str | None = None  # None: the first hand in the queue


@dataclass(frozen=True, slots=True)
class EndFloor:
    pass


@dataclass(frozen=True, slots=True)
class StartTimer:
    seconds: float


@dataclass(frozen=True, slots=True)
class PauseTimer:
    pass


@dataclass(frozen=True, slots=True)
class ResumeTimer:
    pass


@dataclass(frozen=True, slots=True)
class ExtendTimer:
    seconds: float


@dataclass(frozen=True, slots=True)
class ResetTimer:
    pass


Command = (
    CreateRoom | Join | MarkOnline | MarkOffline | Rename | AdvancePhase | StepBackPhase
    | AddItem | EditItem | DeleteItem | RaiseHand | LowerHand | LowerAllHands | GiveFloor
    | EndFloor | StartTimer | PauseTimer | ResumeTimer | ExtendTimer | ResetTimer
)

WIRE_COMMANDS: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Rename, AdvancePhase, StepBackPhase, AddItem, EditItem, DeleteItem, RaiseHand,
        LowerHand, LowerAllHands, GiveFloor, EndFloor, StartTimer, PauseTimer, ResumeTimer,
        ExtendTimer, ResetTimer,
    )
}
