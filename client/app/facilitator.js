// The facilitator page (/facilitator#<facilitator token>), laptop first: everything a
// participant sees, plus the controls that steer the meeting.
//
// data-testid: everything on the participant page (status, connection-state,
// loading, title, phase, phases, speaker, end-floor ("End turn"), timer,
// timer-status, queue, queue-entry, queue-position, raise-hand, lower-hand,
// add-item-*, items, item-<id>, item-edit-<id>, item-delete-<id>, item-edit-kind,
// item-edit-text, item-save, item-cancel, people, person-<id>, rename-input,
// rename-submit) and: prev-phase, next-phase, give-next, give-<personid> (one per
// person: in the queue for a raised hand, else in the people list), lower-<personid>,
// lower-all, timer-minutes, timer-start, timer-preset-1|3|5|10, timer-pause,
// timer-resume, timer-extend, timer-reset, links, join-code, link-participant,
// link-display, link-facilitator, copy-participant, copy-display, copy-facilitator.

import { h, setText } from "../lib/dom.js";
import { fragment, loadLinks, roomOf } from "../lib/identity.js";
import { phaseLabel } from "../lib/words.js";
import { createAddItem, createBoard } from "./board.js";
import { createHeader } from "./header.js";
import { linksPanel } from "./links.js";
import { commander, startMeeting } from "./meeting.js";
import { createNotices } from "./notices.js";
import { createPeople, createRename } from "./people.js";
import { createQueue, createSpeaker } from "./queue.js";
import { createTimer } from "./timer.js";

const root = document.getElementById("app");
const notices = createNotices();
document.body.append(notices.el);

/** Previous / next phase, each naming the phase it leads to. */
function createPhaseControls({ act }) {
  const prev = h("button", { type: "button", class: "secondary", "data-testid": "prev-phase", onclick: () => act("StepBackPhase") });
  const next = h("button", { type: "button", class: "primary", "data-testid": "next-phase", onclick: () => act("AdvancePhase") });
  const el = h("section", { class: "panel phase-controls", "aria-label": "Phase controls" }, h("div", { class: "button-row" }, prev, next));

  function update({ room }) {
    if (!room) return;
    const index = room.phases.indexOf(room.phase);
    const before = room.phases[index - 1];
    const after = room.phases[index + 1];
    prev.disabled = !before;
    next.disabled = !after;
    setText(prev, before ? `← Back to ${phaseLabel(before)}` : "← Back");
    setText(next, after ? `Next: ${phaseLabel(after)} →` : "Last phase");
  }

  return { el, update };
}

/** The links saved when this browser created the meeting, else just the join code. */
function createInvite() {
  const el = h("div", { class: "invite" });
  let shown = false;

  function update({ you }) {
    if (shown || !you) return;
    shown = true;
    const saved = loadLinks(you.room);
    el.append(saved
      ? linksPanel(saved, { notices })
      : h("section", { class: "panel links", "data-testid": "links" },
        h("h2", {}, "Invite people"),
        h("p", { class: "join-code-line" }, "Join code: ", h("strong", { class: "join-code", "data-testid": "join-code" }, you.code)),
        h("p", { class: "hint" }, "People open the participant page and type this code. ",
          "The links were made in another browser: share the participant link from there.")));
  }

  return { el, update };
}

function column(name, ...views) {
  const el = h("div", { class: ["column", `column-${name}`] }, views.map((v) => v.el));
  return {
    el,
    update: (ctx) => views.forEach((v) => v.update(ctx)),
    tick: (ctx) => views.forEach((v) => v.tick?.(ctx)),
  };
}

const token = fragment();
if (!token || !roomOf(token)) {
  root.append(h("p", { class: "panel form-error", role: "alert" }, "This page needs the facilitator link, including the part after #."));
} else {
  const connection = { current: null };
  const act = commander(() => connection.current, notices);
  const header = createHeader();
  const layout = h("div", { class: "facilitator-grid" });
  const columns = [
    column("run", createPhaseControls({ act }), createSpeaker({ act, moderate: true }),
      createTimer({ act, moderate: true, notices }), createQueue({ act, hands: true, moderate: true })),
    column("board", createAddItem({ act }), createBoard({ act, moderate: true })),
    column("people", createPeople({ act, moderate: true }), createRename({ act }), createInvite()),
  ];
  layout.append(...columns.map((c) => c.el));
  const grid = { el: layout, update: (ctx) => columns.forEach((c) => c.update(ctx)), tick: (ctx) => columns.forEach((c) => c.tick(ctx)) };
  connection.current = startMeeting({ token, root, views: [header, grid] });
}
