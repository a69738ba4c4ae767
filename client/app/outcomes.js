// Lessons learned and actions: everyone sees them as they grow; the facilitator, a case
// owner and the scribe add (directly or from a flipchart item, see board.js), edit and
// remove them; a case owner (a facilitator when nobody owns the case) confirms them at
// the close, and the panel says whether the list is confirmed or changed since.
//
// data-testid: outcomes, outcomes-state, lessons, lesson-<id>, actions, action-<id>,
// outcome-text-<id>, outcome-owner-<id>, outcome-due-<id>, outcome-status-<id>,
// outcome-edit-<id>, outcome-remove-<id>, outcome-edit-text, outcome-edit-owner,
// outcome-edit-due, outcome-edit-status, outcome-edit-note, outcome-save, outcome-cancel,
// outcome-add-kind, outcome-add-text, outcome-add-owner, outcome-add-due,
// outcome-add-submit, confirm-outcomes.

import { t } from "../lib/i18n.js";
import { h, setText, syncList } from "../lib/dom.js";
import { STATUSES, caseOwners, confirmation, mayConfirm, mayEdit, split } from "../lib/outcomes.js";
import { clockTime } from "../lib/brief.js";
import { nameOf } from "../lib/rounds.js";

const MAX_TEXT = 2000;

const STATUS_WORDS = { open: "action_status.open", doing: "action_status.doing", done: "action_status.done", dropped: "action_status.dropped" };
export const statusLabel = (status) => (Object.hasOwn(STATUS_WORDS, status) ? t(STATUS_WORDS[status]) : status);

function statusSelect(attrs, selected) {
  return h("select", attrs, STATUSES.map((s) => h("option", { value: s, selected: s === selected }, statusLabel(s))));
}

function field(id, label, control) {
  return h("div", { class: "field" }, h("label", { for: id }, label), control);
}

/** The add form: kind, text, and for an action its owner and due date. */
function addForm(act) {
  const kind = h("select", { id: "outcome-add-kind", "data-testid": "outcome-add-kind" },
    h("option", { value: "lesson" }, t("outcomes.lesson")), h("option", { value: "action" }, t("outcomes.action")));
  const text = h("textarea", { id: "outcome-add-text", "data-testid": "outcome-add-text", rows: "2", maxlength: String(MAX_TEXT), required: true });
  const owner = h("input", { id: "outcome-add-owner", "data-testid": "outcome-add-owner", type: "text", maxlength: "120", autocomplete: "off" });
  const due = h("input", { id: "outcome-add-due", "data-testid": "outcome-add-due", type: "date" });
  const actionFields = h("div", { class: "outcome-action-fields", hidden: true },
    field("outcome-add-owner", t("outcomes.owner"), owner), field("outcome-add-due", t("outcomes.due"), due));
  kind.addEventListener("change", () => { actionFields.hidden = kind.value !== "action"; });
  return h("form", {
    class: "outcome-add",
    onsubmit: async (event) => {
      event.preventDefault();
      const value = text.value.trim();
      if (!value) return text.focus();
      const args = { kind: kind.value, text: value };
      if (kind.value === "action") {
        if (owner.value.trim()) args.owner = owner.value.trim();
        if (due.value) args.due = due.value;
      }
      // Clear at once, as the flipchart does: someone typing the next one while this is in
      // flight must not lose it. A refusal puts the text back into fields still empty.
      text.value = owner.value = due.value = "";
      text.focus();
      if (!(await act("AddOutcome", args)) && !text.value) {
        text.value = value;
        if (!owner.value) owner.value = args.owner ?? "";
        if (!due.value) due.value = args.due ?? "";
      }
      return undefined;
    },
  },
  h("h3", {}, t("outcomes.add_heading")),
  field("outcome-add-kind", t("outcomes.kind"), kind),
  field("outcome-add-text", t("outcomes.text"), text),
  actionFields,
  h("button", { type: "submit", class: "primary", "data-testid": "outcome-add-submit" }, t("outcomes.add")));
}

/** Edit one outcome in place: text, and for an action owner, due, status and note. */
function editor(outcome, act, stop) {
  const action = outcome.kind === "action";
  const id = (name) => `outcome-edit-${name}-${outcome.id}`;
  const text = h("textarea", { id: id("text"), "data-testid": "outcome-edit-text", rows: "2", maxlength: String(MAX_TEXT) });
  text.value = outcome.text;
  const owner = h("input", { id: id("owner"), "data-testid": "outcome-edit-owner", type: "text", maxlength: "120", value: outcome.owner });
  const due = h("input", { id: id("due"), "data-testid": "outcome-edit-due", type: "date", value: outcome.due });
  const status = statusSelect({ id: id("status"), "data-testid": "outcome-edit-status" }, outcome.status);
  const note = h("input", { id: id("note"), "data-testid": "outcome-edit-note", type: "text", maxlength: "2000", value: outcome.note });
  queueMicrotask(() => text.focus());
  return h("form", {
    class: "outcome-editor",
    onkeydown: (event) => { if (event.key === "Escape") stop(); },
    onsubmit: async (event) => {
      event.preventDefault();
      const args = { outcome: outcome.id, text: text.value.trim() || outcome.text, note: note.value.trim() };
      if (action) Object.assign(args, { owner: owner.value.trim(), due: due.value, status: status.value });
      if (await act("EditOutcome", args)) stop();
    },
  },
  field(id("text"), t("outcomes.text"), text),
  action ? [field(id("owner"), t("outcomes.owner"), owner), field(id("due"), t("outcomes.due"), due),
    field(id("status"), t("outcomes.status"), status)] : null,
  field(id("note"), t("outcomes.note"), note),
  h("div", { class: "button-row" },
    h("button", { type: "submit", class: "primary small", "data-testid": "outcome-save" }, t("outcomes.save")),
    h("button", { type: "button", class: "secondary small", "data-testid": "outcome-cancel", onclick: stop }, t("outcomes.cancel"))));
}

