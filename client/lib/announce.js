// What changed between two states of a room, in words for a screen reader's live
// region: hands raised and lowered, who has the floor, whose turn it is, and time up
// (the timer's, and the round's time box), the confirmation of the lessons and actions,
// and the close and reopening of the meeting. PURE.

import { t } from "./i18n.js";
import { nameOf } from "./rounds.js";
import { turnsView } from "./selectors.js";

/** Sentences for the change from `before` to `after` (rooms; `before` null: nothing). */
export function announcements(before, after, me) {
  if (!before || !after) return [];
  const said = [];
  const had = new Set(before.queue.map((hand) => hand.person));
  const has = new Set(after.queue.map((hand) => hand.person));
  for (const person of has) if (!had.has(person)) said.push(t("queue.announce_raised", { name: nameOf(after, person) }));
  const speaker = after.floor?.person ?? null;
  for (const person of had) {
    if (!has.has(person) && person !== speaker) said.push(t("queue.announce_lowered", { name: nameOf(after, person) }));
  }
  const turnBefore = turnsView(before)?.current ?? null;
  const turnAfter = turnsView(after)?.current ?? null;
  if (turnAfter && turnAfter !== turnBefore) {
    said.push(turnAfter === me ? t("turns.announce_you") : t("turns.announce", { name: nameOf(after, turnAfter) }));
  } else if (speaker && speaker !== (before.floor?.person ?? null)) {
    said.push(speaker === me ? t("speaker.you") : t("speaker.other", { name: nameOf(after, speaker) }));
  }
  if (after.timer?.status === "expired" && before.timer?.status !== "expired") said.push(t("timer.expired"));
  if (after.time_box_over && !before.time_box_over) said.push(t("round.over"));
  if (after.confirmed && after.confirmed.at !== before.confirmed?.at) {
    said.push(t("outcomes.announce_confirmed", { name: nameOf(after, after.confirmed.by) }));
  }
  if (after.closed_at != null && before.closed_at == null) said.push(t("closing.announce_closed"));
  if (after.closed_at == null && before.closed_at != null) said.push(t("closing.announce_reopened"));
  return said;
}
