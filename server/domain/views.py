"""The room as clients see it: the snapshot map sent in `welcome`.

Nothing in a room is private yet, so every audience gets the same view; the client
folds later events onto it with the same meaning `evolve` gives them (a test runs the
JavaScript reducer against this function).
"""

from typing import Any

from server.domain.phases import PHASES
from server.domain.state import Room


def snapshot(state: Room) -> dict[str, Any]:
    timer = state.timer
    return {
        "title": state.title,
        "created_at": state.created_at,
        "phase": state.phase,
        "phases": list(PHASES),
        "people": [
            {"id": p.id, "name": p.name, "role": str(p.role), "online": p.online, "joined_at": p.joined_at}
            for p in state.people.values()
        ],
        "items": [
            {
                "id": i.id, "kind": i.kind, "text": i.text, "author": i.author, "phase": i.phase,
                "created_at": i.created_at, "edited_at": i.edited_at,
            }
            for i in state.items.values()
        ],
        "queue": [{"person": h.person, "n": h.n, "at": h.at} for h in state.queue],
        "floor": {"person": state.floor.person, "since": state.floor.since} if state.floor else None,
        "timer": {
            "status": str(timer.status), "duration": timer.duration,
            "ends_at": timer.ends_at, "remaining": timer.remaining,
        },
    }