export function createOutcomes({ act }) {
  const state = h("p", { class: "outcomes-state", "data-testid": "outcomes-state" });
  const lessons = h("ul", { class: "lessons", "data-testid": "lessons", "aria-label": t("outcomes.lessons") });
  const noLessons = h("p", { class: "muted" }, t("outcomes.no_lessons"));
  const actionRows = h("tbody");
  const table = h("table", { class: "actions-table", "data-testid": "actions" },
    h("caption", { class: "visually-hidden" }, t("outcomes.actions")),
    h("thead", {}, h("tr", {}, [t("outcomes.what"), t("outcomes.owner"), t("outcomes.due"), t("outcomes.status")]
      .map((label) => h("th", { scope: "col" }, label)), h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, t("outcomes.change"))))),
    actionRows);
  const noActions = h("p", { class: "muted" }, t("outcomes.no_actions"));
  const confirm = h("button", {
    type: "button", class: "primary", "data-testid": "confirm-outcomes", hidden: true,
    onclick: () => act("ConfirmOutcomes"),
  }, t("outcomes.confirm"));
  const adder = addForm(act);
  const el = h("section", { class: "panel outcomes", "data-testid": "outcomes", "aria-labelledby": "outcomes-heading" },
    h("h2", { id: "outcomes-heading" }, t("outcomes.heading")), state,
    h("h3", {}, t("outcomes.lessons")), noLessons, lessons,
    h("h3", {}, t("outcomes.actions")), noActions, h("div", { class: "table-scroll" }, table),
    confirm, adder);
  let editing = null;
  let last = null;

  const stop = (id) => () => {
    editing = null;
    rerender();
    el.querySelector(`[data-testid="outcome-edit-${id}"]`)?.focus();
  };

  function controls(o, editable) {
    if (!editable) return null;
    return h("div", { class: "item-actions" },
      h("button", {
        type: "button", class: "small secondary", "data-testid": `outcome-edit-${o.id}`,
        "aria-label": t("outcomes.edit_label", { text: o.text.slice(0, 60) }),
        onclick: () => { editing = o.id; rerender(); },
      }, t("outcomes.edit")),
      h("button", {
        type: "button", class: "small danger", "data-testid": `outcome-remove-${o.id}`,
        "aria-label": t("outcomes.remove_label", { text: o.text.slice(0, 60) }),
        onclick: () => act("RemoveOutcome", { outcome: o.id }),
      }, t("outcomes.remove")));
  }

  const carriedTag = (o) => (o.carried ? h("span", { class: "tag" }, t("outcomes.carried")) : null);
  const noteLine = (o) => (o.note ? h("p", { class: "outcome-note" }, t("outcomes.note_line", { note: o.note })) : null);

  function update(ctx) {
    last = ctx;
    const { room, me, steering } = ctx;
    if (!room) return;
    if (editing && !room.outcomes.some((o) => o.id === editing)) editing = null;
    const editable = mayEdit(room, me, steering);
    // nothing to read yet, and nothing this person may write: no empty panel in the way
    el.hidden = !editable && room.outcomes.length === 0;
    const verdict = confirmation(room);
    state.dataset.state = verdict;
    setText(state, verdict === "confirmed"
      ? t("outcomes.confirmed", { name: nameOf(room, room.confirmed.by), time: clockTime(room.confirmed.at) })
      : verdict === "changed" ? t("outcomes.changed", { name: nameOf(room, room.confirmed.by) })
        : caseOwners(room).length ? t("outcomes.unconfirmed_owner", { names: caseOwners(room).join(", ") }) : t("outcomes.unconfirmed"));
    const { lessons: ls, actions: as } = split(room.outcomes);
    noLessons.hidden = ls.length > 0;
    noActions.hidden = as.length > 0;
    table.hidden = as.length === 0;
    const sig = (o) => JSON.stringify([o, editable, editing === o.id]);
    syncList(lessons, ls, {
      key: (o) => o.id, signature: sig,
      render: (o) => h("li", { class: "outcome lesson", "data-testid": `lesson-${o.id}` },
        editing === o.id ? editor(o, act, stop(o.id)) : [
          h("p", { class: "outcome-text", "data-testid": `outcome-text-${o.id}` }, o.text), carriedTag(o), noteLine(o),
          controls(o, editable)]),
    });
    syncList(actionRows, as, {
      key: (o) => o.id, signature: sig,
      render: (o) => h("tr", { class: ["outcome", "action", `status-${o.status}`], "data-testid": `action-${o.id}` },
        editing === o.id
          ? h("td", { colspan: "5" }, editor(o, act, stop(o.id)))
          : [
            h("td", {}, h("span", { class: "outcome-text", "data-testid": `outcome-text-${o.id}` }, o.text), " ", carriedTag(o), noteLine(o)),
            h("td", { "data-testid": `outcome-owner-${o.id}` }, o.owner || "—"),
            h("td", { "data-testid": `outcome-due-${o.id}`, class: "nowrap" }, o.due || "—"),
            h("td", { "data-testid": `outcome-status-${o.id}` }, h("span", { class: ["status", `status-${o.status}`] }, statusLabel(o.status))),
            h("td", {}, controls(o, editable)),
          ]),
    });
    adder.hidden = !editable;
    confirm.hidden = !mayConfirm(room, me, steering) || verdict === "confirmed";
    setText(confirm, verdict === "changed" ? t("outcomes.confirm_again") : t("outcomes.confirm"));
  }

  function rerender() {
    if (last) update(last);
  }

  return { el, update };
}
