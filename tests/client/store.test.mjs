// The reducer and the seq/epoch rules of client/lib/store.js, and what
// client/lib/selectors.js reads from the room they fold. (Event-by-event
// agreement with the Python domain is checked by test_reducer_matches_domain.py.)
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { EVENT_TYPES, applyEvent, applyEvents, applyWelcome, classify, emptyRoom, facilitates, initialSession, position } from "../../client/lib/store.js";
import { actualSeconds, currentRound, doneState, hiddenCounts, itemsByRound, queuePosition, turnsView } from "../../client/lib/selectors.js";

const AGENDA = [
  { id: "r1", kind: "case_select", minutes: 10, skipped: false },
  { id: "r2", kind: "tell", minutes: 5, skipped: false },
  { id: "r3", kind: "write_questions", minutes: 5, skipped: false },
];
const created = {
  type: "RoomCreated", title: "Intake <b>process</b>", facilitator: "p1", facilitator_name: "Fac",
  method: "incident", agenda: AGENDA, at: 100,
};
const joined = (person, name, extra = {}) => ({
  type: "PersonJoined", person, name, role: "participant", duties: ["peer"], guest: false, at: 101, ...extra,
});
const PLAIN = { facilitates: false };

function fold(events, room = emptyRoom(), view = undefined) {
  return events.reduce((r, e) => applyEvent(r, e, view), room);
}

