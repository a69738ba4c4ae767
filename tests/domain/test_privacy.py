"""Writing privately, then revealing: what each viewer is given, at the domain level.

Until ItemsRevealed, an item written in a private round reaches nobody but its author
with its text: not another peer, not the case owner, not a facilitator, not the scribe,
not a display, neither in an event nor in a snapshot. (The wire test is in tests/realtime.)
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol.codes import ErrorCode
from server.domain import decide
from server.domain import commands as c
from server.domain import events as e
from server.domain.views import Viewer, audience, project, refreshes, sensitive, snapshot
from tests.domain.rooms import ANN, BOB, CAT, DAN, FACILITATOR, SAM, T0, at_round, do, fold, meeting, refusal

AUTHOR = Viewer("p3", False)  # Bob
OTHERS = {
    "peer": Viewer("p4", False),
    "case owner": Viewer("p2", False),
    "facilitator": Viewer("p1", True),
    "scribe": Viewer("p7", False),
    "display": Viewer(None, False),
    "a facilitator viewer with no person": Viewer(None, True),
}


def _writing(kind="write_questions"):
    """The incident method's private round: Bob wrote i1 and i2, Cat wrote i3."""
    state = at_round(meeting("incident", helpers=True), kind)
    state = do(state, c.AddItem("question", "Bob's first"), BOB, T0 + 1)
    state = do(state, c.AddItem("question", "Bob's second"), BOB, T0 + 2)
    return do(state, c.AddItem("question", "Cat's"), CAT, T0 + 3)


def _texts(state, viewer):
    return {i["id"]: i["text"] for i in snapshot(state, viewer)["items"]}


def _wire(event, seq=1):
    return {"seq": seq, **e.to_dict(event)}


def test_items_written_in_a_private_round_are_hidden():
    assert [i.hidden for i in _writing().items.values()] == [True, True, True]


def test_items_written_in_a_public_round_are_not():
    state = do(at_round(meeting("incident"), "question_round"), c.AddItem("question", "Open"), BOB)
    assert not state.items["i1"].hidden


def test_a_hidden_item_added_reaches_only_its_author_with_its_text():
    added = decide(_writing(), c.AddItem("question", "Secret"), BOB, T0 + 9)[0]
    assert project(_wire(added), AUTHOR)["text"] == "Secret"
    for name, viewer in OTHERS.items():
        seen = project(_wire(added), viewer)
        assert seen["text"] == "", name
        assert {k: v for k, v in seen.items() if k != "text"} == {k: v for k, v in _wire(added).items() if k != "text"}


def test_a_hidden_item_edited_reaches_only_its_author_with_its_text():
    edited = decide(_writing(), c.EditItem("i1", text="Sharper"), BOB, T0 + 9)[0]
    assert edited.hidden
    assert project(_wire(edited), AUTHOR)["text"] == "Sharper"
    assert all(project(_wire(edited), viewer)["text"] == "" for viewer in OTHERS.values())


def test_the_snapshot_gives_each_hidden_text_to_its_author_only():
    state = _writing()
    assert _texts(state, AUTHOR) == {"i1": "Bob's first", "i2": "Bob's second", "i3": ""}
    assert _texts(state, Viewer("p4", False)) == {"i1": "", "i2": "", "i3": "Cat's"}
    for name, viewer in OTHERS.items():
        if viewer.person != "p4":
            assert _texts(state, viewer) == {"i1": "", "i2": "", "i3": ""}, name


def test_hidden_items_stay_hidden_after_the_round_ends():
    state = do(_writing(), c.NextRound())
    assert _texts(state, OTHERS["facilitator"]) == {"i1": "", "i2": "", "i3": ""}


def test_revealing_all_gives_every_hidden_text_to_everyone_in_creation_order():
    state = _writing()
    assert decide(state, c.RevealItems(), FACILITATOR, T0 + 20) == [e.ItemsRevealed([
        {"id": "i1", "kind": "question", "text": "Bob's first", "author": "p3"},
        {"id": "i2", "kind": "question", "text": "Bob's second", "author": "p3"},
        {"id": "i3", "kind": "question", "text": "Cat's", "author": "p4"},
    ], T0 + 20)]
    state = do(state, c.RevealItems(), now=T0 + 20)
    for viewer in [AUTHOR, *OTHERS.values()]:
        assert _texts(state, viewer) == {"i1": "Bob's first", "i2": "Bob's second", "i3": "Cat's"}
    assert decide(state, c.RevealItems(), FACILITATOR, T0 + 21) == []


def test_revealing_person_by_person_gives_only_that_authors_texts():
    state = _writing()
    revealed = decide(state, c.RevealItems("p4"), FACILITATOR, T0 + 20)
    assert revealed == [e.ItemsRevealed([{"id": "i3", "kind": "question", "text": "Cat's", "author": "p4"}], T0 + 20)]
    state = fold(state, revealed)
    assert _texts(state, OTHERS["display"]) == {"i1": "", "i2": "", "i3": "Cat's"}
    assert [i.hidden for i in state.items.values()] == [True, True, False]
    assert decide(state, c.RevealItems("p4"), FACILITATOR, T0 + 21) == []
    state = do(state, c.RevealItems("p3"))
    assert _texts(state, OTHERS["display"]) == {"i1": "Bob's first", "i2": "Bob's second", "i3": "Cat's"}


def test_revealing_the_items_of_someone_unknown_is_refused():
    assert refusal(_writing(), c.RevealItems("p42")) is ErrorCode.NOT_FOUND


def test_only_a_facilitator_reveals():
    for actor in (BOB, SAM, ANN):
        assert refusal(_writing(), c.RevealItems(), actor) is ErrorCode.FORBIDDEN


