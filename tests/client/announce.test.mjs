// The live region's sentences: hands, floor, turns and time up, said once when they change.
import assert from "node:assert/strict";
import { test } from "node:test";

import { announcements } from "../../client/lib/announce.js";

const people = [{ id: "p1", name: "Fay" }, { id: "p2", name: "Ann" }, { id: "p3", name: "Bo" }];
const room = (more = {}) => ({
  people, queue: [], floor: null, turns: null, timer: { status: "running" }, time_box_over: false, ...more,
});

test("nothing to say without a change, or before the first state", () => {
  assert.deepEqual(announcements(null, room(), "p2"), []);
  assert.deepEqual(announcements(room(), room(), "p2"), []);
});

test("hands raised and lowered, and the floor given", () => {
  assert.deepEqual(announcements(room(), room({ queue: [{ person: "p3" }] }), "p2"), ["Bo raised a hand."]);
  assert.deepEqual(announcements(room({ queue: [{ person: "p3" }] }), room(), "p2"), ["Bo lowered a hand."]);
  assert.deepEqual(announcements(room({ queue: [{ person: "p3" }] }), room({ floor: { person: "p3" } }), "p2"), ["Bo has the floor"]);
  assert.deepEqual(announcements(room(), room({ floor: { person: "p2" } }), "p2"), ["You have the floor"]);
});

test("turns and time up", () => {
  const turns = (index) => ({ order: ["p2", "p3"], index, passed: [] });
  assert.deepEqual(announcements(room(), room({ turns: turns(0), floor: { person: "p2" } }), "p2"), ["It is your turn."]);
  assert.deepEqual(announcements(room({ turns: turns(0) }), room({ turns: turns(1), floor: { person: "p3" } }), "p2"), ["Bo's turn."]);
  assert.deepEqual(announcements(room(), room({ timer: { status: "expired" } }), "p2"), ["Time is up"]);
  assert.deepEqual(announcements(room(), room({ time_box_over: true }), "p2"), ["The time box is over."]);
});

test("the confirmation of lessons and actions, the close and the reopening", () => {
  const confirmed = { by: "p2", at: 10, outcomes: [] };
  assert.deepEqual(announcements(room({ confirmed: null }), room({ confirmed }), "p3"), ["Ann confirmed the lessons and actions."]);
  assert.deepEqual(announcements(room({ confirmed }), room({ confirmed }), "p3"), []);
  assert.deepEqual(announcements(room({ closed_at: null }), room({ closed_at: 5 }), "p3"), ["The meeting has closed."]);
  assert.deepEqual(announcements(room({ closed_at: 5 }), room({ closed_at: null }), "p3"), ["The meeting is open again."]);
});
