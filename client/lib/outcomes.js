// Lessons learned and actions, as the views need them. PURE.
//
// The learning team confirms the list at the close; the confirmed copy is what goes
// out. SPEC: the outcomes are confirmed when `confirmed.outcomes` equals `outcomes`,
// so any change afterwards reads as "changed since confirmation" until confirmed again.

import { hasDuty } from "./selectors.js";

export const STATUSES = Object.freeze(["open", "doing", "done", "dropped"]);

const FIELDS = ["id", "kind", "text", "owner", "due", "status", "item", "carried", "note"];
const same = (a, b) => FIELDS.every((f) => (a[f] ?? null) === (b[f] ?? null));

/** "none" (nothing confirmed yet), "confirmed" (as it stands) or "changed" (since). */
export function confirmation(room) {
  const confirmed = room.confirmed;
  if (!confirmed) return "none";
  const now = room.outcomes;
  const then = confirmed.outcomes ?? [];
  return now.length === then.length && now.every((o, i) => same(o, then[i])) ? "confirmed" : "changed";
}

/** {lessons, actions}, each in the order they were written (carried ones first). */
export function split(outcomes) {
  return {
    lessons: outcomes.filter((o) => o.kind === "lesson"),
    actions: outcomes.filter((o) => o.kind === "action"),
  };
}

/** Whether `me` may add, edit and remove outcomes: facilitator, case owner or scribe. */
export function mayEdit(room, me, steering) {
  if (room.closed_at != null) return false;
  return steering || ["case_owner", "scribe", "facilitator"].some((d) => hasDuty(room, me, d));
}

/** Whether `me` may confirm: a case owner; a facilitator only when nobody owns the case. */
export function mayConfirm(room, me, steering) {
  if (room.closed_at != null || room.outcomes.length === 0) return false;
  if (hasDuty(room, me, "case_owner")) return true;
  return steering && !room.people.some((p) => p.duties.includes("case_owner"));
}

/** The names of whoever owns the case (for "the case owner confirms"). */
export function caseOwners(room) {
  return room.people.filter((p) => p.duties.includes("case_owner")).map((p) => p.name);
}

/** The AddOutcome arguments for turning flipchart item `item` into a lesson or action. */
export function fromItem(item, kind) {
  return { kind, text: item.text, item: item.id };
}

/** Whether the item was already made into an outcome (so the button says so). */
export function drawnFrom(room, itemId) {
  return room.outcomes.filter((o) => o.item === itemId).map((o) => o.kind);
}

/** A due date (YYYY-MM-DD) that has passed `today` (YYYY-MM-DD), for an open action. */
export function overdue(action, today) {
  return Boolean(action.due) && action.due < today && (action.status === "open" || action.status === "doing");
}

/** The carried actions (from the meeting this one follows up), for the accountability round. */
export function carriedActions(room) {
  return room.outcomes.filter((o) => o.carried && o.kind === "action");
}

/** Today as YYYY-MM-DD in local time (the `due` format). */
export function isoDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
