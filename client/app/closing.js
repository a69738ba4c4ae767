// The end of the meeting. For the facilitator: "Close meeting" (asked first, saying
// whether the lessons and actions are confirmed), and once closed: Reopen, the summary
// page, the exports (fetched with the token in a header, then saved from a blob: the
// token never goes into a URL the server sees), the read-only summary link for people
// who did not attend (create, copy, revoke) and "Create follow-up meeting". For everyone
// else: "The meeting has closed", with the link to the summary.
//
// data-testid: closing, close-meeting, reopen-meeting, closed-at, summary-page,
// export-md, export-json, export-csv, summary-link-create, summary-link,
// summary-link-copy, summary-link-revoke, follow-up; meeting-closed (participant).

import {
  EXPORT_FORMATS, createFollowUp, createSummaryLink, fetchExport, revokeSummaryLink,
} from "../lib/api.js";
import { clockTime } from "../lib/brief.js";
import { language, t } from "../lib/i18n.js";
import { h, setText } from "../lib/dom.js";
import { roomOf, saveLinks } from "../lib/identity.js";
import { confirmation } from "../lib/outcomes.js";
import { confirmAction } from "./confirm.js";

/** Save a fetched blob as a file (an <a download> clicked once, then let go). */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const EXPORT_WORDS = {
  md: ["closing.export_md", "closing.export_md_label"],
  json: ["closing.export_json", "closing.export_json_label"],
  csv: ["closing.export_csv", "closing.export_csv_label"],
};
const CONFIRMATION_WORDS = { none: "confirm.close_none", confirmed: "confirm.close_confirmed", changed: "confirm.close_changed" };

/** The three download buttons, each fetching its export with `token`. */
export function exportButtons(room, token, notices) {
  return h("div", { class: "button-row exports", role: "group", "aria-label": t("closing.exports") },
    EXPORT_FORMATS.map((format) => {
      const button = h("button", {
        type: "button", class: "secondary small", "data-testid": `export-${format}`,
        "aria-label": t(EXPORT_WORDS[format][1]),
        onclick: async () => {
          button.setAttribute("aria-busy", "true");
          try {
            const { blob, filename } = await fetchExport(room, format, language(), token);
            saveBlob(blob, filename);
          } catch (problem) {
            notices.error(problem.message);
          } finally {
            button.removeAttribute("aria-busy");
          }
        },
      }, t(EXPORT_WORDS[format][0]));
      return button;
    }));
}

function summaryLinkPart(room, token, notices) {
  const input = h("input", {
    id: "summary-link", "data-testid": "summary-link", type: "text", readonly: true, class: "link-value",
    spellcheck: "false", autocomplete: "off",
  });
  input.addEventListener("focus", () => input.select());
  const copy = h("button", {
    type: "button", class: "secondary small", "data-testid": "summary-link-copy",
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(input.value);
        notices.info(t("closing.link_copied"));
      } catch {
        input.select();
        notices.info(t("links.copy_manually"));
      }
    },
  }, t("links.copy"));
  const shown = h("div", { class: "link-row", hidden: true },
    h("label", { for: "summary-link" }, t("closing.summary_link")),
    h("div", { class: "link-input has-renew" }, input, copy, h("button", {
      type: "button", class: "small danger", "data-testid": "summary-link-revoke",
      onclick: async () => {
        if (!await confirmAction({
          title: t("confirm.revoke_summary_title"), message: t("confirm.revoke_summary"), yes: t("confirm.revoke_summary_yes"), danger: true,
        })) return;
        try {
          await revokeSummaryLink(room, token);
        } catch (problem) {
          notices.error(problem.message);
          return;
        }
        input.value = "";
        shown.hidden = true;
        create.hidden = false;
        create.focus();
        notices.info(t("closing.link_revoked"));
      },
    }, t("closing.revoke"))));
  const create = h("button", {
    type: "button", class: "secondary", "data-testid": "summary-link-create",
    onclick: async () => {
      try {
        ({ url: input.value } = await createSummaryLink(room, token));
      } catch (problem) {
        notices.error(problem.message);
        return;
      }
      shown.hidden = false;
      create.hidden = true;
      input.focus();
    },
  }, t("closing.create_link"));
  return h("div", { class: "summary-share" }, h("h3", {}, t("closing.share_heading")),
    h("p", { class: "hint" }, t("closing.share_hint")), create, shown);
}

