// When "time is up" sounds. PURE: the room and the server's clock come in, a decision
// goes out; client/app/chime.js makes the sound.
//
// An expiry is the timer's (keyed by its `ends_at`: a resumed or extended timer is a new
// one) or a timed turn's (keyed by who and since when). It chimes only when this page
// saw it counting down first ("armed") and saw it reach zero, so a page that loads or
// reconnects onto a timer that had already run out stays quiet; once it has chimed, an
// expiry never chimes again, even if a clock correction makes it flicker back; and an
// expiry found long after the fact (a tab asleep, a long reconnect) is let go.

/** Seconds after an expiry within which it may still chime. */
export const LATE_S = 10;
/** How many expiries that chimed are remembered (they come one after another). */
const REMEMBERED = 16;

/** Nothing seen yet. */
export function initialChime() {
  return { armed: [], rung: [] };
}

/** The expiries in `room` at server time `now`: [{key, up, at}], `at` when it ends. */
export function expiries(room, now) {
  const found = [];
  const timer = room?.timer;
  if (timer && (timer.status === "running" || timer.status === "expired") && Number.isFinite(timer.ends_at)) {
    found.push({ key: `timer:${timer.ends_at}`, up: timer.status === "expired" || timer.ends_at <= now, at: timer.ends_at });
  }
  const floor = room?.floor;
  if (floor && Number.isFinite(floor.ends_at)) {
    found.push({ key: `turn:${floor.person}:${floor.since}`, up: Boolean(floor.warned) || floor.ends_at <= now, at: floor.ends_at });
  }
  return found;
}

/**
 * One look at the room: {state, chime}. `chime` is true when an armed expiry has just
 * run out (at most once per look, however many ran out together).
 */
export function chimeStep(state, room, now) {
  const found = room?.closed_at == null ? expiries(room, now) : [];
  const armed = new Set(state.armed);
  const rung = [...state.rung];
  let chime = false;
  for (const expiry of found) {
    if (!expiry.up || !armed.has(expiry.key) || rung.includes(expiry.key)) continue;
    rung.push(expiry.key);
    if (now - expiry.at <= LATE_S) chime = true;
  }
  const counting = found.filter((e) => !e.up && !rung.includes(e.key)).map((e) => e.key);
  return { state: { armed: counting, rung: rung.slice(-REMEMBERED) }, chime };
}

/** The toggle's stored value ("on" or anything else) as a boolean: off unless chosen. */
export function chimeWanted(stored) {
  return stored === "on";
}
