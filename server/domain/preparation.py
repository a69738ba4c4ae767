"""Before the meeting: the brief (problem, objectives, briefing material, planned start)
and the roles planned by name.

Both can change at any time until the close: a facilitator sharpens the problem while
the case owner tells it. A planned role is claimed by whoever joins under that name
(compared without case or surrounding space), so nobody has to assign duties live.
"""

from protocol.codes import ErrorCode
from server.domain import commands as c
from server.domain import events as e
from server.domain.handlers import handles, refuse
from server.domain.rules import MAX_ROSTER
from server.domain.state import Actor, Brief, Duty, PlannedRole, Room


def brief_row(title: str, brief: Brief) -> dict:
    return {
        "title": title, "problem": brief.problem, "objectives": brief.objectives,
        "context": brief.context, "starts_at": brief.starts_at,
    }


@handles(c.UpdateBrief)
def _brief(state: Room, cmd: c.UpdateBrief, actor: Actor, now: float) -> list:
    old = brief_row(state.title, state.brief)
    asked = {
        "title": cmd.title, "problem": cmd.problem, "objectives": cmd.objectives,
        "context": cmd.context, "starts_at": cmd.starts_at,
    }
    new = {**old, **{k: v for k, v in asked.items() if v is not None}}
    if new["starts_at"] == 0:
        new["starts_at"] = None
    return [] if new == old else [e.BriefUpdated(**new)]


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def planned_duties(state: Room, name: str) -> list[str]:
    """The duties planned for `name`, or a peer's when nothing is planned for it."""
    duties = sorted({role.duty for role in state.roster if _key(role.name) == _key(name)})
    return duties or [Duty.PEER.value]


@handles(c.PlanRole)
def _plan(state: Room, cmd: c.PlanRole, actor: Actor, now: float) -> list:
    if cmd.duty not in Duty.__members__.values():
        raise refuse(ErrorCode.NOT_FOUND, "No such duty.")
    others = [r for r in state.roster if (_key(r.name), r.duty) != (_key(cmd.name), cmd.duty)]
    if cmd.on and len(others) < len(state.roster):
        return []  # already planned (perhaps spelled another way): the first spelling stays
    roster = others + [PlannedRole(cmd.name, cmd.duty)] if cmd.on else others
    if len(roster) > MAX_ROSTER:
        raise refuse(ErrorCode.LIMIT_REACHED, "The plan holds as many roles as it may.")
    if tuple(roster) == state.roster:
        return []
    return [e.RosterChanged([[r.name, r.duty] for r in roster])]