def test_a_revealed_item_edited_afterwards_is_public():
    state = do(_writing(), c.RevealItems())
    edited = decide(state, c.EditItem("i1", text="Now public"), BOB, T0)[0]
    assert not edited.hidden and project(_wire(edited), OTHERS["display"])["text"] == "Now public"


def test_nobody_but_the_author_changes_a_hidden_item_not_even_a_facilitator_or_the_scribe():
    state = _writing()
    for actor in (FACILITATOR, SAM, CAT, ANN):
        assert refusal(state, c.EditItem("i1", text="x"), actor) is ErrorCode.NOT_AUTHOR
        assert refusal(state, c.DeleteItem("i1"), actor) is ErrorCode.NOT_AUTHOR
    assert decide(state, c.DeleteItem("i1"), BOB, T0) == [e.ItemDeleted("i1")]


def test_once_revealed_a_facilitator_may_change_it_again():
    state = do(_writing(), c.RevealItems())
    assert decide(state, c.EditItem("i1", text="Tidied"), FACILITATOR, T0)


def test_every_private_round_type_hides_and_every_reveal_shows():
    for kind in ("write_questions", "write_associations", "write_advice"):
        item_kind = {"write_questions": "question", "write_associations": "note", "write_advice": "option"}[kind]
        state = do(at_round(meeting("balint"), kind), c.AddItem(item_kind, "mine"), DAN)
        assert _texts(state, OTHERS["facilitator"]) == {"i1": ""}
        assert _texts(do(state, c.RevealItems()), OTHERS["facilitator"]) == {"i1": "mine"}


# --- audience: who receives the same bytes ----------------------------------------------

PEOPLE = ["p1", "p2", "p3", "p4"]
persons = st.sampled_from(PEOPLE)
wire_events = st.one_of(
    st.builds(lambda i, a, h: {"type": "ItemAdded", "item": f"i{i}", "kind": "note", "text": f"text {i}", "author": a,
                               "round": "r3", "hidden": h, "at": T0}, st.integers(1, 9), persons, st.booleans()),
    st.builds(lambda i, a, h: {"type": "ItemEdited", "item": f"i{i}", "kind": "note", "text": f"new {i}", "author": a,
                               "hidden": h, "at": T0}, st.integers(1, 9), persons, st.booleans()),
    st.builds(lambda p, s: {"type": "FloorEnded", "person": p, "at": T0, "seconds": s, "passed": False, "queue": []},
              persons, st.floats(0, 600)),
    st.builds(lambda p: {"type": "FloorGiven", "person": p, "at": T0, "ends_at": None}, persons),
    st.builds(lambda p: {"type": "DutiesChanged", "person": p, "duties": ["peer"]}, persons),
    st.builds(lambda p: {"type": "HandLowered", "person": p}, persons),
    st.just({"type": "ItemsRevealed", "items": [{"id": "i1", "kind": "note", "text": "t", "author": "p2"}], "at": T0}),
)
viewers = st.builds(Viewer, st.none() | persons, st.booleans())


@settings(max_examples=300, deadline=None)
@given(st.lists(wire_events, max_size=6), st.lists(viewers, min_size=2, max_size=6))
def test_viewers_with_the_same_audience_key_receive_identical_projections(events, group):
    projections = {}
    for viewer in group:
        key = audience(events, viewer)
        seen = [project(ev, viewer) for ev in events]
        assert projections.setdefault(key, seen) == seen, (key, viewer)


@settings(max_examples=300, deadline=None)
@given(st.lists(wire_events, max_size=6), st.lists(viewers, min_size=2, max_size=6))
def test_events_that_are_not_sensitive_look_the_same_to_everyone(events, group):
    if not sensitive(events):
        first = [project(ev, group[0]) for ev in events]
        assert all([project(ev, v) for ev in events] == first for v in group)


@settings(max_examples=300, deadline=None)
@given(st.lists(wire_events, max_size=6), viewers)
def test_no_projection_carries_a_hidden_text_to_anyone_but_its_author(events, viewer):
    for ev, seen in zip(events, [project(ev, viewer) for ev in events]):
        if ev["type"] in ("ItemAdded", "ItemEdited") and ev["hidden"] and ev["author"] != viewer.person:
            assert seen["text"] == ""
        if ev["type"] == "FloorEnded" and not viewer.facilitates:
            assert seen["seconds"] is None


def test_the_author_and_the_others_get_different_keys_for_a_hidden_item():
    events = [_wire(decide(_writing(), c.AddItem("question", "Secret"), BOB, T0)[0])]
    assert audience(events, AUTHOR) != audience(events, OTHERS["peer"])
    assert audience(events, OTHERS["peer"]) == audience(events, OTHERS["display"]) == audience(events, OTHERS["scribe"])


@pytest.mark.parametrize(("events", "viewer", "fresh"), [
    ([{"type": "MeetingClosed", "at": 1.0}], Viewer("p3", False), True),
    ([{"type": "MeetingReopened", "at": 1.0, "ends_at": None}], Viewer(None, False), True),
    ([{"type": "MeetingClosed", "at": 1.0}], Viewer("p1", True), False),
    ([{"type": "DutiesChanged", "person": "p3", "duties": ["scribe"]}], Viewer("p3", False), True),
    ([{"type": "DutiesChanged", "person": "p4", "duties": ["scribe"]}], Viewer("p3", False), False),
    ([{"type": "ItemAdded", "item": "i1"}, {"type": "TimerReset"}], Viewer("p3", False), False),
], ids=["close-peer", "reopen-display", "close-facilitator", "own-duties", "others-duties", "plain"])
def test_who_needs_a_fresh_snapshot_after_events(events, viewer, fresh):
    assert refreshes(events, viewer) is fresh
