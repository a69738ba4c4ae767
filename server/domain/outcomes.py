"""Lessons learned and actions: drawn from flipchart items or written directly, and
confirmed by the learning team at the close.

The confirmation keeps a copy of the outcomes as they were confirmed: that version is
the one that goes out (summary, exports). Any change afterwards leaves the copy as it
was, and the outcomes read as changed since confirmation until the team confirms again.
"""

from dataclasses import fields

from protocol.codes import ErrorCode
from server.domain import commands as c
from server.domain import events as e
from server.domain.handlers import handles, person_in, refuse
from server.domain.records import replace
from server.domain.rules import MAX_OUTCOMES
from server.domain.state import Actor, ActionStatus, Duty, Outcome, Room

ACTION = "action"


def outcome_row(outcome: Outcome) -> dict:
    return {f.name: getattr(outcome, f.name) for f in fields(outcome)}


@handles(c.AddOutcome)
def _add(state: Room, cmd: c.AddOutcome, actor: Actor, now: float) -> list:
    if len(state.outcomes) >= MAX_OUTCOMES:
        raise refuse(ErrorCode.LIMIT_REACHED, "The lists of lessons and actions are full.")
    if cmd.item is not None:
        item = state.items.get(cmd.item)
        if item is None or (item.hidden and item.author != actor.person):
            raise refuse(ErrorCode.NOT_FOUND, "That item is gone.")
    action = cmd.kind == ACTION
    outcome = Outcome(
        f"o{state.last_outcome + 1}", cmd.kind, cmd.text,
        owner=(cmd.owner or "") if action else "", due=(cmd.due or "") if action else "", item=cmd.item,
    )
    return [e.OutcomeAdded(outcome_row(outcome), now)]


def _find(state: Room, outcome_id: str) -> Outcome:
    outcome = state.outcomes.get(outcome_id)
    if outcome is None:
        raise refuse(ErrorCode.NOT_FOUND, "That lesson or action is gone.")
    return outcome


@handles(c.EditOutcome)
def _edit(state: Room, cmd: c.EditOutcome, actor: Actor, now: float) -> list:
    old = _find(state, cmd.outcome)
    if old.kind != ACTION and (cmd.owner or cmd.due or cmd.status):
        raise refuse(ErrorCode.WRONG_STATE, "Only an action has an owner, a due date and a status.")
    if cmd.status is not None and cmd.status not in ActionStatus.__members__.values():
        raise refuse(ErrorCode.NOT_FOUND, "No such status.")
    changes = {k: v for k, v in (
        ("text", cmd.text), ("owner", cmd.owner), ("due", cmd.due), ("status", cmd.status), ("note", cmd.note),
    ) if v is not None}
    new = replace(old, **changes)
    return [] if new == old else [e.OutcomeEdited(outcome_row(new), now)]


@handles(c.RemoveOutcome)
def _remove(state: Room, cmd: c.RemoveOutcome, actor: Actor, now: float) -> list:
    return [e.OutcomeRemoved(cmd.outcome)] if cmd.outcome in state.outcomes else []


@handles(c.ConfirmOutcomes)
def _confirm(state: Room, cmd: c.ConfirmOutcomes, actor: Actor, now: float) -> list:
    owners = [p for p in state.people.values() if Duty.CASE_OWNER in p.duties]
    if owners and not state.has_duty(actor.person, Duty.CASE_OWNER):
        raise refuse(ErrorCode.FORBIDDEN, "The learning team confirms the lessons and actions.")
    if not state.outcomes:
        raise refuse(ErrorCode.WRONG_STATE, "There are no lessons or actions to confirm yet.")
    if state.outcomes_confirmed:
        return []
    by = person_in(state, actor.person)
    return [e.OutcomesConfirmed(by, now, [outcome_row(o) for o in state.outcomes.values()])]
