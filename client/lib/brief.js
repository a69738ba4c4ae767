// The brief before the meeting, as the views need it. PURE (the clock and the time
// zone come in as arguments, so tests can pin them).
//
// Briefing material is plain text: the only thing made of it besides text is a link,
// and only for http(s) URLs, so a "javascript:" or "data:" string stays words.

import { language, t } from "./i18n.js";

// A URL runs to the next space or angle bracket; trailing punctuation is the sentence's,
// except a closing bracket that closes one opened inside the URL: (see https://x.org/a_(b))
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/gi;
const TRAILING = ".,;:!?)]}'’";

function trimUrl(url) {
  let end = url.length;
  while (end > 0 && TRAILING.includes(url[end - 1])) {
    const body = url.slice(0, end - 1);
    if (url[end - 1] === ")" && body.split("(").length > body.split(")").length) break;
    end -= 1;
  }
  return url.slice(0, end);
}

/** Whether `value` is an absolute http(s) URL (the only kind made into a link). */
export function isWebUrl(value) {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** `text` cut into [{text}] and [{url}] parts, in order; joined they give `text` back. */
export function linkParts(text) {
  const parts = [];
  let at = 0;
  for (const match of String(text ?? "").matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    if (match.index > at) parts.push({ text: text.slice(at, match.index) });
    parts.push(isWebUrl(url) ? { url } : { text: url });
    at = match.index + url.length;
  }
  if (at < String(text ?? "").length) parts.push({ text: text.slice(at) });
  return parts;
}

const pad = (n) => String(n).padStart(2, "0");

/** Epoch seconds as the value of an <input type=datetime-local> (local time), or "". */
export function toLocalInput(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) return "";
  const d = new Date(seconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of an <input type=datetime-local> as epoch seconds, or null when empty or invalid. */
export function fromLocalInput(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(String(value ?? ""));
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isNaN(d.getTime()) ? null : Math.round(d.getTime() / 1000);
}

function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "14:05" in the page's language and the browser's time zone (or `timeZone`). */
export function clockTime(seconds, timeZone) {
  return new Intl.DateTimeFormat(language(), { hour: "2-digit", minute: "2-digit", hour12: false, timeZone })
    .format(new Date(seconds * 1000));
}

/** "Mon 24 Nov 2026" in the page's language. */
export function longDate(seconds, timeZone) {
  return new Intl.DateTimeFormat(language(), { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone })
    .format(new Date(seconds * 1000));
}

/** "in 25 min", "in 2 h 5 min": the wait until a start `seconds` ahead (rounded up to a minute). */
export function waitWords(seconds) {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 60) return t("brief.in_minutes", { n: minutes });
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? t("brief.in_hours_minutes", { h: hours, n: minutes % 60 }) : t("brief.in_hours", { h: hours });
}

/**
 * When the meeting starts, in a sentence, from the planned `startsAt` and the server's
 * `now` (both epoch seconds): today "Starts at 14:00 (in 25 min)", another day with the
 * date, and once the time has passed "Planned for 14:00". Null without a planned start.
 */
export function startsWords(startsAt, now, timeZone) {
  if (startsAt == null) return null;
  const time = clockTime(startsAt, timeZone);
  const ahead = startsAt - now;
  if (ahead <= 0) return t("brief.planned_for", { time });
  const local = (s) => new Date(new Date(s * 1000).toLocaleString("en-US", { timeZone }));
  if (sameDay(local(startsAt), local(now)) || ahead < 3600 * 12) {
    return t("brief.starts_at", { time, wait: waitWords(ahead) });
  }
  return t("brief.starts_on", { date: longDate(startsAt, timeZone), time });
}

/** Whether the brief has anything to show besides the title. */
export function hasBrief(brief) {
  return Boolean(brief && (brief.problem || brief.objectives || brief.context || brief.starts_at != null));
}

/** The roster as [{name, duties}] in planned order, names compared as the server does. */
export function plannedPeople(roster) {
  const byKey = new Map();
  for (const [name, duty] of roster ?? []) {
    const key = nameKey(name);
    if (!byKey.has(key)) byKey.set(key, { name, duties: [] });
    if (!byKey.get(key).duties.includes(duty)) byKey.get(key).duties.push(duty);
  }
  return [...byKey.values()];
}

/** A name as the server compares names (any case, any spacing). */
export function nameKey(name) {
  return String(name ?? "").split(/\s+/).filter(Boolean).join(" ").toLowerCase();
}

/** Peer Assist's "works best in groups of 4-7": used when the method does not say. */
export const PEERS_RECOMMENDED = Object.freeze([4, 7]);

/** The method's recommended group size [min, max] (GET /api/methods `peers`). */
export function peersFor(catalog, method) {
  const peers = catalog?.methods?.find((m) => m.id === method)?.peers;
  return Array.isArray(peers) && peers.length === 2 ? peers : PEERS_RECOMMENDED;
}

/**
 * The method's roster guidance, never enforced: how many peers are planned (names on
 * the roster without a case owner or facilitator duty) and how many have joined
 * (participants, with a device or in the room, who neither facilitate nor own the
 * case), and whether that is within the method's [min, max].
 */
export function peerCount(room, [min, max] = PEERS_RECOMMENDED) {
  const planned = plannedPeople(room.roster).filter((p) => !p.duties.some((d) => d === "case_owner" || d === "facilitator")).length;
  const joined = room.people.filter((p) => p.role === "participant"
    && !p.duties.includes("case_owner") && !p.duties.includes("facilitator")).length;
  const count = Math.max(planned, joined);
  return { planned, joined, min, max, within: count >= min && count <= max };
}

/**
 * The lobby answer (GET /api/rooms/{room}/brief) as the room shape the brief view reads,
 * so the join form shows the brief exactly as the lobby does; no roster (the answer
 * holds none, and names stay with those who joined).
 */
export function lobbyRoom(answer) {
  const text = (value) => (typeof value === "string" ? value : "");
  const startsAt = Number.isFinite(answer?.starts_at) ? answer.starts_at : null;
  return {
    title: text(answer?.title),
    brief: { problem: text(answer?.problem), objectives: text(answer?.objectives), context: text(answer?.context), starts_at: startsAt },
    roster: [],
    current: null,
    closed_at: null,
  };
}

/** What the join form offers for a lobby answer: "closed" (nobody can join any more),
 *  "started" (join now, it is under way) or "before" (join ahead of the start). */
export function lobbyStage(answer) {
  if (answer?.closed) return "closed";
  return answer?.started ? "started" : "before";
}
