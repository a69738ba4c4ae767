// When "time is up" chimes: once per expiry this page watched run out; never for a
// snapshot of a timer that had already run out, nor for one found long after.
import assert from "node:assert/strict";
import { test } from "node:test";

import { LATE_S, chimeStep, chimeWanted, initialChime } from "../../client/lib/chime.js";

const running = (endsAt) => ({ timer: { status: "running", duration: 60, ends_at: endsAt, remaining: null }, floor: null, closed_at: null });
const expired = (endsAt) => ({ timer: { status: "expired", duration: 60, ends_at: endsAt, remaining: 0 }, floor: null, closed_at: null });
const idle = () => ({ timer: { status: "idle", duration: 0, ends_at: null, remaining: null }, floor: null, closed_at: null });

/** Runs the looks [room, now] in order; the number of chimes. */
function chimes(looks, state = initialChime()) {
  let count = 0;
  for (const [room, now] of looks) {
    const step = chimeStep(state, room, now);
    state = step.state;
    if (step.chime) count += 1;
  }
  return count;
}

test("a timer watched counting down chimes once when it runs out, locally or by the server's TimeUp", () => {
  assert.equal(chimes([[running(100), 50], [running(100), 99.9], [running(100), 100.1], [running(100), 100.3], [expired(100), 100.5], [expired(100), 130]]), 1);
  assert.equal(chimes([[running(100), 50], [expired(100), 100.2]]), 1);
});

test("a snapshot of a timer that had already run out never chimes, on load or on a reconnect", () => {
  assert.equal(chimes([[expired(100), 100.5], [expired(100), 101]]), 0);
  assert.equal(chimes([[running(100), 100.5], [expired(100), 101]]), 0); // up already when first seen
  assert.equal(chimes([[idle(), 10], [expired(100), 100.5]]), 0); // a resync onto an expiry never seen running
});

test("a clock correction that flickers an expiry back does not chime it twice", () => {
  assert.equal(chimes([[running(100), 99], [running(100), 100.05], [running(100), 99.98], [running(100), 100.2]]), 1);
});

test("an expiry found long after the fact is let go; a new timer chimes again", () => {
  assert.equal(chimes([[running(100), 99], [expired(100), 100 + LATE_S + 5]]), 0);
  assert.equal(chimes([[running(100), 99], [expired(100), 100.2], [running(200), 150], [expired(200), 200.1]]), 2);
  // extended after running out: the new end is a new expiry
  assert.equal(chimes([[running(100), 99], [expired(100), 100.2], [running(160), 101], [running(160), 160.2]]), 2);
});

test("a reset or paused timer is disarmed and stays quiet", () => {
  const paused = { ...idle(), timer: { status: "paused", duration: 60, ends_at: null, remaining: 20 } };
  assert.equal(chimes([[running(100), 80], [paused, 81], [idle(), 200]]), 0);
});

test("a timed turn chimes once when it runs out; an untimed one never", () => {
  const turn = (extra) => ({ ...idle(), floor: { person: "p2", since: 40, ends_at: 100, warned: false, ...extra } });
  assert.equal(chimes([[turn({}), 60], [turn({}), 100.1], [turn({ warned: true }), 100.4]]), 1);
  assert.equal(chimes([[turn({}), 60], [turn({ warned: true }), 99.8]]), 1); // the server said so first
  assert.equal(chimes([[turn({ warned: true }), 100.1]]), 0); // joined after it ran out
  assert.equal(chimes([[turn({ ends_at: null }), 60], [turn({ ends_at: null }), 500]]), 0);
  const next = { ...idle(), floor: { person: "p3", since: 101, ends_at: 161, warned: false } };
  assert.equal(chimes([[turn({}), 60], [turn({}), 100.1], [next, 120], [next, 161.1]]), 2);
});

test("the timer and a turn running out together chime once; a closed meeting never", () => {
  const both = () => ({ ...running(100), floor: { person: "p2", since: 40, ends_at: 100, warned: false } });
  assert.equal(chimes([[both(), 99], [both(), 100.1]]), 1);
  assert.equal(chimes([[running(100), 99], [{ ...expired(100), closed_at: 100 }, 100.1]]), 0);
});

test("the toggle is off unless it was turned on", () => {
  assert.equal(chimeWanted(null), false);
  assert.equal(chimeWanted("off"), false);
  assert.equal(chimeWanted("true"), false);
  assert.equal(chimeWanted("on"), true);
});
