// The meeting's three links and its join code, each with a copy button. The
// facilitator link is the key to the meeting: it is marked secret, and kept apart.
// With `rotate` (the facilitator page), each link also gets a "New link" button:
// `rotate(link)` asks first and resolves with the new URL (shown in place), or null.
// A link this browser does not know (made elsewhere) shows only that button.
//
// data-testid: links, join-code, link-<link>, copy-<link>, rotate-<link>.

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

function copyRow({ id, label, value, note, notices, secret = false, rotate = null, rotateText = null }) {
  const input = h("input", {
    id: `link-${id}`, "data-testid": `link-${id}`, type: "text", readonly: true, value: value ?? "",
    class: "link-value", spellcheck: "false", autocomplete: "off", hidden: !value,
  });
  input.addEventListener("focus", () => input.select());
  const button = h("button", {
    type: "button", class: "secondary small", "data-testid": `copy-${id}`, "aria-label": t("links.copy_label", { label }),
    hidden: !value,
    onclick: async () => {
      const ok = await copy(input.value, input);
      notices?.info(ok ? t("links.copied", { label }) : t("links.copy_manually"));
    },
  }, t("links.copy"));
  let busy = false;
  const missing = value ? null : h("p", { class: "hint" }, t("links.elsewhere"));
  const renew = rotate ? h("button", {
    type: "button", class: "small danger", "data-testid": `rotate-${id}`,
    "aria-label": id === "facilitator" ? null : t("links.new_label", { label }),
    onclick: async () => {
      if (busy) return; // (not `disabled`: that would take the focus the confirm gives back)
      busy = true;
      try {
        const url = await rotate(id);
        if (!url) return;
        input.value = url;
        input.hidden = button.hidden = false;
        missing?.remove();
        notices?.info(t("links.rotated", { label }));
      } finally {
        busy = false;
      }
    },
  }, rotateText ?? t("links.new")) : null;
  return h("div", { class: ["link-row", secret && "is-secret"] },
    h("label", { for: `link-${id}` }, label), missing, h("div", { class: ["link-input", renew && "has-renew"] }, input, button, renew),
    note ? h("p", { class: "hint" }, note) : null);
}

/** The links panel for {code, links}; `includeFacilitator` false leaves the secret one out. */
export function linksPanel({ code, links }, { notices, includeFacilitator = true, rotate = null } = {}) {
  return h("section", { class: "panel links", "aria-labelledby": "links-heading", "data-testid": "links" },
    h("h2", { id: "links-heading" }, t("links.heading")),
    h("p", { class: "join-code-line" }, t("links.code"), " ",
      h("strong", { class: "join-code", "data-testid": "join-code" }, code)),
    h("p", { class: "hint" }, t("links.code_hint")),
    copyRow({
      id: "participant", label: t("links.participant"), value: links.participant, notices, rotate,
      note: t("links.participant_note"),
    }),
    copyRow({
      id: "display", label: t("links.display"), value: links.display, notices, rotate,
      note: t("links.display_note"),
    }),
    includeFacilitator ? copyRow({
      id: "facilitator", label: t("links.facilitator"), value: links.facilitator, notices, secret: true,
      rotate, rotateText: t("links.new_facilitator"), note: t("links.facilitator_note"),
    }) : null);
}
