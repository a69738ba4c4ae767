// The facilitator's "Prepare" panel: the brief (title, the problem in the learning
// team's words, objectives, briefing material, the planned start) and the roles planned
// by name. The method's roster guidance (Peer Assist: 4–7 peers, GET /api/methods) is
// shown, never enforced.
//
// A field being edited here is never overwritten by an update from the server; a field
// left alone follows the server (another facilitator may be editing too). Only changed
// fields are sent: UpdateBrief leaves the others as they are.
//
// data-testid: prepare, brief-title, brief-problem-input, brief-objectives-input,
// brief-context-input, brief-starts-input, brief-save, roster-name, roster-duty,
// roster-add, roster, roster-<n>, roster-remove-<n>, roster-guidance.

import { t } from "../lib/i18n.js";
import { h, setText, syncList } from "../lib/dom.js";
import { fromLocalInput, peerCount, peersFor, toLocalInput } from "../lib/brief.js";
import { dutyLabel } from "../lib/words.js";

const PLANNABLE = ["case_owner", "peer", "scribe", "timekeeper", "facilitator"];
const TEXT_MAX = 4000;

function field(id, label, control, hint) {
  return h("div", { class: "field" }, h("label", { for: id }, label),
    hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null, control);
}

export function createPrepare({ act, notices }) {
  const inputs = {
    title: h("input", { id: "brief-title", "data-testid": "brief-title", type: "text", maxlength: "200" }),
    problem: h("textarea", { id: "brief-problem-input", "data-testid": "brief-problem-input", rows: "3", maxlength: String(TEXT_MAX), "aria-describedby": "brief-problem-input-hint" }),
    objectives: h("textarea", { id: "brief-objectives-input", "data-testid": "brief-objectives-input", rows: "2", maxlength: String(TEXT_MAX) }),
    context: h("textarea", { id: "brief-context-input", "data-testid": "brief-context-input", rows: "3", maxlength: String(TEXT_MAX), "aria-describedby": "brief-context-input-hint" }),
    starts_at: h("input", { id: "brief-starts-input", "data-testid": "brief-starts-input", type: "datetime-local" }),
  };
  const dirty = new Set();
  for (const [key, input] of Object.entries(inputs)) input.addEventListener("input", () => dirty.add(key));
  let server = null; // the brief as last received, in input form

  const asInputs = (brief) => ({
    title: brief.title, problem: brief.problem, objectives: brief.objectives, context: brief.context,
    starts_at: toLocalInput(brief.starts_at),
  });

  const briefForm = h("form", {
    class: "brief-form",
    onsubmit: async (event) => {
      event.preventDefault();
      const args = {};
      for (const [key, input] of Object.entries(inputs)) {
        const value = key === "starts_at" ? input.value : input.value.trim();
        if (server && value === server[key]) continue;
        if (key === "starts_at") args.starts_at = fromLocalInput(value) ?? 0; // 0 clears the planned start
        else if (key !== "title" || value) args[key] = value;
      }
      if (!Object.keys(args).length) return notices.info(t("prepare.unchanged"));
      if (await act("UpdateBrief", args)) {
        dirty.clear();
        notices.info(t("prepare.saved"));
      }
      return undefined;
    },
  },
  field("brief-title", t("prepare.title"), inputs.title),
  field("brief-problem-input", t("prepare.problem"), inputs.problem, t("prepare.problem_hint")),
  field("brief-objectives-input", t("prepare.objectives"), inputs.objectives),
  field("brief-context-input", t("prepare.context"), inputs.context, t("prepare.context_hint")),
  field("brief-starts-input", t("prepare.starts"), inputs.starts_at),
  h("button", { type: "submit", class: "primary", "data-testid": "brief-save" }, t("prepare.save")));

  // roles by name
  const name = h("input", { id: "roster-name", "data-testid": "roster-name", type: "text", maxlength: "60", autocomplete: "off" });
  const duty = h("select", { id: "roster-duty", "data-testid": "roster-duty" },
    PLANNABLE.map((d) => h("option", { value: d, selected: d === "case_owner" }, dutyLabel(d))));
  const list = h("ul", { class: "roster", "data-testid": "roster", "aria-label": t("prepare.roster_label") });
  const guidance = h("p", { class: "hint roster-guidance", "data-testid": "roster-guidance" });
  const rosterForm = h("form", {
    class: "roster-form",
    onsubmit: async (event) => {
      event.preventDefault();
      const who = name.value.trim();
      if (!who) return name.focus();
      if (await act("PlanRole", { name: who, duty: duty.value, on: true })) {
        name.value = "";
        name.focus();
      }
      return undefined;
    },
  },
  h("div", { class: "roster-fields" },
    field("roster-name", t("prepare.role_name"), name),
    field("roster-duty", t("prepare.role_duty"), duty)),
  h("button", { type: "submit", class: "secondary", "data-testid": "roster-add" }, t("prepare.role_add")));

  const el = h("section", { class: "panel prepare", "data-testid": "prepare", "aria-labelledby": "prepare-heading" },
    h("h2", { id: "prepare-heading" }, t("prepare.heading")),
    h("p", { class: "hint" }, t("prepare.hint")),
    briefForm,
    h("h3", { class: "prepare-roles" }, t("prepare.roles")),
    h("p", { class: "hint" }, t("prepare.roles_hint")),
    guidance, list, rosterForm);

  function update({ room, catalog }) {
    if (!room) return;
    el.hidden = room.closed_at != null;
    el.classList.toggle("is-running", room.current != null);
    const fresh = asInputs(room.brief);
    for (const [key, input] of Object.entries(inputs)) {
      // follow the server unless this field is being edited here
      if (!dirty.has(key) && document.activeElement !== input && input.value !== fresh[key]) input.value = fresh[key] ?? "";
    }
    server = fresh;
    const count = peerCount(room, peersFor(catalog, room.method));
    guidance.dataset.within = String(count.within);
    setText(guidance, t("prepare.guidance", count));
    syncList(list, room.roster.map(([who, d], index) => ({ who, d, index })), {
      key: (r) => `${r.who}\u0000${r.d}`,
      signature: (r) => String(r.index),
      render: (r) => h("li", { class: "roster-entry", "data-testid": `roster-${r.index}` },
        h("span", { class: "person-name" }, r.who), " ", h("span", { class: ["tag", "tag-role"] }, dutyLabel(r.d).toLowerCase()),
        h("button", {
          type: "button", class: "small danger", "data-testid": `roster-remove-${r.index}`,
          "aria-label": t("prepare.role_remove_label", { name: r.who, duty: dutyLabel(r.d) }),
          onclick: () => act("PlanRole", { name: r.who, duty: r.d, on: false }),
        }, t("prepare.role_remove"))),
    });
  }

  return { el, update };
}
