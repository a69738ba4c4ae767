// The landing page (/): name a meeting, create it, and get its three links and join
// code. The links are saved in this browser (localStorage `peercircle:links:<room>`)
// so the facilitator page can show them again.
//
// The method is chosen from GET /api/methods, with its summary and its rounds shown.
//
// data-testid: create-form, create-title, method-select, method-summary,
// method-rounds, create-submit, create-error, status, created, join-code, links,
// link-participant, link-display, link-facilitator, copy-participant, copy-display,
// copy-facilitator, open-facilitator.

import { createRoom, fetchMethods } from "../lib/api.js";
import { t } from "../lib/i18n.js";
import { h } from "../lib/dom.js";
import { saveLinks } from "../lib/identity.js";
import { catalogFrom } from "../lib/rounds.js";
import { setUpPage } from "./lang.js";
import { linksPanel } from "./links.js";
import { createNotices } from "./notices.js";

const root = document.getElementById("app");
setUpPage(null);
const notices = createNotices();
document.body.append(notices.el);

function created(meeting) {
  return h("div", { class: "created", "data-testid": "created" },
    h("section", { class: "panel next-step" },
      h("h2", {}, t("landing.ready")),
      h("p", {}, t("landing.ready_text")),
      h("a", {
        class: "button primary", href: meeting.links.facilitator, "data-testid": "open-facilitator",
      }, t("landing.open_facilitator"))),
    linksPanel(meeting, { notices }));
}

const title = h("input", {
  id: "create-title", "data-testid": "create-title", type: "text", maxlength: "200", required: true,
  placeholder: t("landing.title_placeholder"), autocomplete: "off",
});
const method = h("select", { id: "method-select", "data-testid": "method-select" },
  h("option", { value: "peer_assist" }, t("method.peer_assist.name")));
const summary = h("p", { class: "hint method-summary", "data-testid": "method-summary", "aria-live": "polite" });
const rounds = h("ol", { class: "method-rounds", "data-testid": "method-rounds", "aria-label": t("landing.rounds_label") });
let methods = [];

function showMethod() {
  const chosen = methods.find((m) => m.id === method.value);
  summary.textContent = chosen?.summary ?? "";
  rounds.replaceChildren(...(chosen?.rounds ?? []).map((r) => h("li", {}, r.name, h("span", { class: "muted" }, t("landing.round_minutes", { minutes: r.minutes })))));
}
method.addEventListener("change", showMethod);
fetchMethods().then((answer) => {
  methods = catalogFrom(answer).methods;
  const keep = method.value;
  method.replaceChildren(...methods.map((m) => h("option", { value: m.id }, m.name)));
  method.value = methods.some((m) => m.id === keep) ? keep : methods[0]?.id ?? "";
  showMethod();
}, () => {
  summary.textContent = t("landing.methods_failed");
});

const submit = h("button", { type: "submit", class: "primary", "data-testid": "create-submit" }, t("landing.create"));
const error = h("p", { class: "form-error", "data-testid": "create-error", role: "alert" });
const result = h("div", { "aria-live": "polite" });

const form = h("form", {
  class: "panel create", "data-testid": "create-form",
  onsubmit: async (event) => {
    event.preventDefault();
    const name = title.value.trim();
    if (!name) return title.focus();
    submit.disabled = true;
    error.textContent = "";
    try {
      const meeting = await createRoom(name, method.value || undefined);
      saveLinks(meeting.room, meeting);
      result.replaceChildren(created(meeting));
      result.querySelector("[data-testid=open-facilitator]").focus();
    } catch (problem) {
      error.textContent = problem.message;
    } finally {
      submit.disabled = false;
    }
    return undefined;
  },
},
h("div", { class: "field" }, h("label", { for: "create-title" }, t("landing.title_label")), title),
h("div", { class: "field" }, h("label", { for: "method-select" }, t("landing.method")), method, summary,
  h("details", { class: "method-details" }, h("summary", {}, t("landing.rounds")), rounds)),
error, submit);

root.append(
  h("header", { class: "landing-header" },
    h("h1", { class: "brand" }, t("app.name")),
    h("p", { class: "lede" }, t("landing.lede"))),
  form, result,
  h("p", { class: "hint center" }, t("landing.have_code"), " ", h("a", { href: "/join" }, t("landing.join_link"))));
