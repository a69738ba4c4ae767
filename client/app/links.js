// The meeting's three links and its join code, each with a copy button. The
// facilitator link is the key to the meeting: it is marked secret, and kept apart.

import { t } from "../lib/i18n.js";
import { h } from "../lib/dom.js";

async function copy(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input?.select(); // no clipboard access (e.g. plain http): select it for Ctrl+C
    return false;
  }
}

function copyRow({ id, label, value, note, notices, secret = false }) {
  const input = h("input", {
    id: `link-${id}`, "data-testid": `link-${id}`, type: "text", readonly: true, value,
    class: "link-value", spellcheck: "false", autocomplete: "off",
  });
  input.addEventListener("focus", () => input.select());
  const button = h("button", {
    type: "button", class: "secondary small", "data-testid": `copy-${id}`, "aria-label": t("links.copy_label", { label }),
    onclick: async () => {
      const ok = await copy(value, input);
      notices?.info(ok ? t("links.copied", { label }) : t("links.copy_manually"));
    },
  }, t("links.copy"));
  return h("div", { class: ["link-row", secret && "is-secret"] },
    h("label", { for: `link-${id}` }, label), h("div", { class: "link-input" }, input, button),
    note ? h("p", { class: "hint" }, note) : null);
}

/** The links panel for {code, links}; `includeFacilitator` false leaves the secret one out. */
export function linksPanel({ code, links }, { notices, includeFacilitator = true } = {}) {
  return h("section", { class: "panel links", "aria-labelledby": "links-heading", "data-testid": "links" },
    h("h2", { id: "links-heading" }, t("links.heading")),
    h("p", { class: "join-code-line" }, t("links.code"), " ",
      h("strong", { class: "join-code", "data-testid": "join-code" }, code)),
    h("p", { class: "hint" }, t("links.code_hint")),
    copyRow({
      id: "participant", label: t("links.participant"), value: links.participant, notices,
      note: t("links.participant_note"),
    }),
    copyRow({
      id: "display", label: t("links.display"), value: links.display, notices,
      note: t("links.display_note"),
    }),
    includeFacilitator ? copyRow({
      id: "facilitator", label: t("links.facilitator"), value: links.facilitator, notices, secret: true,
      note: t("links.facilitator_note"),
    }) : null);
}
