// The room display (/display#<display token>): a big screen, read only, never
// controls. The round's name and rule, a huge countdown (the facilitator's timer when
// one is set, else the round's time box), who speaks and the order of turns, the
// queue, the flipchart of the current round (others' private cards as placeholders:
// the display never receives their text), and the join code.
//
// data-testid: status, connection-state, loading, title, round, rounds, round-rule,
// time-box, time-box-over, timer, timer-status, speaker, turns, turns-order,
// turn-current, turn-<personid>, turn-countdown, turns-complete, queue, queue-entry,
// items, item-<id>, item-placeholder, join-code, join-qr, waiting; before the start the
// brief and the planned start (lobby, brief-*; never the roster); once closed only
// "The meeting has closed" (meeting-closed): nothing private, ever.

import { t } from "../lib/i18n.js";
import { h, setText } from "../lib/dom.js";
import { fragment, roomOf } from "../lib/identity.js";
import { createBoard } from "./board.js";
import { createBrief } from "./brief.js";
import { createChime } from "./chime.js";
import { createClosedNotice } from "./closing.js";
import { createHeader } from "./header.js";
import { setUpPage } from "./lang.js";
import { loadCatalog, startMeeting } from "./meeting.js";
import { createNotices } from "./notices.js";
import { createQueue, createSpeaker } from "./queue.js";
import { createRoundStatus } from "./round.js";
import { createTimer } from "./timer.js";
import { createTurns } from "./turns.js";

const root = document.getElementById("app");
setUpPage("page.display");
const notices = createNotices();
document.body.append(notices.el);
const noCommands = () => Promise.resolve(false); // a display sends no command

/** The QR code of the join page (GET /api/qr, an SVG made on the server), as a blob: URL. */
async function fetchQr(token) {
  try {
    const response = await fetch("/api/qr", { headers: { authorization: `Bearer ${token}` }, credentials: "omit" });
    if (!response.ok) return null;
    return { url: URL.createObjectURL(await response.blob()), target: response.headers.get("x-join-url") };
  } catch {
    return null; // no QR: the code and the address are still there
  }
}

/** The join code, large, with where to type it and a QR code that opens the join page. */
function createJoin(token) {
  const code = h("strong", { class: "join-code", "data-testid": "join-code" });
  const qr = h("img", { class: "join-qr", "data-testid": "join-qr", hidden: true, alt: "", width: "240", height: "240" });
  const el = h("aside", { class: "panel display-join", "aria-label": t("display.join_label") },
    qr,
    h("div", {}, h("p", { class: "join-label" }, t("display.join_with")), code,
      h("p", { class: "hint" }, t("display.join_at", { url: `${location.host}/join` }))));
  let asked = false;

  function update({ you }) {
    if (!you) return;
    setText(code, you.code);
    if (asked) return;
    asked = true;
    fetchQr(token).then((answer) => {
      if (!answer) return;
      qr.alt = t("display.qr_alt", { url: answer.target ?? `${location.origin}/join` });
      qr.src = answer.url;
      qr.hidden = false;
    });
  }

  return { el, update };
}

/** Keep the room screen awake where the browser can (Screen Wake Lock); failures are fine. */
function keepAwake() {
  let lock = null;
  const request = async () => {
    if (!navigator.wakeLock || document.visibilityState !== "visible" || (lock && !lock.released)) return;
    try {
      lock = await navigator.wakeLock.request("screen");
    } catch {
      lock = null; // not allowed (battery saver, no user gesture, insecure context): never mind
    }
  };
  document.addEventListener("visibilitychange", request); // a lock is released when the tab hides
  request();
}

/** "Waiting for the facilitator" while no round runs yet. */
function createWaiting() {
  const el = h("p", { class: "display-waiting", "data-testid": "waiting" }, t("display.waiting"));

  function update({ room }) {
    if (room) el.hidden = Boolean(room.current) || room.closed_at != null;
  }

  return { el, update };
}

/** The facilitator's timer when it is set, else the round's time box, large. */
function createClock() {
  const timer = createTimer({ act: noCommands });
  const round = createRoundStatus({ large: true });
  const el = h("div", { class: "display-clock" }, round.el, timer.el);

  function update(ctx) {
    if (!ctx.room) return;
    timer.el.hidden = ctx.room.timer.status === "idle";
    round.el.classList.toggle("is-compact", !timer.el.hidden);
    timer.update(ctx);
    round.update(ctx);
    round.el.hidden = inLobby(ctx.room); // the header and the waiting line say it already
  }

  return { el, update, tick: (ctx) => { timer.tick(ctx); round.tick(ctx); } };
}

/** Before the first round: the brief, the join code and "waiting" are what the room needs. */
function inLobby(room) {
  return room.current == null && room.closed_at == null;
}

/** `view`, hidden in the lobby (nobody can have the floor before the start). */
function afterTheStart(view) {
  return {
    ...view,
    update(ctx) {
      view.update(ctx);
      view.el.hidden = Boolean(ctx.room && inLobby(ctx.room)); // the view hides nothing itself
    },
  };
}

function group(className, ...views) {
  return {
    el: h("div", { class: className }, views.map((v) => v.el)),
    update: (ctx) => views.forEach((v) => v.update(ctx)),
    tick: (ctx) => views.forEach((v) => v.tick?.(ctx)),
  };
}

async function main() {
  document.body.classList.add("is-display");
  const token = fragment();
  if (!token || !roomOf(token)) {
    root.append(h("p", { class: "panel form-error", role: "alert" }, t("need.display")));
    return;
  }
  keepAwake();
  const catalog = await loadCatalog();
  const header = createHeader();
  const live = group("display-grid",
    group("display-now", createBrief({ roster: false }), createClock(), afterTheStart(createSpeaker({ act: noCommands })),
      createTurns({ act: noCommands, readOnly: true })),
    group("display-side", createQueue({ act: noCommands, limit: 6 }), createJoin(token), createChime()),
    group("display-board", createWaiting(), createBoard({ act: noCommands, currentOnly: true })));
  const view = {
    ...live,
    update(ctx) {
      live.update(ctx);
      if (ctx.room?.closed_at != null) live.el.hidden = true; // closed: the notice only
    },
  };
  startMeeting({ token, root, views: [header, createClosedNotice(), view], catalog });
}

main();
