// The connection's behaviour (client/lib/connection.js) against a fake WebSocket,
// fake timers and a fake document: resume, resync, retries, backoff, hidden tabs.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import {
  BACKOFF_MAX_MS, BACKOFF_MIN_MS, CLOCK_EVERY_MS, CLOCK_FIRST_SAMPLES, Connection, NOTICE_AFTER_MS, PING_EVERY_MS,
  QUIET_AFTER_MS, SILENCE_LIMIT_MS, backoffDelay, pingDue, socketUrl,
} from "../../client/lib/connection.js";
import { decodeFrame, encodeFrame } from "../../client/lib/protocol.js";

class FakeTimers {
  constructor() { this.now = 1_000_000; this.queue = []; this.nextId = 1; }
  setTimeout(fn, ms) { return this.add(fn, ms, null); }
  setInterval(fn, ms) { return this.add(fn, ms, ms); }
  add(fn, ms, every) { const id = this.nextId++; this.queue.push({ id, fn, at: this.now + ms, every }); return id; }
  clearTimeout(id) { this.queue = this.queue.filter((t) => t.id !== id); }
  clearInterval(id) { this.clearTimeout(id); }
  advance(ms) {
    const end = this.now + ms;
    for (;;) {
      const due = this.queue.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.now = due.at;
      if (due.every) due.at += due.every; else this.clearTimeout(due.id);
      due.fn();
    }
    this.now = end;
  }
}

let sockets;
class FakeSocket {
  constructor(url) { this.url = url; this.readyState = 0; this.sent = []; sockets.push(this); }
  send(bytes) { this.sent.push(decodeFrame(bytes)); }
  close() { this.readyState = 3; }
  open() { this.readyState = 1; this.onopen?.(); }
  deliver(frame) { this.onmessage?.({ data: encodeFrame(frame).slice().buffer }); }
  drop(code = 1006) { this.readyState = 3; this.onclose?.({ code }); }
  frames(t) { return this.sent.filter((f) => f.t === t); }
}

class FakeDocument extends EventTarget {
  constructor() { super(); this.hidden = false; }
  setHidden(hidden) { this.hidden = hidden; this.dispatchEvent(new Event("visibilitychange")); }
}

const YOU = { role: "participant", person: "p2", room: "r1", code: "ABCDEF" };
const ROOM = {
  title: "T", created_at: 1, method: "peer_assist",
  agenda: [{ id: "r1", kind: "opening", minutes: 5, skipped: false }, { id: "r2", kind: "tell", minutes: 10, skipped: false },
    { id: "r3", kind: "ask", minutes: 10, skipped: false }],
  current: null, round_ends_at: null, time_box_over: false, history: [], people: [], items: [], queue: [],
  progressive: false, floor: null, turns: null, airtime: {}, done: [],
  timer: { status: "idle", duration: 0, ends_at: null, remaining: null },
};
const started = (seq, round, previous = null) => ({ seq, type: "RoundStarted", round, previous, ends_at: 1000, at: 10 });
let timers;
let doc;

function connect() {
  const conn = new Connection({
    token: "r1.secret", url: "ws://test/ws", WebSocket: FakeSocket, timers, now: () => timers.now,
    random: () => 1, doc, win: null,
  });
  return conn.start();
}

function welcome(socket, extra = {}) {
  socket.open();
  socket.deliver({ t: "welcome", you: YOU, now: timers.now / 1000 + 50, epoch: "E", seq: 3, state: ROOM, ...extra });
}

beforeEach(() => {
  sockets = [];
  timers = new FakeTimers();
  doc = new FakeDocument();
});

