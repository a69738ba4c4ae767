"""What each viewer may see: the snapshot in `welcome`, and events as sent.

Two things are not for everyone. A hidden item (written in a private round, not yet
revealed) reaches others without its text: they learn that an item exists, by whom, so
every socket still sees every seq. Airtime is for those who facilitate until the
close, when it becomes part of the summary: until then others get FloorEnded without
its seconds. `audience` names the groups whose
projections are identical, so a batch is encoded once per group, not once per socket.
"""

from dataclasses import dataclass
from typing import Any

from server.domain.methods import ROUND_TYPES
from server.domain.outcomes import outcome_row
from server.domain.preparation import brief_row
from server.domain.state import Room

_PRIVATE_ITEM_EVENTS = frozenset({"ItemAdded", "ItemEdited"})


@dataclass(frozen=True, slots=True)
class Viewer:
    person: str | None  # None for a display
    facilitates: bool

    def reads(self, hidden: bool, author: str) -> bool:
        """Whether this viewer may read an item's text: a hidden one is its author's alone."""
        return not hidden or author == self.person


def project(event: dict[str, Any], viewer: Viewer) -> dict[str, Any]:
    kind = event["type"]
    if kind in _PRIVATE_ITEM_EVENTS and not viewer.reads(event["hidden"], event["author"]):
        return {**event, "text": ""}
    if kind == "FloorEnded" and not viewer.facilitates:
        return {**event, "seconds": None}
    return event


def sensitive(events: list[dict[str, Any]]) -> bool:
    """False when every viewer sees `events` the same (the common, cheap case)."""
    return any(
        ev["type"] == "FloorEnded" or ev["type"] == "DutiesChanged"
        or (ev["type"] in _PRIVATE_ITEM_EVENTS and ev["hidden"])
        for ev in events
    )


#: events after which some viewer may see more (or less) of what came before than the
#: events themselves carried: their duties changed, or the airtime became everyone's at the
#: close (and stopped being at a reopen)
REFRESHING = frozenset({"DutiesChanged", "MeetingClosed", "MeetingReopened"})


def refreshes(events: list[dict[str, Any]], viewer: Viewer) -> bool:
    """True when, after `events`, `viewer` needs a fresh snapshot: no event carries what was
    withheld from them before (a hidden text, airtime seconds), so only a snapshot can."""
    for ev in events:
        kind = ev["type"]
        if kind == "DutiesChanged" and ev["person"] == viewer.person:
            return True
        if kind in ("MeetingClosed", "MeetingReopened") and not viewer.facilitates:
            return True
    return False


def audience(events: list[dict[str, Any]], viewer: Viewer) -> tuple:
    """Viewers with equal keys receive identical projections of `events`."""
    authors = {ev["author"] for ev in events if ev["type"] in _PRIVATE_ITEM_EVENTS and ev["hidden"]}
    airtime = any(ev["type"] == "FloorEnded" for ev in events)
    return (viewer.facilitates if airtime else None, viewer.person if viewer.person in authors else None)


def snapshot(state: Room, viewer: Viewer) -> dict[str, Any]:
    timer, turns, floor, confirmed = state.timer, state.turns, state.floor, state.confirmed
    return {
        "title": state.title,
        "created_at": state.created_at,
        "method": state.method,
        "agenda": [{"id": r.id, "kind": r.kind, "minutes": r.minutes, "skipped": r.skipped} for r in state.agenda],
        "current": state.current,
        "round_ends_at": state.round_ends_at,
        "time_box_over": state.time_box_over,
        "history": [{"round": v.round, "started_at": v.started_at, "ended_at": v.ended_at} for v in state.history],
        "people": [
            {
                "id": p.id, "name": p.name, "role": str(p.role), "online": p.online, "joined_at": p.joined_at,
                "duties": sorted(p.duties), "guest": p.guest,
            }
            for p in state.people.values()
        ],
        "items": [
            {
                "id": i.id, "kind": i.kind, "author": i.author, "round": i.round, "created_at": i.created_at,
                "edited_at": i.edited_at, "hidden": i.hidden,
                "text": i.text if viewer.reads(i.hidden, i.author) else "",
            }
            for i in state.items.values()
        ],
        "queue": [{"person": h.person, "n": h.n, "at": h.at, "direct": h.direct} for h in state.queue],
        "progressive": state.progressive,
        "floor": {"person": floor.person, "since": floor.since, "ends_at": floor.ends_at, "warned": floor.warned} if floor else None,
        "turns": {"order": list(turns.order), "index": turns.index, "passed": list(turns.passed)} if turns else None,
        "airtime": {p: {"seconds": a.seconds, "turns": a.turns} for p, a in state.airtime.items()}
        if viewer.facilitates or state.closed
        else {p: {"seconds": None, "turns": a.turns} for p, a in state.airtime.items()},
        "done": sorted(state.done),
        "timer": {
            "status": str(timer.status), "duration": timer.duration,
            "ends_at": timer.ends_at, "remaining": timer.remaining,
        },
        "brief": brief_row(state.title, state.brief),
        "roster": [[r.name, r.duty] for r in state.roster],
        "outcomes": [outcome_row(o) for o in state.outcomes.values()],
        "confirmed": {
            "by": confirmed.by, "at": confirmed.at, "outcomes": [outcome_row(o) for o in confirmed.outcomes],
        } if confirmed else None,
        "closed_at": state.closed_at,
        "follows": state.follows,
    }


def round_types() -> dict[str, dict[str, Any]]:
    """The rules of every kind of round, for clients and for GET /api/methods."""
    return {
        key: {
            "key": t.key, "name": t.name, "hint": t.hint, "speaking": str(t.speaking), "kinds": sorted(t.kinds),
            "owner": str(t.owner), "visibility": str(t.visibility), "minutes": t.minutes,
            "turn_seconds": t.turn_seconds, "owner_takes_turn": t.owner_takes_turn, "advance": str(t.advance),
        }
        for key, t in ROUND_TYPES.items()
    }
