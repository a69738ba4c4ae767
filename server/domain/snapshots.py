"""A room's full state as plain data and back, for the store's compaction snapshots.

Unlike views.snapshot (what a client sees), this keeps everything `evolve` needs,
counters included, so a process can resume folding from it.
"""

from dataclasses import asdict
from typing import Any

from server.domain.state import Floor, Hand, Item, Person, Role, Room, Timer, TimerStatus

FORMAT = 1


def dump(state: Room) -> dict[str, Any]:
    data = asdict(state)
    data["people"] = list(data["people"].values())
    data["items"] = list(data["items"].values())
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
