// A follow-up's accountability round: the actions carried from the meeting it follows,
// each with its status and what was done with it. The case owner or facilitator sets
// status and note right here (one form per action); everyone else reads along.
//
// data-testid: accountability, carried-<id>, carried-status-<id>, carried-note-<id>,
// carried-save-<id>.

import { t } from "../lib/i18n.js";
import { h, syncList } from "../lib/dom.js";
import { STATUSES, carriedActions, mayEdit } from "../lib/outcomes.js";
import { currentRound } from "../lib/selectors.js";
import { statusLabel } from "./outcomes.js";

export function createAccountability({ act }) {
  const list = h("ul", { class: "carried" });
  const el = h("section", { class: "panel accountability", "data-testid": "accountability", "aria-labelledby": "accountability-heading" },
    h("h2", { id: "accountability-heading" }, t("accountability.heading")),
    h("p", { class: "hint" }, t("accountability.hint")), list);

  function row(o, editable) {
    const ids = { status: `carried-status-${o.id}`, note: `carried-note-${o.id}` };
    const head = h("p", { class: "carried-text" }, h("strong", {}, o.text),
      o.owner ? ` · ${t("accountability.owner", { owner: o.owner })}` : "", o.due ? ` · ${t("accountability.due", { due: o.due })}` : "");
    if (!editable) {
      return h("li", { class: "carried-action", "data-testid": `carried-${o.id}` }, head,
        h("p", {}, h("span", { class: ["status", `status-${o.status}`], "data-testid": ids.status }, statusLabel(o.status)),
          o.note ? ` ${o.note}` : ""));
    }
    const status = h("select", { id: ids.status, "data-testid": ids.status },
      STATUSES.map((s) => h("option", { value: s, selected: s === o.status }, statusLabel(s))));
    const note = h("input", { id: ids.note, "data-testid": ids.note, type: "text", maxlength: "2000", value: o.note });
    return h("li", { class: "carried-action", "data-testid": `carried-${o.id}` }, head,
      h("form", {
        class: "carried-form",
        onsubmit: async (event) => {
          event.preventDefault();
          await act("EditOutcome", { outcome: o.id, status: status.value, note: note.value.trim() });
        },
      },
      h("div", { class: "field" }, h("label", { for: ids.status }, t("outcomes.status")), status),
      h("div", { class: "field" }, h("label", { for: ids.note }, t("accountability.note")), note),
      h("button", {
        type: "submit", class: "secondary small", "data-testid": `carried-save-${o.id}`,
        "aria-label": t("accountability.save_label", { text: o.text.slice(0, 60) }),
      }, t("outcomes.save"))));
  }

  function update({ room, me, steering }) {
    if (!room) return;
    const actions = carriedActions(room);
    el.hidden = currentRound(room)?.kind !== "accountability" || actions.length === 0;
    if (el.hidden) return;
    const editable = mayEdit(room, me, steering);
    syncList(list, actions, {
      key: (o) => o.id,
      signature: (o) => JSON.stringify([o, editable]),
      render: (o) => row(o, editable),
    });
  }

  return { el, update };
}
