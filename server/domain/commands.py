"""Commands: what someone asks the room to do. Imperative names, validated arguments.

The wire commands (protocol/commands.py) map one to one onto the classes in
WIRE_COMMANDS; the rest are issued by the server itself.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CreateRoom:
    title: str
    facilitator_name: str = "Facilitator"
    method: str = "peer_assist"
    follows: str | None = None  # a follow-up: the closed meeting's room id
    carried: tuple = ()  # a follow-up: outcome rows brought forward (lessons, open actions)
    brief: dict | None = None  # a follow-up: the brief it starts from


# --- before the meeting --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UpdateBrief:
    """Fields left None stay as they are; "" clears a text, 0 clears the planned start."""

    title: str | None = None
    problem: str | None = None
    objectives: str | None = None
    context: str | None = None
    starts_at: float | None = None


@dataclass(frozen=True, slots=True)
class PlanRole:
    name: str
    duty: str
    on: bool


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
class AddGuest:
    """Someone in the room without a device: others raise hands on their behalf."""

    name: str


@dataclass(frozen=True, slots=True)
class SetDuty:
    person: str
    duty: str
    on: bool


# --- the agenda ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NextRound:
    pass


@dataclass(frozen=True, slots=True)
class PreviousRound:
    pass


@dataclass(frozen=True, slots=True)
class JumpToRound:
    round: str


@dataclass(frozen=True, slots=True)
class SkipRound:
    round: str
    skip: bool = True


@dataclass(frozen=True, slots=True)
class ExtendRound:
    minutes: float


@dataclass(frozen=True, slots=True)
class AddRound:
    kind: str
    position: int | None = None  # None: at the end
    minutes: float | None = None  # None: the round type's default


@dataclass(frozen=True, slots=True)
class RemoveRound:
    round: str


@dataclass(frozen=True, slots=True)
class MoveRound:
    round: str
    position: int


@dataclass(frozen=True, slots=True)
class SetTimeBox:
    round: str
    minutes: float


@dataclass(frozen=True, slots=True)
class MarkDone:
    done: bool = True


# --- the flipchart -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddItem:
    kind: str
    text: str
    author: str | None = None  # a scribe or facilitator writing for someone


@dataclass(frozen=True, slots=True)
class EditItem:
    item: str
    text: str | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class DeleteItem:
    item: str


@dataclass(frozen=True, slots=True)
class RevealItems:
    person: str | None = None  # None: every hidden item at once


# --- hands, floor and turns ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RaiseHand:
    direct: bool = False  # a direct response to the speaker
    person: str | None = None  # on behalf of a guest (facilitator or scribe)


@dataclass(frozen=True, slots=True)
class LowerHand:
    person: str | None = None  # None: your own hand


@dataclass(frozen=True, slots=True)
class LowerAllHands:
    pass


@dataclass(frozen=True, slots=True)
class SetProgressive:
    on: bool


@dataclass(frozen=True, slots=True)
class GiveFloor:
    person: str | None = None  # None: the first hand in the queue


@dataclass(frozen=True, slots=True)
class EndFloor:
    pass


@dataclass(frozen=True, slots=True)
class StartTurns:
    shuffle: bool = False
    seed: int = 0  # supplied by the server when shuffling, so deciding stays pure


@dataclass(frozen=True, slots=True)
class PassTurn:
    pass


@dataclass(frozen=True, slots=True)
class SkipTurn:
    pass


# --- the timer -----------------------------------------------------------------------


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


# --- the close ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddOutcome:
    kind: str  # "lesson" or "action"
    text: str
    owner: str | None = None
    due: str | None = None
    item: str | None = None  # drawn from this flipchart item


@dataclass(frozen=True, slots=True)
class EditOutcome:
    outcome: str
    text: str | None = None
    owner: str | None = None
    due: str | None = None
    status: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RemoveOutcome:
    outcome: str


@dataclass(frozen=True, slots=True)
class ConfirmOutcomes:
    pass


@dataclass(frozen=True, slots=True)
class CloseMeeting:
    pass


@dataclass(frozen=True, slots=True)
class ReopenMeeting:
    pass


_WIRE = (
    Rename, AddGuest, SetDuty, NextRound, PreviousRound, JumpToRound, SkipRound, ExtendRound, AddRound,
    RemoveRound, MoveRound, SetTimeBox, MarkDone, AddItem, EditItem, DeleteItem, RevealItems, RaiseHand,
    LowerHand, LowerAllHands, SetProgressive, GiveFloor, EndFloor, StartTurns, PassTurn, SkipTurn,
    StartTimer, PauseTimer, ResumeTimer, ExtendTimer, ResetTimer, UpdateBrief, PlanRole, AddOutcome,
    EditOutcome, RemoveOutcome, ConfirmOutcomes, CloseMeeting, ReopenMeeting,
)
Command = object  # one of the classes above
WIRE_COMMANDS: dict[str, type] = {cls.__name__: cls for cls in _WIRE}
SERVER_COMMANDS = (CreateRoom, Join, MarkOnline, MarkOffline)
