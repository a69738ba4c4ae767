// One live connection to a room: a single WebSocket at /ws?room=<id>, kept alive across
// drops. The room in the URL grants nothing (the token in `hello` does); it lets a
// balancer keep each room's sockets on one server process.
//
// - every (re)connect starts with `hello` carrying the last applied (epoch, seq), so
//   the server answers with just the missed events when it can;
// - a gap in the event sequence sends `resync` (one at a time);
// - commands wait in `pending` under their op id until acked or refused, and are
//   re-sent with the SAME op id after a reconnect (the server applies an op once);
// - drops reconnect after a jittered, exponential backoff (0.5 s up to 5 s), but not
//   while the tab is hidden (it reconnects when the tab is shown again), and never
//   after a final close (4001/4003/4004): those leave a sentence in `closeReason`;
// - `status` turns "reconnecting" only when a drop lasts a few seconds, so a blip
//   does not flash a banner;
// - every 10 s a beat checks the socket: silence for too long is treated as a dead
//   socket (phones lose networks without closing anything); a socket quiet for a few
//   seconds gets a `ping`, to prove it alive; one that hears the room anyway pings only
//   for the clock offset, a few times at first and then once a minute. So a busy room
//   costs no pings (MQTT's keep-alive works the same way), and a dead socket is found
//   as fast as before: its silence is what counts (see `pingDue`);
// - every ack carries the server's clock, so a command's round trip is a clock sample
//   as a ping's is: a client that acts at least once a minute sends no clock pings.
//
// Dependencies (WebSocket, timers, clock, document) are injectable for tests.

import { addSample, initialClock, sample } from "./clock.js";
import { CloseCode, ErrorCode, cmd, decodeFrame, encodeFrame, hello, isFinalClose, ping, resync } from "./protocol.js";
import { applyEvents, applyWelcome, initialSession, position } from "./store.js";
import { t } from "./i18n.js";
import { roomOf } from "./identity.js";
import { describeFinalClose } from "./words.js";

export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 5000;
export const NOTICE_AFTER_MS = 3000;
export const PING_EVERY_MS = 10000; // the beat
export const SILENCE_LIMIT_MS = 25000;
export const QUIET_AFTER_MS = 5000; // heard nothing this long: the beat pings
export const CLOCK_EVERY_MS = 60000; // a clock sample (a pong or an ack) at least this often, however busy the room
export const CLOCK_FIRST_SAMPLES = 3; // until the clock has this many, every beat pings
export const UNAVAILABLE_RETRIES = 3;

const OPEN = 1;

/** Milliseconds to wait before reconnect attempt `attempt` (0-based): jittered, 0.5 s … 5 s. */
export function backoffDelay(attempt, random = Math.random) {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (attempt + 1));
  return BACKOFF_MIN_MS + random() * (ceiling - BACKOFF_MIN_MS);
}

/**
 * Whether a beat at `now` sends a ping: the socket was quiet for QUIET_AFTER_MS (prove
 * it alive), the clock has fewer than CLOCK_FIRST_SAMPLES samples, or the last clock
 * sample (a ping sent, or an ack heard) is CLOCK_EVERY_MS old. A busy socket's frames
 * prove it alive already.
 */
export function pingDue(now, { lastHeard, lastSampled, samples }) {
  return now - lastHeard >= QUIET_AFTER_MS || samples < CLOCK_FIRST_SAMPLES || now - lastSampled >= CLOCK_EVERY_MS;
}

/** ws(s)://host/ws?room=<room> for the page's own origin; no query without a room. */
export function socketUrl(loc = globalThis.location, room = null) {
  const query = room ? `?room=${encodeURIComponent(room)}` : "";
  return `${loc.protocol === "https:" ? "wss:" : "ws:"}//${loc.host}/ws${query}`;
}

export class Connection {
  constructor({
    token, url = socketUrl(globalThis.location, roomOf(token)), WebSocket = globalThis.WebSocket, timers = globalThis,
    now = () => Date.now(), random = Math.random, doc = globalThis.document, win = globalThis.window,
  }) {
    Object.assign(this, { token, url, WebSocketImpl: WebSocket, timers, now, random, doc, win });
    this.session = initialSession();
    this.clock = initialClock();
    /** "connecting" | "live" | "interrupted" | "reconnecting" | "stopped" */
    this.status = "connecting";
    this.closeCode = null;
    this.closeReason = null;
    this.pending = new Map(); // op -> {frame, resolve, reject, tries, sentAt}
    this.listeners = new Set();
    this.ws = null;
    this.greeted = false; // this socket has had its welcome
    this.resyncing = false;
    this.attempt = 0;
    this.stopped = false;
    this.timersById = { reconnect: null, notice: null, ping: null };
    this.welcomeAskedAt = null;
    this.lastHeard = 0;
    this.lastSampled = 0; // when the clock last got (or asked for) a sample
    this.onVisible = () => this.wake();
  }

