// The top of every meeting page: the title, the connection state, and the Peer Assist
// phases with the current one marked (and what happens in it).

import { h, setText, syncList } from "../lib/dom.js";
import { phaseHint, phaseLabel } from "../lib/words.js";

const STATUS_TEXT = {
  connecting: "Connecting…",
  live: "Connected",
  interrupted: "", // a blip: say nothing yet, "reconnecting" follows if it lasts
  reconnecting: "Connection lost. Reconnecting…",
};

export function createHeader() {
  const title = h("h1", { class: "title", "data-testid": "title" }, "PeerCircle");
  const connection = h("p", { class: "connection", "data-testid": "connection-state", role: "status" });
  const phaseName = h("span", { class: "phase-name" });
  const phaseHintEl = h("span", { class: "phase-hint" });
  const phase = h("p", { class: "phase", "data-testid": "phase" }, phaseName, " ", phaseHintEl);
  const steps = h("ol", { class: "phases", "data-testid": "phases", "aria-label": "Phases of the meeting" });
  const el = h("header", { class: "meeting-header" },
    h("div", { class: "header-top" }, title, connection), phase, steps);

  function update({ room, connection: conn }) {
    const state = conn.status;
    connection.dataset.state = state;
    setText(connection, state === "stopped" ? conn.closeReason ?? "Disconnected." : STATUS_TEXT[state] ?? "");
    connection.classList.toggle("connection-quiet", state === "live" || state === "interrupted");
    connection.setAttribute("role", state === "stopped" ? "alert" : "status");
    if (!room) return;
    setText(title, room.title || "Untitled meeting");
    document.title = `${room.title || "Meeting"} · PeerCircle`;
    phase.dataset.phase = room.phase;
    setText(phaseName, phaseLabel(room.phase));
    setText(phaseHintEl, phaseHint(room.phase));
    const current = room.phases.indexOf(room.phase);
    syncList(steps, room.phases.map((name, index) => ({ name, index, current })), {
      key: (s) => s.name,
      signature: (s) => String(Math.sign(s.index - s.current)),
      render: (s) => h("li", {
        class: ["phase-step", s.index === s.current && "is-current", s.index < s.current && "is-done"],
        "aria-current": s.index === s.current ? "step" : null,
        "data-phase": s.name,
      }, phaseLabel(s.name), s.index === s.current ? h("span", { class: "visually-hidden" }, " (current)") : null),
    });
  }

  return { el, update, always: true };
}
