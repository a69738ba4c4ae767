"""The flipchart: anyone in the meeting adds items; only the author or a facilitator changes them."""

import functools

import pytest

from protocol.codes import ErrorCode
from server.domain import DomainError, decide
from server.domain import commands as c
from server.domain import events as e
from server.domain.rules import MAX_ITEMS
from tests.domain.rooms import ANN, BOB, FACILITATOR, T0, do, room

KINDS = ["note", "question", "option", "lesson", "action"]


def _with_anns_item():
    return do(room(), c.AddItem("question", "Why now?"), ANN, T0 + 5)


@pytest.mark.parametrize("kind", KINDS)
def test_a_participant_adds_an_item_of_each_kind(kind):
    events = decide(room(), c.AddItem(kind, "text"), ANN, T0 + 5)
    assert events == [e.ItemAdded("i1", kind, "text", "p2", "opening", T0 + 5)]


def test_an_item_remembers_its_author_and_creation_time():
    item = _with_anns_item().items["i1"]
    assert (item.author, item.created_at, item.edited_at) == ("p2", T0 + 5, None)


def test_an_item_keeps_the_phase_it_was_written_in():
    state = do(room(), c.AdvancePhase())
    state = do(state, c.AdvancePhase())  # ask
    state = do(state, c.AddItem("question", "How did you start?"), ANN)
    state = do(state, c.AdvancePhase())  # analyse
    state = do(state, c.EditItem("i1", text="How did you begin?"), ANN)
    assert state.phase == "analyse"
    assert state.items["i1"].phase == "ask"


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
    assert events == [e.ItemEdited("i1", "option", "Why not now?", T0 + 9)]
    item = do(state, c.EditItem("i1", text="Why not now?", kind="option"), ANN, T0 + 9).items["i1"]
    assert (item.kind, item.text, item.edited_at, item.created_at) == ("option", "Why not now?", T0 + 9, T0 + 5)


def test_an_edit_of_only_the_kind_keeps_the_text():
    events = decide(_with_anns_item(), c.EditItem("i1", kind="lesson"), ANN, T0 + 9)
    assert events == [e.ItemEdited("i1", "lesson", "Why now?", T0 + 9)]


def test_an_edit_of_only_the_text_keeps_the_kind():
    events = decide(_with_anns_item(), c.EditItem("i1", text="When?"), ANN, T0 + 9)
    assert events == [e.ItemEdited("i1", "question", "When?", T0 + 9)]


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
    [(ANN, None), (FACILITATOR, None), (BOB, ErrorCode.NOT_AUTHOR)],
    ids=["author", "facilitator", "someone-else"],
)
@pytest.mark.parametrize(
    "command", [c.EditItem("i1", text="Changed"), c.DeleteItem("i1")], ids=["edit", "delete"]
)
def test_only_the_author_or_a_facilitator_changes_an_item(actor, expected, command):
    state = _with_anns_item()
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
    with pytest.raises(DomainError) as refused:
        decide(state, c.DeleteItem("i1"), ANN, T0)
    assert refused.value.code is ErrorCode.NOT_AUTHOR


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
