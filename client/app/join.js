// The short join page (/join#<CODE>), what the room screen's QR code opens: the join
// code (prefilled from the fragment) and a name; POST /api/join trades them for a
// personal token, kept like the participant page keeps it, and the participant view
// (/participant#<room>) takes over as that person.
//
// data-testid: join-form, join-code-input, join-name, join-submit, join-error.

import { joinWithCode } from "../lib/api.js";
import { h } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { fragment, roomOf, savePersonalToken } from "../lib/identity.js";
import { setUpPage } from "./lang.js";

const CODE = /^[A-Z0-9]{6}$/;
const root = document.getElementById("app");
setUpPage("page.join");

const given = fragment().toUpperCase().replace(/[^A-Z0-9]/g, "");
const code = h("input", {
  id: "join-code-input", "data-testid": "join-code-input", type: "text", maxlength: "12", required: true,
  autocomplete: "off", autocapitalize: "characters", spellcheck: "false", class: "code-input",
  "aria-describedby": "join-code-hint", value: CODE.test(given) ? given : "",
});
const name = h("input", {
  id: "join-name", "data-testid": "join-name", type: "text", maxlength: "60", autocomplete: "name", required: true,
});
const error = h("p", { class: "form-error", "data-testid": "join-error", role: "alert" });
const submit = h("button", { type: "submit", class: "primary", "data-testid": "join-submit" }, t("join.submit"));

const form = h("form", {
  class: "panel join", "data-testid": "join-form", "aria-labelledby": "join-heading",
  onsubmit: async (event) => {
    event.preventDefault();
    const value = code.value.trim().toUpperCase();
    const who = name.value.trim();
    if (!CODE.test(value)) {
      error.textContent = t("join.code_invalid");
      return code.focus();
    }
    if (!who) return name.focus();
    submit.disabled = true;
    error.textContent = "";
    try {
      const joined = await joinWithCode(value, who);
      const room = roomOf(joined.token);
      savePersonalToken(room, joined.token);
      location.assign(`/participant#${room}`);
    } catch (problem) {
      error.textContent = problem.message;
      submit.disabled = false;
    }
    return undefined;
  },
},
h("h1", { id: "join-heading" }, t("join.heading")),
h("p", { class: "hint" }, t("join.hint")),
h("div", { class: "field" }, h("label", { for: "join-code-input" }, t("join.code")), code,
  h("p", { class: "hint", id: "join-code-hint" }, t("join.code_hint"))),
h("div", { class: "field" }, h("label", { for: "join-name" }, t("join.name")), name),
error, submit);

root.append(form);
(code.value ? name : code).focus();
