// Before joining: the participant invite shows the meeting's brief (GET
// /api/rooms/{room}/brief) above the name field, rendered by the lobby's own brief view,
// and when the meeting has closed says so instead of offering to join. The brief is a
// courtesy: when it cannot be read, the join form works without it and the join itself
// says what is wrong with the link.
//
// data-testid: join-title, join-started, join-closed, join-closed-title; brief.js:
// lobby, brief-*.

import { fetchBrief } from "../lib/api.js";
import { lobbyRoom, lobbyStage } from "../lib/brief.js";
import { t } from "../lib/i18n.js";
import { h } from "../lib/dom.js";
import { roomOf } from "../lib/identity.js";
import { createBrief } from "./brief.js";

const TICK_MS = 15_000; // "in 25 min" changes by the minute; a quarter of one is close enough

/** The lobby answer for an invite, or null when it cannot be read. */
export async function loadLobby(invite) {
  if (!invite) return null;
  try {
    return await fetchBrief(roomOf(invite), invite);
  } catch {
    return null;
  }
}

/** The title, "under way" when it is, and the brief: for the join form. `stop()` ends
 *  the clock that keeps "Starts at 14:00 (in 25 min)" current. */
export function createJoinBrief(answer) {
  const room = lobbyRoom(answer);
  const brief = createBrief({ roster: false, always: true });
  const now = () => Date.now() / 1000; // before joining there is no server clock yet
  brief.update({ room, serverNow: now() });
  const clock = setInterval(() => brief.tick({ room, serverNow: now() }), TICK_MS);
  const started = lobbyStage(answer) === "started"
    ? h("p", { class: "join-started", "data-testid": "join-started" }, t("lobby.started"))
    : null;
  const title = room.title ? h("p", { class: "join-title", "data-testid": "join-title" }, room.title) : null;
  return { nodes: [title, started, brief.el], stop: () => clearInterval(clock) };
}

/** In place of the join form once the meeting has closed: nobody can join it any more. */
export function createClosedLobby(answer) {
  const title = typeof answer?.title === "string" ? answer.title : "";
  return h("section", { class: "panel join join-closed", "data-testid": "join-closed", "aria-labelledby": "join-closed-heading" },
    h("h1", { id: "join-closed-heading" }, t("lobby.closed_heading")),
    title ? h("p", { class: "join-title", "data-testid": "join-closed-title" }, title) : null,
    h("p", {}, t("lobby.closed")),
    h("p", { class: "hint" }, t("lobby.closed_hint")));
}