test("hello, welcome, a command and its ack", async () => {
  const conn = connect();
  assert.equal(conn.status, "connecting");
  assert.equal(sockets[0].binaryType, "arraybuffer");
  sockets[0].open();
  assert.deepEqual(sockets[0].sent[0], { t: "hello", v: 1, token: "r1.secret" });
  sockets[0].deliver({ t: "welcome", you: YOU, now: timers.now / 1000 + 50, epoch: "E", seq: 3, state: ROOM });
  assert.equal(conn.status, "live");
  assert.equal(conn.session.room.title, "T");
  assert.ok(Math.abs(conn.clock.offset - 50) < 1e-6);
  const done = conn.send("RaiseHand");
  const [frame] = sockets[0].frames("cmd");
  assert.equal(frame.name, "RaiseHand");
  sockets[0].deliver({ t: "ack", op: frame.op, seq: 4 });
  assert.equal(await done, 4);
  assert.equal(conn.pending.size, 0);
});

test("a refused command rejects with code and message; unavailable is retried with the same op", async () => {
  const conn = connect();
  welcome(sockets[0]);
  const refused = conn.send("PauseTimer");
  const op = sockets[0].frames("cmd")[0].op;
  sockets[0].deliver({ t: "error", op, code: "wrong_state", message: "The timer is not running." });
  await assert.rejects(refused, { code: "wrong_state", message: "The timer is not running." });

  const retried = conn.send("NextRound");
  const op2 = sockets[0].frames("cmd")[1].op;
  sockets[0].deliver({ t: "error", op: op2, code: "unavailable", message: "" });
  timers.advance(BACKOFF_MAX_MS);
  assert.deepEqual(sockets[0].frames("cmd").map((f) => f.op), [op, op2, op2]);
  sockets[0].deliver({ t: "ack", op: op2, seq: null });
  assert.equal(await retried, null);
});

test("a drop resumes from (epoch, seq) and re-sends pending commands with the same op", () => {
  const conn = connect();
  welcome(sockets[0]);
  sockets[0].deliver({ t: "events", events: [started(4, "r2", "r1")] });
  conn.send("RaiseHand");
  const op = sockets[0].frames("cmd")[0].op;
  sockets[0].drop(1012);
  assert.equal(conn.status, "interrupted");
  timers.advance(BACKOFF_MIN_MS * 2); // attempt 0 waits at most 1 s
  assert.equal(sockets.length, 2);
  assert.equal(sockets[1].url, "ws://test/ws");
  sockets[1].open();
  assert.deepEqual(sockets[1].sent[0], { t: "hello", v: 1, token: "r1.secret", epoch: "E", seq: 4 });
  assert.equal(sockets[1].frames("cmd").length, 0); // not before the welcome
  sockets[1].deliver({ t: "welcome", you: YOU, now: 1, epoch: "E", seq: 4, events: [] });
  assert.equal(conn.status, "live");
  assert.deepEqual(sockets[1].frames("cmd").map((f) => f.op), [op]);
  assert.equal(conn.session.room.current, "r2");
});

test("'reconnecting' shows only when a drop lasts a few seconds; backoff grows", () => {
  const conn = connect();
  welcome(sockets[0]);
  sockets[0].drop();
  timers.advance(NOTICE_AFTER_MS - 1);
  assert.equal(conn.status, "interrupted");
  for (const socket of sockets.slice(1)) socket.drop();
  timers.advance(1);
  assert.equal(conn.status, "reconnecting");
  const before = sockets.length;
  sockets.at(-1).drop();
  timers.advance(BACKOFF_MAX_MS);
  assert.equal(sockets.length, before + 1);
  welcome(sockets.at(-1));
  assert.equal(conn.status, "live");
});

test("a gap sends one resync; the fresh snapshot replaces the room", () => {
  const conn = connect();
  welcome(sockets[0]);
  sockets[0].deliver({ t: "events", events: [started(5, "r2", "r1")] });
  sockets[0].deliver({ t: "events", events: [started(6, "r3", "r2")] });
  assert.equal(sockets[0].frames("resync").length, 1);
  assert.equal(conn.session.seq, 3);
  sockets[0].deliver({ t: "welcome", you: YOU, now: 1, epoch: "E", seq: 6, state: { ...ROOM, current: "r3" } });
  assert.equal(conn.session.seq, 6);
  assert.equal(conn.session.room.current, "r3");
  sockets[0].deliver({ t: "events", events: [started(6, "r1", "r3")] });
  assert.equal(conn.session.room.current, "r3");
});

