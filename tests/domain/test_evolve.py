"""evolve copies only what an event touches, so a change costs the same on a full board.

Not a timing test: it checks identity. An event that leaves a collection alone must hand
the very same object to the new state.
"""

import functools

import pytest

from server.domain import commands as c
from server.domain import evolve
from server.domain import events as e
from server.domain.state import SYSTEM
from tests.domain.rooms import ANN, BOB, T0, do, room

COLLECTIONS = ("people", "items", "queue", "airtime", "agenda", "history", "outcomes")
_ROW = {"id": "o1", "kind": "lesson", "text": "Ask early", "owner": "", "due": "", "status": "open",
        "item": None, "carried": False, "note": ""}


@functools.cache
def _big_room():
    """1,000 items, 20 people, round r3 (ask) after r1, Cat has spoken, Bob's hand up, a running timer."""
    state = room(19)
    for n in range(1000):
        state = do(state, c.AddItem("note", f"idea {n}"), ANN)
    state = do(state, c.JumpToRound("r1"))
    state = do(state, c.JumpToRound("r3"))
    state = do(do(state, c.GiveFloor("p4")), c.EndFloor(), now=T0 + 30)
    state = do(state, c.RaiseHand(), BOB)
    return do(state, c.StartTimer(600.0))


#: event on the big room -> the collections it changes (every other one must be shared)
TOUCHES = [
    (e.ItemAdded("i1001", "note", "one more", "p2", "r3", False, T0), {"items"}),
    (e.ItemEdited("i500", "option", "changed", "p2", False, T0), {"items"}),
    (e.ItemDeleted("i500"), {"items"}),
    (e.ItemsRevealed([{"id": "i500", "kind": "note", "text": "idea 499", "author": "p2"}], T0), {"items"}),
    (e.HandRaised("p2", 2, False, T0, ["p3", "p2"]), {"queue"}),
    (e.HandLowered("p3"), {"queue"}),
    (e.AllHandsLowered(), {"queue"}),
    (e.QueueReordered(True, ["p3"]), {"queue"}),
    (e.FloorGiven("p3", T0, None), {"queue", "airtime"}),
    (e.FloorEnded("p4", T0, 0.0, False, ["p3"]), {"queue", "airtime"}),
    (e.TurnTimeUp("p3", T0), set()),
    (e.TurnsStarted(["p2", "p3"]), set()),
    (e.TurnsCompleted(T0), set()),
    (e.PersonJoined("p21", "Late", "participant", ["peer"], False, T0), {"people"}),
    (e.PersonRenamed("p2", "Ann B."), {"people"}),
    (e.PersonCameOnline("p2"), {"people"}),
    (e.PersonWentOffline("p2"), {"people"}),
    (e.DutiesChanged("p2", ["scribe"]), {"people"}),
    (e.PersonMarkedDone("p2", True), set()),
    (e.AgendaChanged([{"id": "r1", "kind": "tell", "minutes": 5, "skipped": False}]), {"agenda"}),
    (e.RoundStarted("r4", "r3", T0 + 900, T0), {"history"}),
    (e.RoundExtended("r3", 20, T0 + 1200), {"agenda"}),
    (e.TimeBoxOver("r3", T0), set()),
    (e.TimerPaused(100.0), set()),
    (e.TimerResumed(T0 + 700), set()),
    (e.TimerExtended(60.0, 660.0, T0 + 660, None), set()),
    (e.TimerReset(), set()),
    (e.TimeUp(T0 + 600), set()),
    (e.TimerStarted(60.0, T0 + 60), set()),
    (e.BriefUpdated("Onboarding", "New hires leave", "", "", None), set()),
    (e.RosterChanged([["Ann", "case_owner"]]), set()),
    (e.OutcomeAdded(_ROW, T0), {"outcomes"}),
    (e.OutcomeEdited(_ROW, T0), {"outcomes"}),
    (e.OutcomeRemoved("o1"), {"outcomes"}),
    (e.OutcomesConfirmed("p2", T0, [_ROW]), set()),
    (e.MeetingClosed(T0), {"history"}),
    (e.MeetingReopened(T0, T0 + 600), {"history"}),
]


def test_the_examples_cover_every_event_type():
    assert {type(event).__name__ for event, _ in TOUCHES} == set(e.EVENT_TYPES) - {"RoomCreated"}


@pytest.mark.parametrize(("event", "touched"), TOUCHES, ids=[type(ev).__name__ for ev, _ in TOUCHES])
def test_an_event_shares_every_collection_it_does_not_touch(event, touched):
    old = _big_room()
    assert len(old.items) == 1000
    new = evolve(old, event)
    for name in COLLECTIONS:
        if name not in touched:
            assert getattr(new, name) is getattr(old, name), name
        else:
            assert getattr(new, name) is not getattr(old, name), name


def test_evolve_never_changes_the_state_it_was_given():
    old = _big_room()
    items, people, queue = dict(old.items), dict(old.people), old.queue
    for event, _ in TOUCHES:
        evolve(old, event)
    assert (dict(old.items), dict(old.people), old.queue) == (items, people, queue)


def test_an_item_added_to_a_big_room_is_shared_not_copied_in_the_people_map():
    old = _big_room()
    new = evolve(old, e.ItemAdded("i1001", "note", "x", "p2", "r3", False, T0))
    assert new.people is old.people
    assert new.items["i1000"] is old.items["i1000"]


def test_a_raised_hand_in_a_big_room_shares_the_items():
    old = do(_big_room(), c.MarkOnline("p4"), SYSTEM)
    new = evolve(old, e.HandRaised("p4", 2, False, T0, ["p3", "p4"]))
    assert new.items is old.items
