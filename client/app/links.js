// The meeting's three links and its join code, each with a copy button. The
// facilitator link is the key to the meeting: it is marked secret, and kept apart.

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
    type: "button", class: "secondary small", "data-testid": `copy-${id}`, "aria-label": `Copy the ${label.toLowerCase()}`,
    onclick: async () => {
      const ok = await copy(value, input);
      notices?.info(ok ? `${label} copied.` : "Press Ctrl+C (or ⌘C) to copy the selected link.");
    },
  }, "Copy");
  return h("div", { class: ["link-row", secret && "is-secret"] },
    h("label", { for: `link-${id}` }, label), h("div", { class: "link-input" }, input, button),
    note ? h("p", { class: "hint" }, note) : null);
}

/** The links panel for {code, links}; `includeFacilitator` false leaves the secret one out. */
export function linksPanel({ code, links }, { notices, includeFacilitator = true } = {}) {
  return h("section", { class: "panel links", "aria-labelledby": "links-heading", "data-testid": "links" },
    h("h2", { id: "links-heading" }, "Invite people"),
    h("p", { class: "join-code-line" }, "Join code: ",
      h("strong", { class: "join-code", "data-testid": "join-code" }, code)),
    h("p", { class: "hint" }, "People can also open the participant page and type this code."),
    copyRow({
      id: "participant", label: "Participant link", value: links.participant, notices,
      note: "Share with everyone who takes part. Each person picks a name.",
    }),
    copyRow({
      id: "display", label: "Room display link", value: links.display, notices,
      note: "Open on the big screen in the room. It shows, but cannot change anything.",
    }),
    includeFacilitator ? copyRow({
      id: "facilitator", label: "Facilitator link (secret)", value: links.facilitator, notices, secret: true,
      note: "Keep this to yourself: whoever has it can run the meeting. Bookmark it to come back.",
    }) : null);
}
