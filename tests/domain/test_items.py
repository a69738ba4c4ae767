"""The flipchart: anyone in the meeting adds items of a kind the round takes; only the
author, a facilitator or a scribe changes them. Private writing is in test_privacy.py,
every round's kinds in test_methods.py."""

import functools

import pytest

from protocol.codes import ErrorCode
from server.domain import DomainError, decide
from server.domain import commands as c
from server.domain import events as e
from server.domain.rules import MAX_ITEMS
from tests.domain.rooms import ANN, BOB, CAT, FACILITATOR, T0, assign, at_round, do, refusal, room

KINDS = ["note", "question", "option", "lesson", "action"]


def _with_anns_item():
    return do(room(), c.AddItem("question", "Why now?"), ANN, T0 + 5)


@pytest.mark.parametrize("kind", KINDS)
def test_in_the_lobby_a_participant_adds_an_item_of_each_kind(kind):
    events = decide(room(), c.AddItem(kind, "text"), ANN, T0 + 5)
    assert events == [e.ItemAdded("i1", kind, "text", "p2", None, False, T0 + 5)]


def test_in_a_round_an_item_of_a_kind_it_does_not_take_is_refused_to_a_peer_only():
    state = at_round(room(), "ask")  # questions and notes
    assert decide(state, c.AddItem("question", "Why?"), ANN, T0)[0].round == "r3"
    assert refusal(state, c.AddItem("action", "Do it"), ANN) is ErrorCode.NOT_NOW
    assert decide(state, c.AddItem("action", "Do it"), FACILITATOR, T0)[0].kind == "action"


def test_an_item_remembers_its_author_and_creation_time():
    item = _with_anns_item().items["i1"]
    assert (item.author, item.created_at, item.edited_at) == ("p2", T0 + 5, None)


def test_an_item_keeps_the_round_it_was_written_in():
    state = at_round(room(), "ask")
    state = do(state, c.AddItem("question", "How did you start?"), ANN)
    state = do(state, c.NextRound())  # analyse
    state = do(state, c.EditItem("i1", text="How did you begin?"), ANN)
    assert state.round.kind == "analyse"
    assert state.items["i1"].round == "r3"


def test_items_get_fresh_ids_in_order_and_a_deleted_id_is_never_reused():
    state = do(room(), c.AddItem("note", "one"), ANN)
    state = do(state, c.AddItem("note", "two"), BOB)
    state = do(state, c.DeleteItem("i2"), BOB)
    state = do(state, c.AddItem("note", "three"), ANN)
    assert list(state.items) == ["i1", "i3"]


def test_items_keep_creation_order_after_an_edit():
    state = do(room(), c.AddItem("note", "one"), ANN)
    state = do(state, c.AddItem("note", "two"), BOB)
    state = do(state, c.EditItem("i1", text="one, edited"), ANN)
    assert list(state.items) == ["i1", "i2"]


def test_the_author_edits_text_and_kind_and_the_edit_is_stamped():
    state = _with_anns_item()
    events = decide(state, c.EditItem("i1", text="Why not now?", kind="option"), ANN, T0 + 9)
    assert events == [e.ItemEdited("i1", "option", "Why not now?", "p2", False, T0 + 9)]
    item = do(state, c.EditItem("i1", text="Why not now?", kind="option"), ANN, T0 + 9).items["i1"]
    assert (item.kind, item.text, item.edited_at, item.created_at) == ("option", "Why not now?", T0 + 9, T0 + 5)


def test_an_edit_of_only_the_kind_keeps_the_text():
    events = decide(_with_anns_item(), c.EditItem("i1", kind="lesson"), ANN, T0 + 9)
    assert events == [e.ItemEdited("i1", "lesson", "Why now?", "p2", False, T0 + 9)]


def test_an_edit_of_only_the_text_keeps_the_kind():
    events = decide(_with_anns_item(), c.EditItem("i1", text="When?"), ANN, T0 + 9)
    assert events == [e.ItemEdited("i1", "question", "When?", "p2", False, T0 + 9)]


