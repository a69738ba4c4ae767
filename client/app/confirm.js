// "Are you sure?" for actions that cannot be undone: one modal <dialog> per page, built
// with h(). It says in words what will happen; the safe answer ("Cancel") has the focus,
// Escape cancels, and focus goes back to the button that asked.
//
//   if (await confirmAction({ title, message, yes, danger: true })) remove();
//
// data-testid: confirm (the dialog), confirm-title, confirm-message, confirm-yes, confirm-no.

import { t } from "../lib/i18n.js";
import { h, setText } from "../lib/dom.js";

let dialog = null;
let parts = null;
let settle = null;

function build() {
  const title = h("h2", { id: "confirm-title", "data-testid": "confirm-title" });
  const message = h("p", { id: "confirm-message", "data-testid": "confirm-message" });
  const yes = h("button", { type: "button", "data-testid": "confirm-yes", onclick: () => dialog.close("yes") });
  const no = h("button", { type: "button", class: "secondary", "data-testid": "confirm-no", onclick: () => dialog.close("no") });
  dialog = h("dialog", {
    class: "confirm panel", "data-testid": "confirm", "aria-labelledby": "confirm-title", "aria-describedby": "confirm-message",
    onclose: () => {
      const answer = dialog.returnValue === "yes";
      const done = settle;
      settle = null;
      done?.(answer);
    },
  }, title, message, h("div", { class: "button-row" }, no, yes));
  parts = { title, message, yes, no };
  document.body.append(dialog);
}

/** Ask before doing something final; resolves true for yes, false for no or Escape. */
export function confirmAction({ title, message, yes, no = t("confirm.cancel"), danger = false }) {
  if (!dialog) build();
  const earlier = settle; // a question still open (cannot happen by hand: the dialog is modal)
  settle = null;
  earlier?.(false);
  const opener = dialog.open ? null : document.activeElement;
  setText(parts.title, title);
  setText(parts.message, message);
  setText(parts.yes, yes);
  setText(parts.no, no);
  parts.yes.className = danger ? "danger" : "primary";
  dialog.returnValue = "";
  return new Promise((resolve) => {
    settle = (answer) => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(answer);
    };
    if (!dialog.open) dialog.showModal();
    parts.no.focus();
  });
}
