"""A room's full state as plain data and back, for the store's compaction snapshots.

Unlike views.snapshot (what a client sees), this keeps everything `evolve` needs,
counters included, so a process can resume folding from it.
"""

from dataclasses import fields
from typing import Any

from server.domain.state import Floor, Hand, Item, Person, Role, Room, Timer, TimerStatus

FORMAT = 1


def _record(obj: Any) -> dict[str, Any]:
    # Not dataclasses.asdict: it deep-copies every value, and a snapshot of a full board
    # is taken on the commit path's event loop.
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def dump(state: Room) -> dict[str, Any]:
    data = _record(state)
    data["people"] = [_record(p) for p in state.people.values()]
    data["items"] = [_record(i) for i in state.items.values()]
    data["queue"] = [_record(h) for h in state.queue]
    data["floor"] = _record(state.floor) if state.floor else None
    data["timer"] = _record(state.timer)
    data["format"] = FORMAT
    return data


def load(data: dict[str, Any]) -> Room:
    if data.get("format") != FORMAT:
        raise ValueError("unknown snapshot format")
    people = {p["id"]: Person(**{**p, "role": Role(p["role"])}) for p in data["people"]}
    items = {i["id"]: Item(**i) for i in data["items"]}
    timer = data["timer"]
    return Room(
        title=data["title"],
        created_at=data["created_at"],
        phase=data["phase"],
        people=people,
        items=items,
        queue=tuple(Hand(**h) for h in data["queue"]),
        floor=Floor(**data["floor"]) if data["floor"] else None,
        timer=Timer(**{**timer, "status": TimerStatus(timer["status"])}),
        last_person=data["last_person"],
        last_item=data["last_item"],
        last_hand=data["last_hand"],
    )
