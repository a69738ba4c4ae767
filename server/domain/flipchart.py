"""The flipchart: items of a kind the round allows, private in writing rounds until the
facilitator reveals them, all at once or one author at a time."""

from protocol.codes import ErrorCode
from server.domain import commands as c
from server.domain import events as e
from server.domain.handlers import handles, person_in, refuse
from server.domain.methods import Visibility
from server.domain.rules import MAX_ITEMS, writes_for_anyone
from server.domain.state import Actor, Item, Room


@handles(c.AddItem)
def _add(state: Room, cmd: c.AddItem, actor: Actor, now: float) -> list:
    if len(state.items) >= MAX_ITEMS:
        raise refuse(ErrorCode.LIMIT_REACHED, "The flipchart is full.")
    scribe = writes_for_anyone(state, actor)
    author = person_in(state, cmd.author or actor.person)
    if author != actor.person and not scribe:
        raise refuse(ErrorCode.FORBIDDEN, "Only a facilitator or scribe may write for someone else.")
    current = state.round
    if current and not scribe and cmd.kind not in current.rules.kinds:
        raise refuse(ErrorCode.NOT_NOW, "This kind of item does not belong in this round.")
    hidden = bool(current and current.rules.visibility is Visibility.PRIVATE)
    item_id = f"i{state.last_item + 1}"
    return [e.ItemAdded(item_id, cmd.kind, cmd.text, author, state.current, hidden, now)]


def _changeable(state: Room, item_id: str, actor: Actor) -> Item:
    item = state.items.get(item_id)
    if item is None:
        raise refuse(ErrorCode.NOT_FOUND, "That item is gone.")
    mine = item.author == actor.person
    if not mine and (item.hidden or not writes_for_anyone(state, actor)):
        raise refuse(ErrorCode.NOT_AUTHOR, "Only its author, a facilitator or the scribe may change it.")
    return item


@handles(c.EditItem)
def _edit(state: Room, cmd: c.EditItem, actor: Actor, now: float) -> list:
    item = _changeable(state, cmd.item, actor)
    text = cmd.text if cmd.text is not None else item.text
    kind = cmd.kind if cmd.kind is not None else item.kind
    if (text, kind) == (item.text, item.kind):
        return []
    return [e.ItemEdited(item.id, kind, text, item.author, item.hidden, now)]


@handles(c.DeleteItem)
def _delete(state: Room, cmd: c.DeleteItem, actor: Actor, now: float) -> list:
    if cmd.item not in state.items:
        return []  # already gone: a retried delete is harmless
    _changeable(state, cmd.item, actor)
    return [e.ItemDeleted(cmd.item)]


@handles(c.RevealItems)
def _reveal(state: Room, cmd: c.RevealItems, actor: Actor, now: float) -> list:
    if cmd.person is not None:
        person_in(state, cmd.person)
    rows = [
        {"id": i.id, "kind": i.kind, "text": i.text, "author": i.author}
        for i in state.items.values() if i.hidden and cmd.person in (None, i.author)
    ]
    return [e.ItemsRevealed(rows, now)] if rows else []
