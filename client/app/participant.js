// The participant page (/participant#<invite token>), phone first.
//
// First visit: ask a name, trade the invite for a personal token (POST /api/join),
// keep that in localStorage under `peercircle:<room>`, and connect with it; later
// visits reuse it, so a reload is the same person. Without an invite in the link,
// the join form also asks for the join code shown in the room; afterwards the
// fragment holds only the room id (#<room>), which is enough to find the token.
//
// Before joining, lobby.js shows the brief above the name field (or, once the meeting
// has closed, says so in place of the form).
//
// data-testid: join-form, join-name, join-code-input, join-submit, join-error;
// status (messages), connection-state, loading, title, round, rounds; round-rule,
// time-box, time-box-over, case-owner ("You are the case owner"), owner-listening
// ("Listen only in this round"); turns, turns-order, turn-current, turn-<personid>,
// turn-countdown, your-turn, turn-pass, turn-done, turns-complete, turns-waiting;
// speaker, end-floor ("Done speaking"); queue, queue-entry, queue-position,
// raise-hand, direct-response, lower-hand, hands-off (why there are no hands now);
// mark-done, done-count; add-item-kind (the round's kinds only), add-item-text,
// add-item-submit, add-item-private; items, item-<id>, item-private,
// item-placeholder, item-edit-<id>, item-delete-<id>, item-edit-kind,
// item-edit-text, item-save, item-cancel; timer, timer-status; people, person-<id>;
// rename-input, rename-submit; brief.js: lobby, brief-*; outcomes.js: outcomes, ...,
// confirm-outcomes; accountability.js: accountability, carried-*; closing.js:
// meeting-closed, summary-page. Once the meeting closes, only the closed notice, the
// flipchart and the outcomes stay: nothing else can be done in a closed room.

import { joinWithCode, joinWithInvite } from "../lib/api.js";
import { lobbyStage } from "../lib/brief.js";
import { t } from "../lib/i18n.js";
import { whileOpen } from "./closed.js";
import { h } from "../lib/dom.js";
import { forgetPersonalToken, fragment, loadPersonalToken, roomOf, savePersonalToken } from "../lib/identity.js";
import { CloseCode } from "../lib/protocol.js";
import { createAccountability } from "./accountability.js";
import { createAddItem, createBoard } from "./board.js";
import { createBrief } from "./brief.js";
import { createClosedNotice } from "./closing.js";
import { createClosedLobby, createJoinBrief, loadLobby } from "./lobby.js";
import { createHeader } from "./header.js";
import { setUpPage } from "./lang.js";
import { commander, loadCatalog, startMeeting } from "./meeting.js";
import { createNotices } from "./notices.js";
import { createOutcomes } from "./outcomes.js";
import { createPeople, createRename } from "./people.js";
import { createQueue, createSpeaker } from "./queue.js";
import { createRoundStatus } from "./round.js";
import { createReady } from "./signals.js";
import { createTimer } from "./timer.js";
import { createTurns } from "./turns.js";

const root = document.getElementById("app");
setUpPage("page.participant");
const notices = createNotices();
document.body.append(notices.el);

/** Ask for a name (and the join code when there is no invite), below the brief when the
 *  invite can read it; resolves with {token}. A closed meeting offers no join at all. */
async function askToJoin({ invite, message }) {
  const lobby = await loadLobby(invite);
  if (lobby && lobbyStage(lobby) === "closed") {
    root.replaceChildren(createClosedLobby(lobby));
    return new Promise(() => {}); // nothing more can happen on this page
  }
  const brief = lobby ? createJoinBrief(lobby) : { nodes: [], stop() {} };
  return new Promise((resolve) => {
    const name = h("input", {
      id: "join-name", "data-testid": "join-name", type: "text", maxlength: "60", autocomplete: "name",
      required: true, autofocus: true,
    });
    const code = invite ? null : h("input", {
      id: "join-code-input", "data-testid": "join-code-input", type: "text", maxlength: "12", required: true,
      autocomplete: "off", autocapitalize: "characters", spellcheck: "false", class: "code-input",
    });
    const error = h("p", { class: "form-error", "data-testid": "join-error", role: "alert" }, message ?? "");
    const submit = h("button", { type: "submit", class: "primary", "data-testid": "join-submit" }, t("join.submit"));
    const form = h("form", {
      class: "panel join", "data-testid": "join-form", "aria-labelledby": "join-heading",
      onsubmit: async (event) => {
        event.preventDefault();
        const who = name.value.trim();
        if (!who) return name.focus();
        submit.disabled = true;
        error.textContent = "";
        try {
          const joined = invite
            ? await joinWithInvite(invite, who)
            : await joinWithCode(code.value.trim().toUpperCase(), who);
          brief.stop();
          form.remove();
          resolve(joined);
        } catch (problem) {
          if (problem.closed) { // it closed while this form was open
            brief.stop();
            root.replaceChildren(createClosedLobby(lobby));
            return undefined;
          }
          error.textContent = problem.message;
          submit.disabled = false;
        }
        return undefined;
      },
    },
    h("h1", { id: "join-heading" }, t("join.heading")),
    ...brief.nodes,
    h("p", { class: "hint" }, t("join.hint")),
    code ? h("div", { class: "field" }, h("label", { for: "join-code-input" }, t("join.code")), code) : null,
    h("div", { class: "field" }, h("label", { for: "join-name" }, t("join.name")), name),
    error, submit);
    root.replaceChildren(form);
    (code ?? name).focus();
  });
}

/** The personal token for this page: stored, or obtained by joining. */
async function personalToken(message) {
  const hash = fragment();
  const invite = hash.includes(".") ? hash : null;
  const room = roomOf(hash);
  const stored = room ? loadPersonalToken(room) : null;
  if (stored) return stored;
  const joined = await askToJoin({ invite, message });
  const joinedRoom = roomOf(joined.token);
  savePersonalToken(joinedRoom, joined.token);
  if (!invite) history.replaceState(null, "", `#${joinedRoom}`);
  return joined.token;
}

async function main(message) {
  const [token, catalog] = await Promise.all([personalToken(message), loadCatalog()]);
  root.replaceChildren();
  const connection = { current: null };
  const act = commander(() => connection.current, notices);
  const room = roomOf(token);
  const views = [
    createHeader(),
    createClosedNotice({ summaryHref: `/summary#${encodeURIComponent(room)}` }),
    createBrief(),
    ...[
      createRoundStatus(),
      createTurns({ act }),
      createSpeaker({ act }),
      createQueue({ act, hands: true }),
      createTimer({ act, hideIdle: true }),
      createReady({ act }),
      createAccountability({ act }),
      createAddItem({ act }),
    ].map(whileOpen),
    createBoard({ act, outcomes: true }),
    createOutcomes({ act }),
    ...[createPeople({ act }), createRename({ act })].map(whileOpen),
  ];
  let rejoining = false;
  connection.current = startMeeting({
    token, root, views, catalog,
    onChange: ({ connection: conn }) => {
      if (!rejoining && conn.status === "stopped" && conn.closeCode === CloseCode.FORBIDDEN) {
        rejoining = true; // our seat is not valid any more: forget it and join again
        forgetPersonalToken(roomOf(token));
        main(t("join.again"));
      }
    },
  });
}

main();
