// The reducer and the seq/epoch rules of client/lib/store.js. (Event-by-event
// agreement with the Python domain is checked by test_reducer_matches_domain.py.)
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  EVENT_TYPES, PHASES, applyEvent, applyEvents, applyWelcome, classify, emptyRoom,
  initialSession, itemsByPhase, position, queuePosition,
} from "../../client/lib/store.js";

const created = { type: "RoomCreated", title: "Intake <b>process</b>", facilitator: "p1", facilitator_name: "Fac", at: 100 };

function fold(events, room = emptyRoom()) {
  return events.reduce(applyEvent, room);
}

function deepFreeze(value) {
  if (value && typeof value === "object") {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe("applyEvent", () => {
  test("RoomCreated makes the facilitator a person, offline", () => {
    const room = fold([created]);
    assert.equal(room.title, "Intake <b>process</b>");
    assert.equal(room.created_at, 100);
    assert.deepEqual(room.people, [{ id: "p1", name: "Fac", role: "facilitator", online: false, joined_at: 100 }]);
    assert.deepEqual(room.phases, PHASES);
  });

  test("people join, rename, come and go, keeping their order", () => {
    const room = fold([
      created,
      { type: "PersonJoined", person: "p2", name: "Ann", role: "participant", at: 101 },
      { type: "PersonCameOnline", person: "p2" },
      { type: "PersonRenamed", person: "p1", name: "Bea" },
      { type: "PersonWentOffline", person: "p2" },
      { type: "PersonCameOnline", person: "p1" },
    ]);
    assert.deepEqual(room.people.map((p) => [p.id, p.name, p.online]), [["p1", "Bea", true], ["p2", "Ann", false]]);
  });

  test("items are added in the current phase, edited and deleted", () => {
    let room = fold([
      created,
      { type: "ItemAdded", item: "i1", kind: "note", text: "a\nb", author: "p1", phase: "tell", at: 110 },
      { type: "ItemAdded", item: "i2", kind: "question", text: "why?", author: "p1", phase: "ask", at: 111 },
      { type: "ItemEdited", item: "i1", kind: "lesson", text: "c", at: 112 },
    ]);
    assert.deepEqual(room.items[0], { id: "i1", kind: "lesson", text: "c", author: "p1", phase: "tell", created_at: 110, edited_at: 112 });
    assert.equal(room.items[1].edited_at, null);
    room = applyEvent(room, { type: "ItemDeleted", item: "i1" });
    assert.deepEqual(room.items.map((i) => i.id), ["i2"]);
    assert.equal(applyEvent(room, { type: "ItemDeleted", item: "i1" }).items.length, 1);
  });

  test("hands queue in order; the floor takes a hand out of the queue", () => {
    let room = fold([
      created,
      { type: "HandRaised", person: "p2", n: 1, at: 120 },
      { type: "HandRaised", person: "p3", n: 2, at: 121 },
      { type: "HandRaised", person: "p4", n: 3, at: 122 },
    ]);
    assert.equal(queuePosition(room, "p3"), 2);
    room = applyEvent(room, { type: "FloorGiven", person: "p3", at: 130 });
    assert.deepEqual(room.floor, { person: "p3", since: 130 });
    assert.deepEqual(room.queue.map((x) => x.person), ["p2", "p4"]);
    assert.equal(queuePosition(room, "p3"), 0);
    room = applyEvent(room, { type: "HandLowered", person: "p2" });
    assert.deepEqual(room.queue, [{ person: "p4", n: 3, at: 122 }]);
    room = applyEvent(room, { type: "FloorEnded", person: "p3", at: 140 });
    assert.equal(room.floor, null);
    assert.deepEqual(applyEvent(room, { type: "AllHandsLowered" }).queue, []);
  });

  test("the timer runs, pauses, resumes, extends, expires and resets", () => {
    const steps = [
      [{ type: "TimerStarted", duration: 300, ends_at: 1300 }, { status: "running", duration: 300, ends_at: 1300, remaining: null }],
      [{ type: "TimerPaused", remaining: 120.5 }, { status: "paused", duration: 300, ends_at: null, remaining: 120.5 }],
      [{ type: "TimerExtended", seconds: 60, duration: 360, ends_at: null, remaining: 180.5 },
        { status: "paused", duration: 360, ends_at: null, remaining: 180.5 }],
      [{ type: "TimerResumed", ends_at: 2000 }, { status: "running", duration: 360, ends_at: 2000, remaining: null }],
      [{ type: "TimerExtended", seconds: 60, duration: 420, ends_at: 2060, remaining: null },
        { status: "running", duration: 420, ends_at: 2060, remaining: null }],
      [{ type: "TimeUp", at: 2060 }, { status: "expired", duration: 420, ends_at: 2060, remaining: 0 }],
      [{ type: "TimerReset" }, { status: "idle", duration: 0, ends_at: null, remaining: null }],
    ];
    let room = fold([created]);
    for (const [event, timer] of steps) {
      room = applyEvent(room, event);
      assert.deepEqual(room.timer, timer, event.type);
    }
  });

  test("never mutates its input, and ignores what it does not know", () => {
    const room = deepFreeze(fold([created, { type: "HandRaised", person: "p1", n: 1, at: 1 }]));
    for (const type of EVENT_TYPES) {
      assert.doesNotThrow(() => applyEvent(room, { type, person: "p1", item: "i9", at: 2, ends_at: 3, remaining: 1 }), type);
    }
    assert.equal(applyEvent(room, { type: "SomethingNew", x: 1 }), room);
    assert.equal(applyEvent(room, { type: "constructor" }), room);
    assert.equal(applyEvent(room, { type: "PersonRenamed", person: "p404", name: "x" }).people, room.people);
  });

  test("user text is kept exactly", () => {
    const text = "  <script>alert(1)</script> & \u00e9\u0301 \ud83d\ude00\n\ttab ";
    const room = fold([created, { type: "ItemAdded", item: "i1", kind: "note", text, author: "p1", phase: "opening", at: 1 }]);
    assert.equal(room.items[0].text, text);
  });
});

describe("ordering", () => {
  test("classify: next applies, old is a duplicate, beyond next is a gap", () => {
    assert.equal(classify(4, 5), "apply");
    assert.equal(classify(4, 4), "duplicate");
    assert.equal(classify(4, 1), "duplicate");
    assert.equal(classify(4, 6), "gap");
    assert.equal(classify(0, 1), "apply");
  });

  const welcome = { t: "welcome", you: { role: "participant", person: "p2", room: "r1", code: "ABC" }, now: 5, epoch: "E1", seq: 3 };
  const snapshot = () => applyWelcome(initialSession(), { ...welcome, state: fold([created]) }).session;

  test("a welcome with state replaces everything", () => {
    const session = snapshot();
    assert.equal(session.seq, 3);
    assert.equal(session.epoch, "E1");
    assert.equal(session.you.person, "p2");
    assert.deepEqual(position(session), { epoch: "E1", seq: 3 });
    assert.deepEqual(position(initialSession()), {});
  });

  test("events apply in order, duplicates are skipped, a gap stops and asks for resync", () => {
    let { session, gap } = applyEvents(snapshot(), [
      { seq: 2, type: "PhaseChanged", phase: "x", previous: "opening" },
      { seq: 4, type: "PhaseChanged", phase: "tell", previous: "opening" },
      { seq: 4, type: "PhaseChanged", phase: "y", previous: "tell" },
      { seq: 5, type: "PhaseChanged", phase: "ask", previous: "tell" },
    ]);
    assert.equal(gap, false);
    assert.equal(session.seq, 5);
    assert.equal(session.room.phase, "ask");
    ({ session, gap } = applyEvents(session, [
      { seq: 6, type: "PhaseChanged", phase: "analyse", previous: "ask" },
      { seq: 8, type: "PhaseChanged", phase: "lessons", previous: "feedback" },
    ]));
    assert.equal(gap, true);
    assert.equal(session.seq, 6);
    assert.equal(session.room.phase, "analyse");
  });

  test("an unknown event still advances seq", () => {
    const { session } = applyEvents(snapshot(), [{ seq: 4, type: "FutureThing" }]);
    assert.equal(session.seq, 4);
  });

  test("a welcome with events resumes; a wrong epoch or a short replay asks for resync", () => {
    const events = [{ seq: 4, type: "PhaseChanged", phase: "tell", previous: "opening" }];
    let result = applyWelcome(snapshot(), { ...welcome, seq: 4, events });
    assert.equal(result.gap, false);
    assert.equal(result.session.room.phase, "tell");
    result = applyWelcome(snapshot(), { ...welcome, epoch: "E2", seq: 4, events });
    assert.equal(result.gap, true);
    result = applyWelcome(snapshot(), { ...welcome, seq: 9, events });
    assert.equal(result.gap, true);
    result = applyWelcome(initialSession(), { ...welcome, events: [] });
    assert.equal(result.gap, true);
    result = applyWelcome(snapshot(), { ...welcome, events: [] });
    assert.equal(result.gap, false);
  });
});

test("itemsByPhase groups in meeting order", () => {
  const room = fold([
    created,
    { type: "ItemAdded", item: "i1", kind: "note", text: "a", author: "p1", phase: "ask", at: 1 },
    { type: "ItemAdded", item: "i2", kind: "note", text: "b", author: "p1", phase: "tell", at: 2 },
    { type: "ItemAdded", item: "i3", kind: "note", text: "c", author: "p1", phase: "ask", at: 3 },
  ]);
  const groups = itemsByPhase(room);
  assert.deepEqual([...groups.keys()], PHASES);
  assert.deepEqual(groups.get("ask").map((i) => i.id), ["i1", "i3"]);
  assert.deepEqual(groups.get("tell").map((i) => i.id), ["i2"]);
});