function deepFreeze(value) {
  if (value && typeof value === "object") {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe("applyEvent", () => {
  test("RoomCreated: the facilitator is a person with the duty, the agenda is set, nothing runs", () => {
    const room = fold([created]);
    assert.equal(room.title, "Intake <b>process</b>");
    assert.equal(room.method, "incident");
    assert.deepEqual(room.people, [
      { id: "p1", name: "Fac", role: "facilitator", online: false, joined_at: 100, duties: ["facilitator"], guest: false },
    ]);
    assert.deepEqual(room.agenda, AGENDA);
    assert.equal(room.current, null);
    assert.equal(currentRound(room), null);
  });

  test("people join (guests too), rename, change duties, come and go, keeping their order", () => {
    const room = fold([
      created,
      joined("p2", "Ann"),
      joined("p3", "Gus", { guest: true }),
      { type: "PersonCameOnline", person: "p2" },
      { type: "PersonRenamed", person: "p1", name: "Bea" },
      { type: "DutiesChanged", person: "p2", duties: ["peer", "case_owner"] },
      { type: "PersonWentOffline", person: "p2" },
      { type: "PersonCameOnline", person: "p1" },
    ]);
    assert.deepEqual(room.people.map((p) => [p.id, p.name, p.online, p.guest]), [["p1", "Bea", true, false], ["p2", "Ann", false, false], ["p3", "Gus", false, true]]);
    assert.deepEqual(room.people[1].duties, ["case_owner", "peer"]);
  });

  test("rounds start, close the previous visit, extend, run over, and reset turns and done", () => {
    let room = fold([
      created,
      { type: "RoundStarted", round: "r1", previous: null, ends_at: 800, at: 200 },
      { type: "PersonMarkedDone", person: "p2", done: true },
      { type: "TurnsStarted", order: ["p2"] },
      { type: "TimeBoxOver", round: "r1", at: 800 },
    ]);
    assert.equal(room.time_box_over, true);
    assert.deepEqual(room.done, ["p2"]);
    room = applyEvent(room, { type: "RoundExtended", round: "r1", minutes: 11, ends_at: 900 });
    assert.equal(room.time_box_over, false);
    assert.equal(room.agenda[0].minutes, 11);
    assert.equal(room.round_ends_at, 900);
    room = applyEvent(room, { type: "RoundStarted", round: "r2", previous: "r1", ends_at: 1300, at: 1000 });
    assert.deepEqual(room.history, [
      { round: "r1", started_at: 200, ended_at: 1000 }, { round: "r2", started_at: 1000, ended_at: null },
    ]);
    assert.equal(room.turns, null);
    assert.deepEqual(room.done, []);
    assert.equal(currentRound(room).kind, "tell");
    assert.equal(actualSeconds(room, "r1", 5000), 800);
    assert.equal(actualSeconds(room, "r2", 1030), 30);
    room = applyEvent(room, { type: "AgendaChanged", agenda: [AGENDA[1], { ...AGENDA[0], skipped: true }] });
    assert.deepEqual(room.agenda.map((r) => [r.id, r.skipped]), [["r2", false], ["r1", true]]);
  });

  test("hidden items have no text for others until revealed; authors keep theirs", () => {
    let room = fold([
      created,
      { type: "ItemAdded", item: "i1", kind: "question", text: "", author: "p2", round: "r3", hidden: true, at: 110 },
      { type: "ItemAdded", item: "i2", kind: "question", text: "mine", author: "p3", round: "r3", hidden: true, at: 111 },
      { type: "ItemAdded", item: "i3", kind: "note", text: "open", author: "p3", round: "r1", hidden: false, at: 112 },
      { type: "ItemEdited", item: "i2", kind: "question", text: "mine, edited", author: "p3", hidden: true, at: 113 },
    ]);
    assert.deepEqual(room.items[1], {
      id: "i2", kind: "question", text: "mine, edited", author: "p3", round: "r3", created_at: 111, edited_at: 113, hidden: true,
    });
    assert.deepEqual(hiddenCounts(room), [{ person: "p2", count: 1 }, { person: "p3", count: 1 }]);
    room = applyEvent(room, { type: "ItemsRevealed", items: [{ id: "i1", kind: "question", text: "why?", author: "p2" }], at: 120 });
    assert.deepEqual([room.items[0].text, room.items[0].hidden, room.items[1].hidden], ["why?", false, true]);
    room = applyEvent(room, { type: "ItemDeleted", item: "i1" });
    assert.deepEqual(room.items.map((i) => i.id), ["i2", "i3"]);
    assert.equal(applyEvent(room, { type: "ItemDeleted", item: "i1" }).items.length, 2);
    assert.deepEqual([...itemsByRound(room).entries()].map(([r, items]) => [r, items.length]), [["r1", 1], ["r2", 0], ["r3", 1]]);
  });

  test("hands queue in the server's order; the floor takes a hand out and counts a turn", () => {
    let room = fold([
      created,
      { type: "HandRaised", person: "p2", n: 1, direct: false, at: 120, queue: ["p2"] },
      { type: "HandRaised", person: "p3", n: 2, direct: false, at: 121, queue: ["p2", "p3"] },
      { type: "HandRaised", person: "p4", n: 3, direct: true, at: 122, queue: ["p4", "p2", "p3"] },
    ]);
    assert.deepEqual(room.queue.map((x) => x.person), ["p4", "p2", "p3"]);
    assert.equal(queuePosition(room, "p3"), 3);
    room = applyEvent(room, { type: "QueueReordered", progressive: true, queue: ["p4", "p3", "p2"] });
    assert.equal(room.progressive, true);
    assert.deepEqual(room.queue.map((x) => x.person), ["p4", "p3", "p2"]);
    room = applyEvent(room, { type: "FloorGiven", person: "p3", at: 130, ends_at: null });
    assert.deepEqual(room.floor, { person: "p3", since: 130, ends_at: null, warned: false });
    assert.deepEqual(room.queue.map((x) => x.person), ["p4", "p2"]);
    assert.deepEqual(room.airtime.p3, { seconds: 0, turns: 1 });
    room = applyEvent(room, { type: "HandLowered", person: "p2" });
    assert.deepEqual(room.queue, [{ person: "p4", n: 3, at: 122, direct: true }]);
    room = applyEvent(room, { type: "FloorEnded", person: "p3", at: 140, seconds: 10, passed: false, queue: ["p4"] });
    assert.equal(room.floor, null);
    assert.deepEqual(room.airtime.p3, { seconds: 10, turns: 1 });
    assert.deepEqual(applyEvent(room, { type: "AllHandsLowered" }).queue, []);
  });

  test("airtime seconds stay null for those who do not facilitate", () => {
    const room = fold([
      created,
      { type: "FloorGiven", person: "p3", at: 130, ends_at: null },
      { type: "FloorEnded", person: "p3", at: 140, seconds: null, passed: false, queue: [] },
      { type: "FloorGiven", person: "p3", at: 150, ends_at: null },
    ], emptyRoom(), PLAIN);
    assert.deepEqual(room.airtime.p3, { seconds: null, turns: 2 });
  });

  test("turns go round: the floor moves the index, a pass is noted, completion is said", () => {
    let room = fold([
      created,
      { type: "TurnsStarted", order: ["p2", "p3", "p4"] },
      { type: "FloorGiven", person: "p2", at: 10, ends_at: 100 },
      { type: "TurnTimeUp", person: "p2", at: 100 },
    ]);
    assert.equal(room.floor.warned, true);
    assert.equal(turnsView(room).current, "p2");
    room = fold([
      { type: "FloorEnded", person: "p2", at: 101, seconds: 91, passed: true, queue: [] },
      { type: "FloorGiven", person: "p4", at: 102, ends_at: 192 }, // p3 skipped: the index jumps
    ], room);
    assert.deepEqual(room.turns, { order: ["p2", "p3", "p4"], index: 2, passed: ["p2"] });
    room = fold([
      { type: "FloorEnded", person: "p4", at: 110, seconds: 8, passed: false, queue: [] },
      { type: "TurnsCompleted", at: 110 },
    ], room);
    assert.equal(turnsView(room).complete, true);
    assert.equal(turnsView(room).current, null);
  });

  test("done signals count those expected to give them", () => {
    let room = fold([
      created, joined("p2", "Ann"), joined("p3", "Bo"), joined("p4", "Gus", { guest: true }),
      { type: "PersonCameOnline", person: "p1" }, { type: "PersonCameOnline", person: "p2" },
      { type: "PersonCameOnline", person: "p3" },
      { type: "PersonMarkedDone", person: "p3", done: true },
    ]);
    assert.deepEqual(doneState(room), { count: 1, total: 2, all: false });
    room = applyEvent(room, { type: "PersonMarkedDone", person: "p2", done: true });
    assert.deepEqual(doneState(room), { count: 2, total: 2, all: true });
    room = applyEvent(room, { type: "PersonMarkedDone", person: "p2", done: false });
    assert.deepEqual(room.done, ["p3"]);
  });

  test("who facilitates: the facilitator link, or a participant with the duty", () => {
    const room = fold([created, joined("p2", "Ann"), { type: "DutiesChanged", person: "p2", duties: ["facilitator", "peer"] }, joined("p3", "Bo")]);
    assert.equal(facilitates({ role: "facilitator", person: "p1" }, room), true);
    assert.equal(facilitates({ role: "participant", person: "p2" }, room), true);
    assert.equal(facilitates({ role: "participant", person: "p3" }, room), false);
    assert.equal(facilitates({ role: "display", person: null }, room), false);
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

  test("never mutates its input, never throws, and ignores what it does not know", () => {
    const room = deepFreeze(fold([created, { type: "HandRaised", person: "p1", n: 1, direct: false, at: 1, queue: ["p1"] }]));
    for (const type of EVENT_TYPES) {
      assert.doesNotThrow(() => applyEvent(room, { type, person: "p1", item: "i9", round: "r1", at: 2, ends_at: 3, remaining: 1 }), type);
      assert.doesNotThrow(() => applyEvent(room, { type }), type);
    }
    assert.equal(applyEvent(room, { type: "SomethingNew", x: 1 }), room);
    assert.equal(applyEvent(room, { type: "constructor" }), room);
    assert.equal(applyEvent(room, { type: "PersonRenamed", person: "p404", name: "x" }).people, room.people);
  });

  test("user text is kept exactly", () => {
    const text = "  <script>alert(1)</script> & \u00e9\u0301 \ud83d\ude00\n\ttab ";
    const room = fold([created, { type: "ItemAdded", item: "i1", kind: "note", text, author: "p1", round: null, hidden: false, at: 1 }]);
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

  const round = (seq, id) => ({ seq, type: "RoundStarted", round: id, previous: null, ends_at: 900, at: 300 });

  test("events apply in order, duplicates are skipped, a gap stops and asks for resync", () => {
    let { session, gap } = applyEvents(snapshot(), [round(2, "x"), round(4, "r1"), round(4, "y"), round(5, "r2")]);
    assert.equal(gap, false);
    assert.equal(session.seq, 5);
    assert.equal(session.room.current, "r2");
    ({ session, gap } = applyEvents(session, [round(6, "r3"), round(8, "r1")]));
    assert.equal(gap, true);
    assert.equal(session.seq, 6);
    assert.equal(session.room.current, "r3");
  });

  test("a participant's fold keeps airtime seconds null, as the server sends them", () => {
    const events = [
      { seq: 4, type: "FloorGiven", person: "p2", at: 1, ends_at: null },
      { seq: 5, type: "FloorEnded", person: "p2", at: 3, seconds: null, passed: false, queue: [] },
    ];
    const { session } = applyEvents(snapshot(), events);
    assert.deepEqual(session.room.airtime.p2, { seconds: null, turns: 1 });
  });

  test("an unknown event still advances seq", () => {
    const { session } = applyEvents(snapshot(), [{ seq: 4, type: "FutureThing" }]);
    assert.equal(session.seq, 4);
  });

  test("a welcome with events resumes; a wrong epoch or a short replay asks for resync", () => {
    const events = [round(4, "r2")];
    let result = applyWelcome(snapshot(), { ...welcome, seq: 4, events });
    assert.equal(result.gap, false);
    assert.equal(result.session.room.current, "r2");
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
