// Server clock offset and countdowns (client/lib/clock.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { SAMPLE_WINDOW, addSample, countdown, formatDuration, initialClock, remaining, sample, serverNow } from "../../client/lib/clock.js";

test("a sample assumes the server answered at the round trip's midpoint", () => {
  // sent at 10.000 s, received at 10.200 s (client clock); the server said 1000.1
  const s = sample(10_000, 10_200, 1000.1);
  assert.ok(Math.abs(s.rtt - 0.2) < 1e-9);
  assert.ok(Math.abs(s.offset - 990) < 1e-9);
});

test("the lowest round trip wins, and old samples age out", () => {
  let clock = initialClock();
  assert.equal(clock.offset, 0);
  clock = addSample(clock, { offset: 5, rtt: 0.4 });
  clock = addSample(clock, { offset: 7, rtt: 0.05 });
  clock = addSample(clock, { offset: 6, rtt: 0.3 });
  assert.equal(clock.offset, 7);
  for (let i = 0; i < SAMPLE_WINDOW; i += 1) clock = addSample(clock, { offset: 8, rtt: 0.1 + i / 100 });
  assert.equal(clock.samples.length, SAMPLE_WINDOW);
  assert.equal(clock.offset, 8); // the 0.05 s sample has left the window
  assert.equal(serverNow(clock, 2_000), 10);
});

test("remaining: running counts to ends_at, paused holds, expired is zero, idle is none", () => {
  assert.equal(remaining({ status: "running", duration: 300, ends_at: 1300, remaining: null }, 1000), 300);
  assert.equal(remaining({ status: "running", duration: 300, ends_at: 1300, remaining: null }, 1400), 0);
  assert.equal(remaining({ status: "paused", duration: 300, ends_at: null, remaining: 42.5 }, 99999), 42.5);
  assert.equal(remaining({ status: "expired", duration: 300, ends_at: 1300, remaining: 0 }, 1000), 0);
  assert.equal(remaining({ status: "idle", duration: 0, ends_at: null, remaining: null }, 1000), null);
});

test("countdown says when time is up, also before the server's TimeUp arrives", () => {
  const running = { status: "running", duration: 60, ends_at: 1060, remaining: null };
  assert.deepEqual(countdown(running, 1000.5), { status: "running", seconds: 59.5, text: "01:00", up: false });
  assert.equal(countdown(running, 1059.5).text, "00:01");
  assert.equal(countdown(running, 1061).up, true);
  assert.equal(countdown(running, 1061).text, "00:00");
  assert.equal(countdown({ status: "expired", duration: 60, ends_at: 1060, remaining: 0 }, 0).up, true);
  assert.equal(countdown({ status: "idle", duration: 0, ends_at: null, remaining: null }, 0).up, false);
});

test("formatDuration: mm:ss, rounding partial seconds up, hours when needed", () => {
  assert.equal(formatDuration(0), "00:00");
  assert.equal(formatDuration(-3), "00:00");
  assert.equal(formatDuration(0.01), "00:01");
  assert.equal(formatDuration(59), "00:59");
  assert.equal(formatDuration(60), "01:00");
  assert.equal(formatDuration(299.4), "05:00");
  assert.equal(formatDuration(600), "10:00");
  assert.equal(formatDuration(3599), "59:59");
  assert.equal(formatDuration(3600), "1:00:00");
  assert.equal(formatDuration(4 * 3600), "4:00:00");
  assert.equal(formatDuration(60.0000001), "01:00"); // float noise is not a whole second
});
