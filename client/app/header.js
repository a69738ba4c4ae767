// The top of every meeting page: the title, the connection state, the running round's
// name with what happens in it, and (unless `steps` is false) the agenda as small steps
// with the current one marked. Skipped rounds are left out of the steps.

import { t } from "../lib/i18n.js";
import { h, setText, syncList } from "../lib/dom.js";
import { currentType, roundName } from "../lib/rounds.js";

const STATUS_TEXT = {
  connecting: "status.connecting",
  live: "status.live",
  interrupted: null, // a blip: say nothing yet, "reconnecting" follows if it lasts
  reconnecting: "status.reconnecting",
};

export function createHeader({ steps: showSteps = true } = {}) {
  const title = h("h1", { class: "title", "data-testid": "title" }, t("app.name"));
  const connection = h("p", { class: "connection", "data-testid": "connection-state", role: "status" });
  const roundNameEl = h("span", { class: "round-name" });
  const roundHint = h("span", { class: "round-hint" });
  const round = h("p", { class: "round", "data-testid": "round", "aria-live": "polite" }, roundNameEl, " ", roundHint);
  const steps = h("ol", { class: "rounds", "data-testid": "rounds", "aria-label": t("header.rounds_label"), hidden: !showSteps });
  const el = h("header", { class: "meeting-header" },
    h("div", { class: "header-top" }, title, connection), round, steps);

  function update({ room, connection: conn, catalog }) {
    const state = conn.status;
    connection.dataset.state = state;
    setText(connection, state === "stopped" ? conn.closeReason ?? t("status.disconnected") : STATUS_TEXT[state] ? t(STATUS_TEXT[state]) : "");
    connection.classList.toggle("connection-quiet", state === "live" || state === "interrupted");
    connection.setAttribute("role", state === "stopped" ? "alert" : "status");
    if (!room) return;
    setText(title, room.title || t("page.untitled"));
    document.title = `${room.title || t("page.meeting")} · ${t("app.name")}`;
    const type = currentType(catalog, room);
    round.dataset.round = room.current ?? "";
    const closed = room.closed_at != null;
    setText(roundNameEl, closed ? t("header.closed") : type ? type.name : t("header.not_started"));
    setText(roundHint, closed ? t("header.closed_hint") : type ? type.hint : t("header.waiting_hint"));
    if (!showSteps) return;
    const planned = room.agenda.filter((r) => !r.skipped || r.id === room.current);
    const current = planned.findIndex((r) => r.id === room.current);
    syncList(steps, planned.map((r, index) => ({ r, index, current })), {
      key: (s) => s.r.id,
      signature: (s) => JSON.stringify([s.r.kind, Math.sign(s.index - s.current), s.current < 0]),
      render: (s) => h("li", {
        class: ["round-step", s.index === s.current && "is-current", s.current >= 0 && s.index < s.current && "is-done"],
        "aria-current": s.index === s.current ? "step" : null,
        "data-round": s.r.id,
      }, roundName(catalog, s.r.kind), s.index === s.current ? h("span", { class: "visually-hidden" }, t("header.current")) : null),
    });
  }

  return { el, update, always: true };
}
