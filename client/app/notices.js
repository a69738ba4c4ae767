// Short messages for people: a refused command, a copied link. One live region per page
// (data-testid="status"), so screen readers announce them; each fades after a while.

import { h } from "../lib/dom.js";

const SHOW_MS = 6000;

export function createNotices() {
  const el = h("div", { class: "notices", role: "status", "aria-live": "polite", "data-testid": "status" });

  function show(message, kind) {
    const note = h("p", { class: ["notice", `notice-${kind}`] }, message);
    el.append(note);
    while (el.children.length > 3) el.firstElementChild.remove();
    setTimeout(() => note.remove(), SHOW_MS);
  }

  return {
    el,
    error: (message) => show(message, "error"),
    info: (message) => show(message, "info"),
  };
}
