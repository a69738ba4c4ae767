"""Random meetings: random commands from random actors, with time moving forward.

After every step the room must still make sense: one place per person in the queue, the
speaker not waiting in it, the server's order rising, ids never reused, every event
foldable, snapshots faithful, and a display never changing anything.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol.codes import ErrorCode
from server.domain import DomainError, decide, evolve, next_deadline, snapshots, tick
from server.domain import commands as c
from server.domain import events as e
from server.domain.state import SYSTEM, Actor, Role
from server.domain.views import snapshot
from tests.domain.rooms import DISPLAY, FACILITATOR, T0, room

PERSONS = [f"p{n}" for n in range(1, 9)]  # p1 facilitates; p2-p4 have joined; p5-p8 may join later
ITEMS = [f"i{n}" for n in range(1, 13)]
KINDS = ["note", "question", "option", "lesson", "action"]

PARTICIPANTS = [Actor(Role.PARTICIPANT, p) for p in PERSONS[1:]]
any_actor = st.sampled_from([FACILITATOR, DISPLAY, SYSTEM, Actor(Role.FACILITATOR, None)] + PARTICIPANTS)
names = st.text(alphabet="AaBb ", min_size=1, max_size=4)
texts = st.text(alphabet="xy\n", min_size=1, max_size=3)
person = st.sampled_from(PERSONS[:4] * 3 + PERSONS[4:])  # mostly people who are in the room
item = st.sampled_from(ITEMS[:4] * 3 + ITEMS[4:])
kind = st.sampled_from(KINDS)
seconds = st.floats(min_value=1, max_value=4 * 3600)

system_commands = st.one_of(
    st.builds(c.CreateRoom, names, names),
    st.builds(c.Join, names),
    st.builds(c.MarkOnline, person),
    st.builds(c.MarkOffline, person),
)
own_commands = st.one_of(  # what a participant may send (for themselves, their items, their hand)
    st.builds(c.Rename, names),
    st.builds(c.AddItem, kind, texts),
    st.builds(c.EditItem, item, st.none() | texts, st.none() | kind),
    st.builds(c.DeleteItem, item),
    st.just(c.RaiseHand()),
    st.just(c.RaiseHand()),
    st.builds(c.LowerHand, st.none() | person),
    st.just(c.EndFloor()),
)
facilitator_commands = st.one_of(
    st.just(c.AdvancePhase()),
    st.just(c.StepBackPhase()),
    st.just(c.LowerAllHands()),
    st.builds(c.GiveFloor, st.none() | person),
    st.builds(c.GiveFloor, st.none() | person),
    st.just(c.EndFloor()),
    st.builds(c.StartTimer, seconds),
    st.just(c.PauseTimer()),
    st.just(c.ResumeTimer()),
    st.builds(c.ExtendTimer, seconds),
    st.just(c.ResetTimer()),
    own_commands,
)
commands = st.one_of(system_commands, own_commands, facilitator_commands)

TICK = object()
elapsed = st.floats(min_value=0, max_value=900)
step = st.one_of(
    st.tuples(st.just(FACILITATOR), facilitator_commands, elapsed),
    st.tuples(st.sampled_from(PARTICIPANTS), own_commands, elapsed),
    st.tuples(st.just(SYSTEM), system_commands, elapsed),
    st.tuples(any_actor, commands, elapsed),  # anyone sends anything: the permission rules at work
    st.tuples(st.just(TICK), st.just(None), elapsed),
)
steps = st.lists(step, min_size=5, max_size=60)


def _check(state, issued_items: set[str]) -> None:
    queued = [hand.person for hand in state.queue]
    assert len(queued) == len(set(queued)), "someone is twice in the queue"
    if state.floor is not None:
        assert state.floor.person not in queued, "the speaker is still waiting in the queue"
        assert state.floor.person in state.people
    numbers = [hand.n for hand in state.queue]
    assert all(a < b for a, b in zip(numbers, numbers[1:])), "the queue is out of the server's order"
    assert all(n <= state.last_hand for n in numbers)
    assert set(queued) <= set(state.people)
    assert all(key == it.id for key, it in state.items.items())
    assert all(key == p.id for key, p in state.people.items())
    assert set(state.items) <= issued_items
    assert snapshots.load(snapshots.dump(state)) == state
    snapshot(state)  # the client view can always be built


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_random_meetings_keep_every_invariant(script):
    state, now = room(3), T0
    issued_items: set[str] = set()
    issued_hands: set[int] = set()
    for actor, command, dt in script:
        now += dt
        if actor is TICK:
            events = tick(state, now)
            deadline = next_deadline(state)
            assert (events != []) == (deadline is not None and now >= deadline)
        else:
            try:
                events = decide(state, command, actor, now)
            except DomainError as refused:
                assert refused.code in set(ErrorCode)
                events = []
            else:
                assert actor.role is not Role.DISPLAY, "a display changed the room"
        for event in events:
            assert type(event).__name__ in e.EVENT_TYPES
            if isinstance(event, e.ItemAdded):
                assert event.item not in issued_items, "an item id was issued twice"
                issued_items.add(event.item)
            if isinstance(event, e.HandRaised):
                assert event.n not in issued_hands, "a hand number was issued twice"
                issued_hands.add(event.n)
            state = evolve(state, event)
        if actor is TICK:
            assert tick(state, now) == [], "time produced its events twice"
        _check(state, issued_items)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(commands, elapsed), max_size=25))
def test_a_display_is_always_refused_as_forbidden(script):
    state, now = room(3), T0
    for command, dt in script:
        now += dt
        try:
            decide(state, command, DISPLAY, now)
        except DomainError as refused:
            assert refused.code is ErrorCode.FORBIDDEN
        else:
            raise AssertionError(f"a display's {type(command).__name__} was not refused")
        try:  # move the room on, so the display is tried against many states
            for event in decide(state, command, SYSTEM if type(command) in _SYSTEM_ONLY else FACILITATOR, now):
                state = evolve(state, event)
        except DomainError:
            pass


_SYSTEM_ONLY = {c.CreateRoom, c.Join, c.MarkOnline, c.MarkOffline}


@settings(max_examples=150, deadline=None)
@given(steps)
def test_a_room_folded_from_a_snapshot_continues_exactly_like_the_original(script):
    """Snapshot at every step, then replay the rest of the script on both: same decisions."""
    state, now = room(3), T0
    for actor, command, dt in script:
        now += dt
        restored = snapshots.load(snapshots.dump(state))
        if actor is TICK:
            assert tick(restored, now) == tick(state, now)
            events = tick(state, now)
        else:
            try:
                events = decide(state, command, actor, now)
            except DomainError as refused:
                try:
                    decide(restored, command, actor, now)
                except DomainError as again:
                    assert again.code is refused.code
                else:
                    raise AssertionError("the restored room accepted what the original refused")
                continue
            assert decide(restored, command, actor, now) == events
        for event in events:
            state = evolve(state, event)
            restored = evolve(restored, event)
        assert restored == state