  /** Call `listener(connection)` after every change; returns an unsubscribe function. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start() {
    this.doc?.addEventListener?.("visibilitychange", this.onVisible);
    this.win?.addEventListener?.("online", this.onVisible);
    this.connect();
    return this;
  }

  /** Close for good (e.g. the page is leaving); pending commands are refused. */
  stop() {
    this.stopped = true;
    this.doc?.removeEventListener?.("visibilitychange", this.onVisible);
    this.win?.removeEventListener?.("online", this.onVisible);
    for (const name of Object.keys(this.timersById)) this.clearTimer(name);
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onopen = ws.onerror = null;
      ws.close(CloseCode.NORMAL);
    }
    this.rejectAll();
  }

  /**
   * Send command `name` with `args`. Resolves with the ack's `seq` (null when it changed
   * nothing); rejects with {code, message} when refused. Survives reconnects.
   */
  send(name, args = {}) {
    if (this.stopped) return Promise.reject(this.closedError());
    const frame = cmd(name, args);
    return new Promise((resolve, reject) => {
      this.pending.set(frame.op, { frame, resolve, reject, tries: 0 });
      if (this.greeted) this.transmit(frame);
    });
  }

  /** Server epoch seconds now, by the best clock estimate so far. */
  serverNow() {
    return this.now() / 1000 + this.clock.offset;
  }

  // --- the socket ----------------------------------------------------------------

  connect() {
    this.clearTimer("reconnect");
    if (this.stopped || this.ws) return;
    const ws = new this.WebSocketImpl(this.url);
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    this.greeted = false;
    this.resyncing = false;
    ws.onopen = () => {
      this.lastHeard = this.now();
      this.welcomeAskedAt = this.now();
      this.transmit(hello(this.token, position(this.session)));
    };
    ws.onmessage = (message) => {
      if (ws === this.ws) this.receive(message.data);
    };
    ws.onclose = (event) => {
      if (ws === this.ws) this.dropped(event.code);
    };
    ws.onerror = () => {}; // a close event always follows
  }

  transmit(frame) {
    if (!this.ws || this.ws.readyState !== OPEN) return false;
    try {
      this.ws.send(encodeFrame(frame));
      const entry = frame.t === "cmd" ? this.pending.get(frame.op) : undefined;
      if (entry) entry.sentAt = this.now(); // its ack's round trip is a clock sample
      return true;
    } catch {
      return false; // the close event will follow
    }
  }

  dropped(code) {
    this.ws = null;
    this.greeted = false;
    this.clearTimer("ping");
    if (this.stopped) return;
    if (isFinalClose(code)) {
      this.stopped = true;
      this.closeCode = code;
      this.closeReason = describeFinalClose(code);
      this.status = "stopped";
      for (const name of Object.keys(this.timersById)) this.clearTimer(name);
      this.rejectAll();
      this.notify();
      return;
    }
    if (this.status === "live") this.status = "interrupted";
    if (!this.timersById.notice && this.status !== "reconnecting") {
      this.timersById.notice = this.timers.setTimeout(() => {
        this.timersById.notice = null;
        if (!this.greeted && !this.stopped) {
          this.status = "reconnecting";
          this.notify();
        }
      }, NOTICE_AFTER_MS);
    }
    this.notify();
    // Told to send fewer commands: wait the longest. Otherwise back off, with jitter.
    const delay = code === CloseCode.RATE_LIMITED ? BACKOFF_MAX_MS : backoffDelay(this.attempt, this.random);
    this.attempt = Math.min(this.attempt + 1, 16);
    this.timersById.reconnect = this.timers.setTimeout(() => {
      this.timersById.reconnect = null;
      if (!this.doc?.hidden) this.connect(); // hidden: `wake` connects when shown
    }, delay);
  }

  /** The tab became visible or the network came back: reconnect now if we are down. */
  wake() {
    if (this.doc?.hidden || this.stopped || this.ws) return;
    this.connect();
  }

  /** Give up on a socket that went silent, without waiting for a close handshake. */
  abandon() {
    const ws = this.ws;
    if (!ws) return;
    ws.onclose = ws.onmessage = ws.onopen = ws.onerror = null;
    try {
      ws.close(CloseCode.NORMAL);
    } catch {
      // already closing
    }
    this.dropped(null);
  }

  // --- frames from the server ----------------------------------------------------

  receive(data) {
    this.lastHeard = this.now();
    let frame;
    try {
      frame = decodeFrame(data);
    } catch {
      this.requestResync(); // we cannot know what we missed
      return;
    }
    switch (frame.t) {
      case "welcome":
        return this.onWelcome(frame);
      case "events":
        return this.onEvents(frame.events ?? []);
      case "ack":
        return this.settle(frame.op, (entry) => {
          this.sampleClock(entry.sentAt, frame.now);
          entry.resolve(frame.seq ?? null);
        });
      case "error":
        return this.onError(frame);
      case "pong":
        if (this.sampleClock(frame.ts, frame.now)) this.notify();
        return undefined;
      default:
        return undefined; // a newer server's frame: not for us
    }
  }

  onWelcome(frame) {
    if (this.welcomeAskedAt !== null && typeof frame.now === "number") {
      this.clock = addSample(this.clock, sample(this.welcomeAskedAt, this.now(), frame.now));
    }
    this.welcomeAskedAt = null;
    this.resyncing = false;
    const { session, gap } = applyWelcome(this.session, frame);
    this.session = session;
    const first = !this.greeted;
    if (first) {
      this.greeted = true;
      this.attempt = 0;
      this.status = "live";
      this.clearTimer("notice");
      this.startPinging();
      for (const entry of this.pending.values()) this.transmit(entry.frame);
    }
    if (gap) this.requestResync();
    this.notify();
  }

  onEvents(events) {
    const { session, gap } = applyEvents(this.session, events);
    const changed = session !== this.session;
    this.session = session;
    if (gap) this.requestResync();
    if (changed) this.notify();
  }

  onError(frame) {
    const entry = this.pending.get(frame.op);
    if (!entry) return;
    if (frame.code === ErrorCode.UNAVAILABLE && entry.tries < UNAVAILABLE_RETRIES) {
      entry.tries += 1; // the store blinked: the same op is safe to send again
      this.timers.setTimeout(() => {
        if (this.pending.has(frame.op) && this.greeted) this.transmit(entry.frame);
      }, backoffDelay(entry.tries, this.random));
      return;
    }
    this.settle(frame.op, (e) => e.reject({ code: frame.code, message: frame.message ?? "" }));
  }

  /** One clock sample from a round trip that began at `sentMs`; false if it cannot be one. */
  sampleClock(sentMs, serverNow) {
    if (typeof sentMs !== "number" || typeof serverNow !== "number") return false;
    const receivedMs = this.now();
    this.clock = addSample(this.clock, sample(sentMs, receivedMs, serverNow));
    this.lastSampled = Math.max(this.lastSampled, receivedMs);
    return true;
  }

  settle(op, how) {
    const entry = this.pending.get(op);
    if (!entry) return;
    this.pending.delete(op);
    how(entry);
  }

  requestResync() {
    if (this.resyncing || !this.greeted) return;
    this.resyncing = true;
    this.welcomeAskedAt = this.now();
    this.transmit(resync());
  }

  startPinging() {
    this.clearTimer("ping");
    const beat = () => {
      const now = this.now();
      if (now - this.lastHeard > SILENCE_LIMIT_MS) return this.abandon();
      if (!pingDue(now, { lastHeard: this.lastHeard, lastSampled: this.lastSampled, samples: this.clock.samples.length })) {
        return undefined;
      }
      this.lastSampled = now;
      return this.transmit(ping(now));
    };
    beat(); // one right away: a welcome's round trip includes loading the room
    this.timersById.ping = this.timers.setInterval(beat, PING_EVERY_MS);
  }

  // --- helpers -------------------------------------------------------------------

  clearTimer(name) {
    const id = this.timersById[name];
    if (id == null) return;
    this.timers.clearTimeout(id);
    this.timers.clearInterval(id);
    this.timersById[name] = null;
  }

  closedError() {
    return { code: "closed", message: this.closeReason ?? t("error.ended") };
  }

  rejectAll() {
    const error = this.closedError();
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }

  notify() {
    for (const listener of this.listeners) listener(this);
  }
}
