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
// copy-participant, copy-display, copy-facilitator, rotate-participant,
// rotate-display, rotate-facilitator; people.js: remove-<personid>; here:
// delete-meeting, meeting-deleted; confirm.js: confirm, confirm-yes, confirm-no;
// prepare.js (the brief, roles by name), outcomes.js (lessons and actions; board.js:
// item-lesson-<id>, item-action-<id>), accountability.js (a follow-up's carried
// actions), closing.js (close, reopen, summary, exports, summary link, follow-up).
//
// Links, people and the meeting itself are managed over HTTP with this page's token
// (POST /api/rooms/{room}/revoke, DELETE /api/rooms/{room}), each after a confirm.

import { deleteRoom, removePerson, rotateLink } from "../lib/api.js";
import { t } from "../lib/i18n.js";
import { h } from "../lib/dom.js";
import { forgetLinks, fragment, loadLinks, roomOf, saveLinks } from "../lib/identity.js";
import { createAccountability } from "./accountability.js";
import { createAgenda } from "./agenda.js";
import { createAddItem, createBoard } from "./board.js";
import { createChime } from "./chime.js";
import { whileOpen } from "./closed.js";
import { createClosing } from "./closing.js";
import { confirmAction } from "./confirm.js";
import { createHeader } from "./header.js";
import { setUpPage } from "./lang.js";
import { linksPanel } from "./links.js";
import { commander, loadCatalog, startMeeting } from "./meeting.js";
import { createNotices } from "./notices.js";
import { createOutcomes } from "./outcomes.js";
import { createPrepare } from "./prepare.js";
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

const ROTATE_WORDS = {
  participant: ["confirm.rotate_participant_title", "confirm.rotate_participant"],
  display: ["confirm.rotate_display_title", "confirm.rotate_display"],
  facilitator: ["confirm.rotate_facilitator_title", "confirm.rotate_facilitator"],
};

/** Go to the new facilitator link (a reload: only the fragment changes), without
 *  leaving the dead one in the history. */
function moveTo(url) {
  try {
    history.replaceState(null, "", url);
    location.reload();
  } catch {
    location.assign(url); // another origin (a public URL behind a proxy)
  }
}

/** `rotate(link)` for the links panel: ask, make the new link, remember it; the new URL or null. */
function rotater(token) {
  const room = roomOf(token);
  return async (link) => {
    const [title, message] = ROTATE_WORDS[link];
    if (!await confirmAction({ title: t(title), message: t(message), yes: t("confirm.rotate_yes"), danger: true })) return null;
    let url;
    try {
      ({ url } = await rotateLink(room, link, token));
    } catch (problem) {
      notices.error(problem.message);
      return null;
    }
    const saved = loadLinks(room);
    if (saved) saveLinks(room, { ...saved, links: { ...saved.links, [link]: url } });
    if (link === "facilitator") moveTo(url);
    return url;
  };
}

/** The links (those saved when this browser created the meeting), each renewable. */
function createInvite({ token }) {
  const el = h("div", { class: "invite" });
  let shown = false;

  function update({ you }) {
    if (!you) return;
    if (shown) {
      // the server's code is the current one: a new participant link brings a new code
      const code = el.querySelector('[data-testid="join-code"]');
      if (code && code.textContent !== you.code) code.textContent = you.code;
      return;
    }
    shown = true;
    const saved = loadLinks(you.room);
    const links = saved?.links ?? { facilitator: location.href };
    el.append(linksPanel({ code: you.code, links }, { notices, rotate: rotater(token) }));
    if (!saved) el.firstElementChild.insertBefore(h("p", { class: "hint" }, t("links.other_browser")), el.querySelector(".link-row"));
  }

  return { el, update };
}

/** `remove(person)` for the people list: ask, then revoke their token; true when done. */
function remover(token) {
  return async (person) => {
    const words = { name: person.name };
    if (!await confirmAction({
      title: t("confirm.remove_title", words), message: t("confirm.remove", words), yes: t("confirm.remove_yes"), danger: true,
    })) return false;
    try {
      await removePerson(roomOf(token), person.id, token);
    } catch (problem) {
      notices.error(problem.message);
      return false;
    }
    notices.info(t("people.removed", words));
    return true;
  };
}

/** What the page shows once the meeting is deleted. */
function deletedState() {
  return h("section", { class: "panel deleted", "data-testid": "meeting-deleted", role: "alert", tabindex: "-1" },
    h("h1", {}, t("deleted.heading")),
    h("p", {}, t("deleted.text")),
    h("a", { class: "button primary", href: "/" }, t("deleted.new")));
}

/** "Delete meeting", at the bottom of the page. */
function createDeletion({ token, stop }) {
  const room = roomOf(token);
  const button = h("button", {
    type: "button", class: "danger", "data-testid": "delete-meeting",
    onclick: async () => {
      if (!await confirmAction({
        title: t("confirm.delete_title"), message: t("confirm.delete"), yes: t("confirm.delete_yes"), danger: true,
      })) return;
      button.disabled = true;
      try {
        await deleteRoom(room, token);
      } catch (problem) {
        notices.error(problem.message);
        button.disabled = false;
        return;
      }
      stop();
      forgetLinks(room);
      const gone = deletedState();
      root.replaceChildren(gone);
      document.title = `${t("deleted.heading")} · ${t("app.name")}`;
      gone.focus();
    },
  }, t("delete.button"));
  const el = h("section", { class: "panel danger-zone", "aria-labelledby": "delete-heading" },
    h("h2", { id: "delete-heading" }, t("delete.heading")),
    h("p", { class: "hint" }, t("delete.hint")),
    button);
  return { el, update: () => {} };
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
    // Once closed, what remains is the close panel (summary, exports, follow-up, reopen), the
    // airtime, the flipchart, the outcomes and the links.
    column("run", createClosing({ token, act, notices }), ...[
      createRoundStatus({ moderate: true }), createReady({ act, moderate: true }), createTurns({ act, moderate: true }),
      createSpeaker({ act, moderate: true }), createQueue({ act, moderate: true })].map(whileOpen),
    createAirtime(), ...[createTimer({ act, moderate: true, notices }), createChime()].map(whileOpen)),
    column("board", ...[createAccountability({ act }), createReveal({ act }), createAddItem({ act })].map(whileOpen),
      createBoard({ act, moderate: true, outcomes: true }), createOutcomes({ act })),
    column("plan", ...[createPrepare({ act, notices }), createAgenda({ act, notices })].map(whileOpen),
      ...[createPeople({ act, moderate: true, remove: remover(token) }), createRename({ act })].map(whileOpen),
      createInvite({ token })),
  ];
  layout.append(...columns.map((c) => c.el));
  const grid = { el: layout, update: (ctx) => columns.forEach((c) => c.update(ctx)), tick: (ctx) => columns.forEach((c) => c.tick(ctx)) };
  const deletion = createDeletion({ token, stop: () => connection.current?.stop() });
  connection.current = startMeeting({ token, root, views: [header, grid, deletion], catalog });
}

main();
