"""The summary of a meeting: what everyone who took part reads afterwards, and what the
exports are made of (protocol/SPEC.md, "After the meeting").

It is a view, like `views.snapshot`, with the same rule about private writing: an item
never revealed reaches only its author. Unlike the snapshot it leaves such items out
for everyone else (counting them in `unrevealed`), because a summary has no use for an
empty card. The outcomes shown are the learning team's confirmed version when there is
one: that is the version that goes out.
"""

from typing import Any

from server.domain.outcomes import ACTION, outcome_row
from server.domain.state import Item, Room
from server.domain.views import Viewer

FORMAT = "peercircle.summary/1"


def summary(state: Room, room_id: str, viewer: Viewer, now: float | None = None) -> dict[str, Any]:
    """The summary as `viewer` may read it. `now` counts a round still running up to
    that moment (a preview during the meeting); without it only ended visits count."""
    return {
        "format": FORMAT,
        "room": room_id,
        "title": state.title,
        "method": state.method,
        "follows": state.follows,
        "brief": {
            "problem": state.brief.problem, "objectives": state.brief.objectives,
            "context": state.brief.context, "starts_at": state.brief.starts_at,
        },
        "created_at": state.created_at,
        "started_at": state.history[0].started_at if state.history else None,
        "closed_at": state.closed_at,
        "people": [
            {"id": p.id, "name": p.name, "duties": sorted(p.duties), "guest": p.guest, "joined_at": p.joined_at}
            for p in state.people.values()
        ],
        "agenda": _agenda(state, now),
        **_board(state, viewer),
        "outcomes": _outcomes(state),
        "airtime": _airtime(state),
    }


def _agenda(state: Room, now: float | None) -> list[dict[str, Any]]:
    rows = []
    for r in state.agenda:
        visits = [v for v in state.history if v.round == r.id]
        spent = sum(_ended(v.ended_at, now) - v.started_at for v in visits)
        rows.append({
            "id": r.id, "kind": r.kind, "planned_minutes": r.minutes, "actual_seconds": max(0.0, spent),
            "skipped": r.skipped, "visits": [{"started_at": v.started_at, "ended_at": v.ended_at} for v in visits],
        })
    return rows


def _ended(ended_at: float | None, now: float | None) -> float:
    if ended_at is not None:
        return ended_at
    return now if now is not None else 0.0


def _board(state: Room, viewer: Viewer) -> dict[str, Any]:
    """`board` (the flipchart grouped by round) and `unrevealed` (items left out)."""
    kinds = {r.id: r.kind for r in state.agenda}
    # Items written before the start come first, then the agenda's order; a round removed
    # from the agenda after items were written in it still keeps its items, at the end.
    order: list[str | None] = [None, *kinds]
    order += list(dict.fromkeys(i.round for i in state.items.values() if i.round not in kinds and i.round is not None))
    groups: dict[str | None, list[dict[str, Any]]] = {key: [] for key in order}
    unrevealed = 0
    for item in state.items.values():
        if not viewer.reads(item.hidden, item.author):
            unrevealed += 1
            continue
        groups[item.round].append(_item_row(state, item))
    board = [
        {"round": key, "kind": kinds.get(key) if key else None, "items": items}
        for key, items in groups.items() if items
    ]
    return {"board": board, "unrevealed": unrevealed}


def _item_row(state: Room, item: Item) -> dict[str, Any]:
    author = state.people.get(item.author)
    return {
        "id": item.id, "kind": item.kind, "text": item.text, "author": item.author,
        "author_name": author.name if author else item.author,
        "created_at": item.created_at, "edited_at": item.edited_at, "hidden": item.hidden,
    }


def _outcomes(state: Room) -> dict[str, Any]:
    confirmed = state.confirmed
    outcomes = confirmed.outcomes if confirmed else tuple(state.outcomes.values())
    by = state.people.get(confirmed.by) if confirmed else None
    return {
        "confirmed": state.outcomes_confirmed,
        "confirmed_by": (by.name if by else confirmed.by) if confirmed else None,
        "confirmed_at": confirmed.at if confirmed else None,
        "changed_since_confirmation": confirmed is not None and not state.outcomes_confirmed,
        "lessons": [outcome_row(o) for o in outcomes if o.kind != ACTION],
        "actions": [outcome_row(o) for o in outcomes if o.kind == ACTION],
    }


def _airtime(state: Room) -> list[dict[str, Any]] | None:
    """Everyone who had the floor, most airtime first; None when nobody ever had it."""
    if not any(a.turns or a.seconds for a in state.airtime.values()):
        return None
    rows = [
        {"person": p, "name": state.people[p].name if p in state.people else p, "seconds": a.seconds, "turns": a.turns}
        for p, a in state.airtime.items()
    ]
    return sorted(rows, key=lambda row: -row["seconds"])
