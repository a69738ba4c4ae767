// The summary page's logic (GET /api/rooms/{room}/summary, format peercircle.summary/1).
// PURE: storage comes in as an argument.
//
// Which token opens it: the fragment holds either a token (a facilitator link, or the
// read-only summary link the facilitator shares) or only the room id, when the page was
// opened from the participant page: then the personal token kept in this browser does.

import { loadLinks, loadPersonalToken, roomOf } from "./identity.js";

export const SUMMARY_FORMAT = "peercircle.summary/1";

/**
 * {room, token, exports} for the fragment `hash`, or null when nothing opens it.
 * `exports`: true when the token is known to be one that may export (the facilitator
 * link saved here, or a participant's own token), false when unknown (ask the server).
 */
export function summaryAccess(hash, store) {
  const room = roomOf(hash);
  if (!room) return null;
  const facilitator = loadLinks(room, store)?.links?.facilitator ?? "";
  const saved = facilitator.includes("#") ? decodeURIComponent(facilitator.slice(facilitator.indexOf("#") + 1)) : null;
  if (hash.includes(".")) return { room, token: hash, exports: hash === saved };
  const personal = loadPersonalToken(room, store);
  if (personal) return { room, token: personal, exports: true };
  if (saved) return { room, token: saved, exports: true };
  return null;
}

/** Seconds as "1:05:09" or "12:30" (minutes:seconds), for planned against actual times. */
export function duration(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) return "—";
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** Agenda rows with the difference between actual and planned time, in seconds. */
export function agendaRows(agenda) {
  return (agenda ?? []).map((r) => {
    const planned = Math.round((r.planned_minutes ?? 0) * 60);
    const actual = r.actual_seconds ?? 0;
    const visited = (r.visits ?? []).length > 0;
    return { ...r, planned, actual, visited, over: visited ? Math.round(actual - planned) : null };
  });
}

/** The totals of the agenda: planned (rounds not skipped) and actual seconds. */
export function agendaTotals(rows) {
  return {
    planned: rows.filter((r) => !r.skipped).reduce((sum, r) => sum + r.planned, 0),
    actual: rows.reduce((sum, r) => sum + r.actual, 0),
  };
}

/** The name of a person id in the summary (or the value itself: it may already be a name). */
export function personName(summary, id) {
  return (summary.people ?? []).find((p) => p.id === id)?.name ?? id ?? "";
}

/** Airtime rows, most spoken first; null when the meeting did not track it. */
export function airtimeRows(summary) {
  if (!Array.isArray(summary.airtime)) return null;
  return [...summary.airtime].sort((a, b) => (b.seconds ?? 0) - (a.seconds ?? 0) || b.turns - a.turns);
}

/** Whether `value` looks like a summary this page can show. */
export function isSummary(value) {
  return Boolean(value && typeof value === "object" && value.format === SUMMARY_FORMAT && Array.isArray(value.people));
}