@pytest.mark.parametrize(
    "edit",
    [
        c.EditItem("i1"),
        c.EditItem("i1", text="Why now?"),
        c.EditItem("i1", kind="question"),
        c.EditItem("i1", text="Why now?", kind="question"),
    ],
    ids=["nothing", "same-text", "same-kind", "same-both"],
)
def test_an_edit_that_changes_nothing_gives_no_events(edit):
    assert decide(_with_anns_item(), edit, ANN, T0 + 9) == []


@pytest.mark.parametrize(
    ("actor", "expected"),
    [(ANN, None), (FACILITATOR, None), (CAT, None), (BOB, ErrorCode.NOT_AUTHOR)],
    ids=["author", "facilitator", "scribe", "someone-else"],
)
@pytest.mark.parametrize(
    "command", [c.EditItem("i1", text="Changed"), c.DeleteItem("i1")], ids=["edit", "delete"]
)
def test_only_the_author_a_facilitator_or_a_scribe_changes_a_public_item(actor, expected, command):
    state = assign(_with_anns_item(), CAT, "scribe", only=True)
    if expected is None:
        assert decide(state, command, actor, T0 + 9)
    else:
        with pytest.raises(DomainError) as refused:
            decide(state, command, actor, T0 + 9)
        assert refused.value.code is expected


def test_a_facilitators_edit_keeps_the_original_author():
    state = do(_with_anns_item(), c.EditItem("i1", text="Rephrased"), FACILITATOR)
    assert state.items["i1"].author == "p2"


def test_a_participant_cannot_change_the_facilitators_item():
    state = do(room(), c.AddItem("note", "Ground rules"), FACILITATOR)
    assert refusal(state, c.DeleteItem("i1"), ANN) is ErrorCode.NOT_AUTHOR


def test_a_scribe_writes_in_someones_name_and_the_item_is_theirs():
    state = assign(room(), CAT, "scribe", only=True)
    state = at_round(state, "ask")
    assert decide(state, c.AddItem("lesson", "From Bob", author="p3"), CAT, T0) == [
        e.ItemAdded("i1", "lesson", "From Bob", "p3", "r3", False, T0)
    ]
    state = do(state, c.AddItem("lesson", "From Bob", author="p3"), CAT)
    assert decide(state, c.EditItem("i1", text="Bob's own words"), BOB, T0)


def test_writing_in_the_name_of_someone_unknown_is_refused():
    assert refusal(room(), c.AddItem("note", "x", author="p42"), FACILITATOR) is ErrorCode.NOT_FOUND


def test_editing_a_missing_item_is_refused_as_not_found():
    with pytest.raises(DomainError) as refused:
        decide(_with_anns_item(), c.EditItem("i9", text="x"), ANN, T0)
    assert refused.value.code is ErrorCode.NOT_FOUND


def test_deleting_removes_the_item():
    state = do(_with_anns_item(), c.DeleteItem("i1"), ANN)
    assert "i1" not in state.items


def test_deleting_an_item_that_is_already_gone_changes_nothing():
    state = do(_with_anns_item(), c.DeleteItem("i1"), ANN)
    assert decide(state, c.DeleteItem("i1"), ANN, T0) == []
    assert decide(state, c.DeleteItem("i1"), BOB, T0) == []


@functools.cache
def _full_board(count: int):
    state = room()
    for n in range(1, count + 1):
        state = do(state, c.AddItem("note", f"idea {n}"), ANN)
    return state


def test_the_flipchart_takes_items_up_to_its_limit():
    assert decide(_full_board(MAX_ITEMS - 1), c.AddItem("note", "last one"), ANN, T0)


def test_an_item_beyond_the_limit_is_refused():
    with pytest.raises(DomainError) as refused:
        decide(_full_board(MAX_ITEMS), c.AddItem("note", "one too many"), ANN, T0)
    assert refused.value.code is ErrorCode.LIMIT_REACHED


def test_a_full_flipchart_takes_an_item_again_after_a_delete():
    state = do(_full_board(MAX_ITEMS), c.DeleteItem("i5"), ANN)
    events = decide(state, c.AddItem("note", "room again"), ANN, T0)
    assert [event.item for event in events] == [f"i{MAX_ITEMS + 1}"]