test("final close codes stop for good, with a sentence, and refuse pending commands", async () => {
  for (const code of [4001, 4003, 4004]) {
    sockets = [];
    const conn = connect();
    welcome(sockets[0]);
    const pending = conn.send("RaiseHand");
    sockets[0].drop(code);
    assert.equal(conn.status, "stopped");
    assert.equal(conn.closeCode, code);
    assert.ok(conn.closeReason.length > 10);
    await assert.rejects(pending, { code: "closed" });
    await assert.rejects(conn.send("RaiseHand"), { code: "closed" });
    timers.advance(60_000);
    assert.equal(sockets.length, 1, `no reconnect after ${code}`);
  }
});

test("no reconnect while the tab is hidden; showing it reconnects at once", () => {
  connect();
  welcome(sockets[0]);
  doc.setHidden(true);
  sockets[0].drop();
  timers.advance(60_000);
  assert.equal(sockets.length, 1);
  doc.setHidden(false);
  assert.equal(sockets.length, 2);
});

test("a beat pings a quiet socket, a clock still settling, or a clock a minute old; not a busy socket", () => {
  const settled = { lastHeard: 0, lastSampled: 0, samples: CLOCK_FIRST_SAMPLES };
  assert.equal(pingDue(QUIET_AFTER_MS - 1, settled), false, "heard just now, pinged just now");
  assert.equal(pingDue(QUIET_AFTER_MS, settled), true, "quiet for QUIET_AFTER_MS");
  assert.equal(pingDue(1, { ...settled, samples: CLOCK_FIRST_SAMPLES - 1 }), true, "the clock is still settling");
  assert.equal(pingDue(CLOCK_EVERY_MS, { ...settled, lastHeard: CLOCK_EVERY_MS - 1 }), true, "busy, but the clock is due");
  assert.equal(pingDue(CLOCK_EVERY_MS - 1, { ...settled, lastHeard: CLOCK_EVERY_MS - 2 }), false);
});

test("in a busy room the client pings only for its clock, and still notices a dead socket", () => {
  const conn = connect();
  sockets[0].open();
  sockets[0].deliver({ t: "welcome", you: YOU, now: timers.now / 1000, epoch: "E", seq: 3, state: ROOM });
  const answer = () => {
    const last = sockets[0].frames("ping").at(-1);
    sockets[0].deliver({ t: "pong", ts: last.ts, now: last.ts / 1000 });
  };
  answer(); // the ping right after the welcome: the clock's second sample
  const busy = (ms) => {
    for (let t = 0; t < ms; t += 1000) {
      timers.advance(1000);
      sockets[0].deliver({ t: "events", events: [] }); // the room talks every second
    }
  };
  busy(PING_EVERY_MS);
  assert.equal(sockets[0].frames("ping").length, 2, "the clock's third sample, busy or not");
  answer();
  busy(CLOCK_EVERY_MS - 2 * PING_EVERY_MS);
  assert.equal(sockets[0].frames("ping").length, 2, "busy and settled: no ping");
  busy(2 * PING_EVERY_MS);
  assert.equal(sockets[0].frames("ping").length, 3, "a minute on: one for the clock");
  timers.advance(SILENCE_LIMIT_MS + PING_EVERY_MS); // the room goes silent: the socket died
  assert.ok(sockets[0].frames("ping").length >= 5, "quiet: every beat pings");
  assert.notEqual(conn.status, "live");
  assert.ok(sockets.length >= 2, "a new socket was opened");
});

