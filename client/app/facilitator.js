// The facilitator page (/facilitator#<facilitator token>), laptop first: the agenda and
// its controls, the running round's rules and time box, signals (done, time box over,
// turns complete), turns, the floor and the queue, the timer; the flipchart with private
// writing and reveal; people with duties and guests, the airtime ledger, the links.
//
// data-testid: status, connection-state, loading, title, round, rounds (hidden here);
// agenda.js: agenda, agenda-round-<id>, round-next, round-prev, round-extend-1,
// round-extend-5, round-jump-<id>, round-skip-<id>, round-minutes-<id>, round-up-<id>,
// round-down-<id>, round-remove-<id>, round-add-kind, round-add-position,
// round-add-submit; round.js: round-rule, time-box, time-box-over; signals.js:
// done-count, everyone-done, hidden-count, reveal-all, reveal-<personid>, airtime,
// airtime-<personid>; turns.js: turns, turns-start, turns-shuffle, turns-order,
// turn-current, turn-<personid>, turn-countdown, turn-skip, turns-complete;
// queue.js: speaker, end-floor ("End turn"), queue, queue-entry, give-next, lower-all,
// progressive, give-<personid>, lower-<personid>; people.js: people, person-<id>,
// duty-<personid>-<duty>, raise-for-<personid>, guest-name, guest-add, rename-input,
// rename-submit; board.js: add-item-*, items, item-<id>, item-private,
// item-placeholder, item-edit-<id>, item-delete-<id>, item-edit-kind, item-edit-text,
// item-save, item-cancel; timer.js: timer, timer-status, timer-minutes, timer-start,
// timer-preset-1|3|5|10, timer-pause, timer-resume, timer-extend, timer-reset;
// links: links, join-code, link-participant, link-display, link-facilitator,
// copy-participant, copy-display, copy-facilitator.

import { t } from "../lib/i18n.js";
import { h } from "../lib/dom.js";
import { fragment, loadLinks, roomOf } from "../lib/identity.js";
import { createAgenda } from "./agenda.js";
import { createAddItem, createBoard } from "./board.js";
import { createHeader } from "./header.js";
import { setUpPage } from "./lang.js";
import { linksPanel } from "./links.js";
import { commander, loadCatalog, startMeeting } from "./meeting.js";
import { createNotices } from "./notices.js";
import { createPeople, createRename } from "./people.js";
import { createQueue, createSpeaker } from "./queue.js";
import { createRoundStatus } from "./round.js";
import { createAirtime, createReady, createReveal } from "./signals.js";
import { createTimer } from "./timer.js";
import { createTurns } from "./turns.js";

const root = document.getElementById("app");
setUpPage("page.facilitator");
const notices = createNotices();
document.body.append(notices.el);

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
        h("h2", {}, t("links.heading")),
        h("p", { class: "join-code-line" }, t("links.code"), " ", h("strong", { class: "join-code", "data-testid": "join-code" }, you.code)),
        h("p", { class: "hint" }, t("links.other_browser"))));
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

async function main() {
  const token = fragment();
  if (!token || !roomOf(token)) {
    root.append(h("p", { class: "panel form-error", role: "alert" }, t("need.facilitator")));
    return;
  }
  const catalog = await loadCatalog();
  const connection = { current: null };
  const act = commander(() => connection.current, notices);
  const header = createHeader({ steps: false });
  const layout = h("div", { class: "facilitator-grid" });
  const columns = [
    column("run", createRoundStatus({ moderate: true }), createReady({ act, moderate: true }),
      createTurns({ act, moderate: true }), createSpeaker({ act, moderate: true }), createQueue({ act, moderate: true }),
      createAirtime(), createTimer({ act, moderate: true, notices })),
    column("board", createReveal({ act }), createAddItem({ act }), createBoard({ act, moderate: true })),
    column("plan", createAgenda({ act, notices }), createPeople({ act, moderate: true }), createRename({ act }), createInvite()),
  ];
  layout.append(...columns.map((c) => c.el));
  const grid = { el: layout, update: (ctx) => columns.forEach((c) => c.update(ctx)), tick: (ctx) => columns.forEach((c) => c.tick(ctx)) };
  connection.current = startMeeting({ token, root, views: [header, grid], catalog });
}

main();