/** Go to another meeting's facilitator page (only the fragment may differ: reload). */
function goTo(url) {
  try {
    history.pushState(null, "", url);
    location.reload();
  } catch {
    location.assign(url);
  }
}

export function createClosing({ token, act, notices }) {
  const room = roomOf(token);
  const closeButton = h("button", {
    type: "button", class: "danger", "data-testid": "close-meeting",
    onclick: async () => {
      const verdict = last ? confirmation(last) : "none";
      if (!await confirmAction({
        title: t("confirm.close_title"),
        message: `${t("confirm.close")} ${t(CONFIRMATION_WORDS[verdict])}`,
        yes: t("confirm.close_yes"),
      })) return;
      await act("CloseMeeting");
    },
  }, t("closing.close"));
  const open = h("div", { class: "closing-open" }, h("p", { class: "hint" }, t("closing.close_hint")), closeButton);

  const closedAt = h("p", { class: "closed-at", "data-testid": "closed-at" });
  const followUp = h("button", {
    type: "button", class: "primary", "data-testid": "follow-up",
    onclick: async () => {
      followUp.disabled = true;
      let created;
      try {
        created = await createFollowUp(room, token);
      } catch (problem) {
        notices.error(problem.message);
        followUp.disabled = false;
        return;
      }
      saveLinks(created.room, created);
      goTo(created.links.facilitator);
    },
  }, t("closing.follow_up"));
  const closed = h("div", { class: "closing-closed", hidden: true },
    closedAt,
    h("p", {}, h("a", { class: "button primary", href: `/summary#${encodeURIComponent(token)}`, "data-testid": "summary-page" }, t("closing.summary_page"))),
    h("h3", {}, t("closing.exports")), exportButtons(room, token, notices),
    summaryLinkPart(room, token, notices),
    h("h3", {}, t("closing.follow_up_heading")), h("p", { class: "hint" }, t("closing.follow_up_hint")), followUp,
    h("h3", {}, t("closing.reopen_heading")),
    h("button", { type: "button", class: "secondary", "data-testid": "reopen-meeting", onclick: () => act("ReopenMeeting") }, t("closing.reopen")));
  const el = h("section", { class: "panel closing", "data-testid": "closing", "aria-labelledby": "closing-heading" },
    h("h2", { id: "closing-heading" }, t("closing.heading")), open, closed);
  let last = null;

  function update({ room: state }) {
    if (!state) return;
    last = state;
    const isClosed = state.closed_at != null;
    open.hidden = isClosed;
    closed.hidden = !isClosed;
    el.classList.toggle("is-closed", isClosed);
    if (isClosed) setText(closedAt, t("closing.closed_at", { time: clockTime(state.closed_at) }));
  }

  return { el, update };
}

/** For participants and the room screen: the meeting has closed (and where the summary is). */
export function createClosedNotice({ summaryHref = null } = {}) {
  const el = h("section", { class: "panel closed-notice", "data-testid": "meeting-closed", "aria-labelledby": "closed-heading" },
    h("h2", { id: "closed-heading" }, t("closing.closed_heading")),
    h("p", {}, summaryHref ? t("closing.closed_text") : t("closing.closed_text_display")),
    summaryHref ? h("a", { class: "button primary", href: summaryHref, "data-testid": "summary-page" }, t("closing.summary_page")) : null);

  function update({ room }) {
    if (room) el.hidden = room.closed_at == null;
  }

  return { el, update };
}
