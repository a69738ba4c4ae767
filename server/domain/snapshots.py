"""A room's full state as plain data and back, for the store's compaction snapshots.

Unlike views.snapshot (what one viewer may see), this keeps everything `evolve` needs,
hidden texts and counters included, so a process can resume folding from it.
"""

from dataclasses import fields
from typing import Any

from server.domain.state import (
    AgendaRound, Airtime, Brief, Confirmation, Floor, Hand, Item, Outcome, Person, PlannedRole, Role, Room, Timer,
    TimerStatus, Turns, Visit,
)

FORMAT = 3
READS = frozenset({2, 3})  # format 2 had no brief, roster or outcomes: they load empty


def _record(obj: Any) -> dict[str, Any]:
    # Not dataclasses.asdict: it deep-copies every value, and a snapshot of a full board
    # is taken on the commit path's event loop.
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def dump(state: Room) -> dict[str, Any]:
    data = _record(state)
    data["agenda"] = [_record(r) for r in state.agenda]
    data["history"] = [_record(v) for v in state.history]
    data["people"] = [{**_record(p), "duties": sorted(p.duties)} for p in state.people.values()]
    data["items"] = [_record(i) for i in state.items.values()]
    data["queue"] = [_record(h) for h in state.queue]
    data["floor"] = _record(state.floor) if state.floor else None
    data["turns"] = _record(state.turns) if state.turns else None
    data["airtime"] = {p: _record(a) for p, a in state.airtime.items()}
    data["done"] = sorted(state.done)
    data["timer"] = _record(state.timer)
    data["brief"] = _record(state.brief)
    data["roster"] = [[r.name, r.duty] for r in state.roster]
    data["outcomes"] = [_record(o) for o in state.outcomes.values()]
    confirmed = state.confirmed
    data["confirmed"] = {
        "by": confirmed.by, "at": confirmed.at, "outcomes": [_record(o) for o in confirmed.outcomes],
    } if confirmed else None
    data["format"] = FORMAT
    return data


def load(data: dict[str, Any]) -> Room:
    if data.get("format") not in READS:
        raise ValueError("unknown snapshot format")
    timer, turns, confirmed = data["timer"], data["turns"], data.get("confirmed")
    return Room(
        title=data["title"],
        created_at=data["created_at"],
        method=data["method"],
        agenda=tuple(AgendaRound(**r) for r in data["agenda"]),
        current=data["current"],
        round_ends_at=data["round_ends_at"],
        time_box_over=data["time_box_over"],
        history=tuple(Visit(**v) for v in data["history"]),
        people={
            p["id"]: Person(**{**p, "role": Role(p["role"]), "duties": frozenset(p["duties"])})
            for p in data["people"]
        },
        items={i["id"]: Item(**i) for i in data["items"]},
        queue=tuple(Hand(**h) for h in data["queue"]),
        progressive=data["progressive"],
        floor=Floor(**data["floor"]) if data["floor"] else None,
        turns=Turns(tuple(turns["order"]), turns["index"], tuple(turns["passed"])) if turns else None,
        airtime={p: Airtime(**a) for p, a in data["airtime"].items()},
        done=frozenset(data["done"]),
        timer=Timer(**{**timer, "status": TimerStatus(timer["status"])}),
        last_person=data["last_person"],
        last_item=data["last_item"],
        last_hand=data["last_hand"],
        last_round=data["last_round"],
        brief=Brief(**data.get("brief", {})),
        roster=tuple(PlannedRole(name, duty) for name, duty in data.get("roster", ())),
        outcomes={o["id"]: Outcome(**o) for o in data.get("outcomes", ())},
        confirmed=Confirmation(
            confirmed["by"], confirmed["at"], tuple(Outcome(**o) for o in confirmed["outcomes"]),
        ) if confirmed else None,
        closed_at=data.get("closed_at"),
        follows=data.get("follows"),
        last_outcome=data.get("last_outcome", 0),
    )
