// The room display (/display#<display token>): a big screen, read only. Title and
// phase, a huge countdown, who speaks and who is next, the flipchart of the current
// phase, and the join code (with a QR code when the server offers one).
//
// data-testid: status, connection-state, loading, title, phase, phases, join-code,
// waiting, timer, timer-status, speaker, queue, queue-entry, items, item-<id>.

import { h, setText } from "../lib/dom.js";
import { fragment, roomOf } from "../lib/identity.js";
import { createBoard } from "./board.js";
import { createHeader } from "./header.js";
import { startMeeting } from "./meeting.js";
import { createNotices } from "./notices.js";
import { createQueue, createSpeaker } from "./queue.js";
import { createTimer } from "./timer.js";

const root = document.getElementById("app");
const notices = createNotices();
document.body.append(notices.el);
const noCommands = () => Promise.resolve(false); // a display sends no command

/** The join code, large, with where to type it. */
function createJoin() {
  const code = h("strong", { class: "join-code", "data-testid": "join-code" });
  const el = h("aside", { class: "panel display-join", "aria-label": "How to join" },
    h("div", {}, h("p", { class: "join-label" }, "Join with code"), code,
      h("p", { class: "hint" }, `at ${location.host}/participant`)));

  function update({ you }) {
    if (you) setText(code, you.code);
  }

  return { el, update };
}

/** "Waiting for the facilitator" while nothing has happened yet. */
function createWaiting() {
  const el = h("p", { class: "display-waiting", "data-testid": "waiting" }, "Waiting for the facilitator to begin…");

  function update({ room }) {
    if (!room) return;
    const quiet = room.phase === room.phases[0] && !room.items.length && !room.floor
      && !room.queue.length && room.timer.status === "idle";
    el.hidden = !quiet;
  }

  return { el, update };
}

function group(className, ...views) {
  return {
    el: h("div", { class: className }, views.map((v) => v.el)),
    update: (ctx) => views.forEach((v) => v.update(ctx)),
    tick: (ctx) => views.forEach((v) => v.tick?.(ctx)),
  };
}

document.body.classList.add("is-display");
const token = fragment();
if (!token || !roomOf(token)) {
  root.append(h("p", { class: "panel form-error", role: "alert" }, "This page needs the display link, including the part after #."));
} else {
  const header = createHeader();
  const main = group("display-grid",
    group("display-now", createTimer({ act: noCommands }), createSpeaker({ act: noCommands })),
    group("display-side", createQueue({ act: noCommands, limit: 6 }), createJoin()),
    group("display-board", createWaiting(), createBoard({ act: noCommands, currentOnly: true })));
  startMeeting({ token, root, views: [header, main] });
}
