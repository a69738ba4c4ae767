"""The Peer Assist phases, in meeting order (from the source text's "During the Meeting")."""

PHASES: tuple[str, ...] = (
    "opening",  # create the right environment for real sharing
    "tell",  # the learning team presents context, history and ideas
    "ask",  # peers ask questions to bring out detail
    "analyse",  # peers discuss options and what worked elsewhere
    "feedback",  # peers present options; the learning team asks about them
    "lessons",  # lessons learned and actions the learning team commits to
    "close",  # acknowledge the contributions; the meeting ends
)

FIRST_PHASE = PHASES[0]


def next_phase(phase: str) -> str | None:
    index = PHASES.index(phase)
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


def previous_phase(phase: str) -> str | None:
    index = PHASES.index(phase)
    return PHASES[index - 1] if index > 0 else None
