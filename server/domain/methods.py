"""Meeting methods as data: round types, each with its rules in one row, and the
templates that put them in order (Peer Assist and four intervision methods).

A round type says who may speak, which flipchart items belong in it, what the case
owner does, whether new items stay private until revealed, the planned time box, and
the time per turn where turns go round. Nothing advances by itself unless a round says
so in `advance`.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Speaking(StrEnum):
    OWNER_ONLY = "owner_only"  # the case owner speaks; others listen
    ROUND_ROBIN = "round_robin"  # everyone in turn, one turn each
    HAND_QUEUE = "hand_queue"  # raise a hand; the facilitator gives the floor
    OPEN = "open"  # free conversation; hands optional
    SILENT = "silent_writing"  # nobody speaks: everyone writes


class OwnerMode(StrEnum):
    PRESENTING = "presenting"  # the owner holds the floor
    ANSWERING = "answering"  # the owner answers, and may respond directly
    LISTENING = "listening"  # the owner listens only: no hand, no turn, no floor


class Visibility(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"  # each item seen by its author only, until the facilitator reveals it


class Advance(StrEnum):
    FACILITATOR = "facilitator"  # only the facilitator moves on (the default)
    ON_TIME_BOX = "on_time_box"  # the next round starts when the time box is over


ALL_KINDS = frozenset({"note", "question", "option", "lesson", "action"})


@dataclass(frozen=True, slots=True)
class RoundType:
    key: str
    name: str
    hint: str
    speaking: Speaking
    kinds: frozenset[str]
    owner: OwnerMode
    visibility: Visibility = Visibility.PUBLIC
    minutes: float = 10
    turn_seconds: float | None = None
    owner_takes_turn: bool = False  # in a round-robin, whether the case owner gets a turn too
    advance: Advance = Advance.FACILITATOR


def _t(key: str, name: str, hint: str, speaking: Speaking, kinds: set[str], owner: OwnerMode, **more) -> RoundType:
    return RoundType(key, name, hint, speaking, frozenset(kinds), owner, **more)


S, O, V = Speaking, OwnerMode, Visibility

#: Every round a method can use, keyed by `key`. One row, every rule of that round.
ROUND_TYPES: dict[str, RoundType] = {t.key: t for t in (
    _t("opening", "Opening", "Welcome, purpose and agreements: learning, not endorsement.", S.OPEN, {"note"}, O.PRESENTING, minutes=5),
    _t("accountability", "Accountability", "Each in turn: what did you do with the earlier advice?", S.ROUND_ROBIN, {"note", "lesson"}, O.ANSWERING, minutes=5, turn_seconds=60, owner_takes_turn=True),
    _t("case_select", "Choose a case", "Short pitches of cases, then choose one.", S.HAND_QUEUE, {"note"}, O.PRESENTING, minutes=10),
    _t("tell", "Tell", "The case owner presents the challenge: context, history and ideas.", S.OWNER_ONLY, {"note"}, O.PRESENTING, minutes=10),
    _t("write_questions", "Write questions", "Everyone writes questions for information, alone.", S.SILENT, {"question"}, O.LISTENING, visibility=V.PRIVATE, minutes=5),
    _t("question_round", "Information round", "Each in turn asks a question; the case owner answers. Facts only: no advice yet.", S.ROUND_ROBIN, {"question", "note"}, O.ANSWERING, minutes=15, turn_seconds=90),
    _t("ask", "Ask", "Questions to bring out detail. No advice or judgement yet.", S.HAND_QUEUE, {"question", "note"}, O.ANSWERING, minutes=10),
    _t("clarify", "Clarifying questions", "Short questions, short answers.", S.HAND_QUEUE, {"question"}, O.ANSWERING, minutes=10),
    _t("write_associations", "First associations", "Everyone writes their first associations, alone.", S.SILENT, {"note"}, O.LISTENING, visibility=V.PRIVATE, minutes=5),
    _t("analyse", "Analyse", "Discuss options and what has worked elsewhere.", S.HAND_QUEUE, {"note", "option", "question"}, O.LISTENING, minutes=15),
    _t("core", "Formulate the core", "What is the real question behind the case?", S.HAND_QUEUE, {"note"}, O.ANSWERING, minutes=10),
    _t("gossip", "Gossip", "Peers talk about the case among themselves; the case owner listens with their back turned and takes notes.", S.OPEN, {"note", "option"}, O.LISTENING, minutes=15),
    _t("write_advice", "Write advice", "Everyone writes, alone, what they would do.", S.SILENT, {"option"}, O.LISTENING, visibility=V.PRIVATE, minutes=5),
    _t("share_advice", "Share advice", "In turn, each shares their advice; the case owner listens and does not respond.", S.ROUND_ROBIN, {"option"}, O.LISTENING, minutes=10, turn_seconds=90),
    _t("feedback", "Feedback", "Peers present options; the learning team asks about them.", S.ROUND_ROBIN, {"option", "question"}, O.ANSWERING, minutes=15, turn_seconds=120),
    _t("advice", "Advice round", "Each gives at least one piece of advice; the case owner says which appeal.", S.ROUND_ROBIN, {"option"}, O.ANSWERING, minutes=15, turn_seconds=90),
    _t("owner_response", "Case owner responds", "The case owner says what they did, or will do, and what struck them.", S.OWNER_ONLY, {"note", "lesson", "action"}, O.PRESENTING, minutes=5),
    _t("closing_discussion", "Closing discussion", "Discuss together what was learned.", S.HAND_QUEUE, {"note", "lesson"}, O.ANSWERING, minutes=10),
    _t("lessons", "Lessons and actions", "The learning team commits to lessons learned and actions.", S.HAND_QUEUE, {"lesson", "action"}, O.PRESENTING, minutes=10),
    _t("evaluation", "Evaluation", "Each in turn: how did this meeting go for you?", S.ROUND_ROBIN, {"note"}, O.ANSWERING, minutes=5, turn_seconds=45, owner_takes_turn=True),
    _t("close", "Close", "Thank the peers; the meeting ends.", S.OPEN, {"note", "lesson", "action"}, O.PRESENTING, minutes=5),
)}


@dataclass(frozen=True, slots=True)
class Method:
    key: str
    name: str
    summary: str
    rounds: tuple[tuple[str, float], ...] = field(default=())  # (round type, planned minutes)
    peers: tuple[int, int] = (4, 8)  # the group size that works best: shown, never enforced


def _m(key: str, name: str, summary: str, *rounds: str | tuple[str, float], peers: tuple[int, int] = (4, 8)) -> Method:
    steps = tuple((r, ROUND_TYPES[r].minutes) if isinstance(r, str) else r for r in rounds)
    return Method(key, name, summary, steps, peers)


METHODS: dict[str, Method] = {m.key: m for m in (
    _m("peer_assist", "Peer Assist", "A learning team brings a challenge to peers: tell, ask, analyse, feedback, then lessons and actions.",
       "opening", "tell", "ask", "analyse", "feedback", "lessons", "close", peers=(4, 7)),  # "works best in groups of 4-7"
    _m("incident", "Incident method", "Ten rounds around one incident: questions written then asked, analysis, written positions shared in turn, and what the case owner actually did.",
       "case_select", ("tell", 5), "write_questions", "question_round", ("analyse", 10), "write_advice", "share_advice",
       "owner_response", "closing_discussion", "evaluation"),
    _m("balint", "Balint method", "Image forming, judgement and decision: associations and advice are written alone, then shared while the case owner does not react.",
       "case_select", "tell", "write_associations", "clarify", "write_advice", "share_advice", "owner_response", "evaluation"),
    _m("gossip", "Gossip method", "After questions, the peers gossip about the case while the case owner listens with their back turned.",
       ("tell", 5), "question_round", "gossip", "owner_response", "evaluation", ("lessons", 5)),
    _m("five_step", "Five-step method", "Introduce the question, explore it, formulate the core, give advice, evaluate.",
       ("tell", 5), ("ask", 15), "core", "advice", "evaluation"),
)}

DEFAULT_METHOD = "peer_assist"