test("an ack is a clock sample: a client that acts every few seconds sends no clock pings", async () => {
  const conn = connect();
  sockets[0].open();
  timers.advance(300); // the welcome's round trip: 300 ms, the server 50 s ahead at its midpoint
  sockets[0].deliver({ t: "welcome", you: YOU, now: (timers.now - 150) / 1000 + 50, epoch: "E", seq: 3, state: ROOM });
  const act = async (roundTripMs, serverAhead) => {
    const done = conn.send("RaiseHand");
    const frame = sockets[0].frames("cmd").at(-1);
    timers.advance(roundTripMs);
    sockets[0].deliver({ t: "ack", op: frame.op, seq: 4, now: (timers.now - roundTripMs / 2) / 1000 + serverAhead });
    await done;
  };
  await act(400, 50); // slower than the welcome's round trip: the offset stays the welcome's
  assert.ok(Math.abs(conn.clock.offset - 50) < 1e-6);
  assert.equal(conn.clock.samples.length, 2);
  await act(0, 70); // the quickest round trip so far sets the offset
  assert.ok(Math.abs(conn.clock.offset - 70) < 1e-6);
  const pingsSettling = sockets[0].frames("ping").length;
  for (let t = 0; t < 3 * CLOCK_EVERY_MS; t += 4000) {
    timers.advance(4000); // the room's own frames would keep it busy; our acks do
    await act(2, 70);
  }
  assert.equal(sockets[0].frames("ping").length, pingsSettling, "no ping: every ack was a clock sample");
  sockets[0].deliver({ t: "ack", op: "never-sent", seq: 9, now: 1 }); // not ours: no sample
  assert.ok(Math.abs(conn.clock.offset - 70) < 1e-6);
});

test("pings every 10 s feed the clock; a silent socket is abandoned", () => {
  const conn = connect();
  sockets[0].open();
  timers.advance(300); // loading the room made the welcome's round trip slow
  sockets[0].deliver({ t: "welcome", you: YOU, now: timers.now / 1000 + 50, epoch: "E", seq: 3, state: ROOM });
  assert.equal(sockets[0].frames("ping").length, 1); // right after the welcome
  timers.advance(PING_EVERY_MS);
  const pings = sockets[0].frames("ping");
  assert.equal(pings.length, 2);
  timers.advance(20);
  sockets[0].deliver({ t: "pong", ts: pings[1].ts, now: (pings[1].ts + 10) / 1000 + 80 });
  assert.ok(Math.abs(conn.clock.offset - 80) < 1e-6, "the 20 ms round trip beats the welcome's");
  timers.advance(SILENCE_LIMIT_MS + PING_EVERY_MS);
  assert.notEqual(conn.status, "live");
  assert.ok(sockets.length >= 2, "a new socket was opened");
});

test("backoff stays between 0.5 s and 5 s and grows with attempts", () => {
  for (let attempt = 0; attempt < 12; attempt += 1) {
    for (const r of [0, 0.5, 1]) {
      const delay = backoffDelay(attempt, () => r);
      assert.ok(delay >= BACKOFF_MIN_MS && delay <= BACKOFF_MAX_MS, `${attempt} ${r}: ${delay}`);
    }
  }
  assert.equal(backoffDelay(0, () => 1), 1000);
  assert.equal(backoffDelay(10, () => 1), BACKOFF_MAX_MS);
});

test("the socket URL follows the page's origin and names the room", () => {
  assert.equal(socketUrl({ protocol: "https:", host: "pc.example:8443" }), "wss://pc.example:8443/ws");
  assert.equal(socketUrl({ protocol: "http:", host: "localhost:8000" }), "ws://localhost:8000/ws");
  assert.equal(socketUrl({ protocol: "https:", host: "pc.example" }, "a1b2c3"), "wss://pc.example/ws?room=a1b2c3");
  assert.equal(socketUrl({ protocol: "http:", host: "pc.example" }, "a&b"), "ws://pc.example/ws?room=a%26b");
});
