// The server's clock as seen from here, and countdowns rendered from it. PURE.
//
// The server sends no per-second ticks: a running timer is `ends_at` in server epoch
// seconds, and every screen counts down locally. For that we estimate
// offset = server clock - client clock from `welcome.now` and `pong.now`, trusting
// the sample with the lowest round trip (its midpoint guess has the smallest error).

/** How many recent samples to choose from: old ones fall out, so clock drift heals. */
export const SAMPLE_WINDOW = 8;

/** A clock that knows nothing yet: offset 0 (the client's clock as is). */
export function initialClock() {
  return { offset: 0, rtt: Infinity, samples: [] };
}

/**
 * One offset sample from a round trip: the request left at `sentMs` and the answer,
 * carrying `serverNow` (epoch seconds), arrived at `receivedMs` (client epoch ms).
 */
export function sample(sentMs, receivedMs, serverNow) {
  const rtt = Math.max(0, receivedMs - sentMs) / 1000;
  const midpoint = (sentMs + receivedMs) / 2000;
  return { offset: serverNow - midpoint, rtt };
}

/** The clock after one more sample: offset of the lowest-RTT sample in the window. */
export function addSample(clock, next) {
  const samples = [...clock.samples, next].slice(-SAMPLE_WINDOW);
  const best = samples.reduce((a, b) => (b.rtt < a.rtt ? b : a));
  return { offset: best.offset, rtt: best.rtt, samples };
}

/** Server epoch seconds now, given the client's `Date.now()`. */
export function serverNow(clock, clientNowMs) {
  return clientNowMs / 1000 + clock.offset;
}

/**
 * Seconds left on a timer (the snapshot's `timer`) at server time `now`:
 * running: ends_at - now (never below 0); paused: remaining; expired: 0;
 * idle: null (there is no countdown to show).
 */
export function remaining(timer, now) {
  switch (timer?.status) {
    case "running":
      return Math.max(0, timer.ends_at - now);
    case "paused":
      return Math.max(0, timer.remaining ?? 0);
    case "expired":
      return 0;
    default:
      return null;
  }
}

/**
 * What a countdown shows: {status, seconds, text, up}. `up` is true once no time is
 * left, including the moment between a running timer reaching zero and the server's
 * TimeUp event arriving.
 */
export function countdown(timer, now) {
  const seconds = remaining(timer, now);
  const status = timer?.status ?? "idle";
  if (seconds === null) return { status, seconds: null, text: formatDuration(timer?.duration ?? 0), up: false };
  return { status, seconds, text: formatDuration(seconds), up: seconds <= 0 };
}

/**
 * "mm:ss" (or "h:mm:ss" from an hour on). Partial seconds round up, so a countdown
 * shows 00:01 until it really is over, and 00:00 only then.
 */
export function formatDuration(seconds) {
  const total = Math.max(0, Math.ceil(seconds - 1e-6));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
