// The facilitator's agenda: every round in order, the current one marked, planned
// minutes against the actual time from history, skipped rounds struck through; and the
// controls to run and edit it: next, previous, extend the running round, jump, skip or
// unskip, set minutes, move, remove, and add a round of a type at a position.
//
// data-testid: agenda, agenda-round-<id>, round-next, round-prev, round-extend-1,
// round-extend-5, round-jump-<id>, round-skip-<id>, round-minutes-<id>, round-up-<id>,
// round-down-<id>, round-remove-<id>, round-add-kind, round-add-position,
// round-add-submit.

import { t } from "../lib/i18n.js";
import { h, setText, syncList } from "../lib/dom.js";
import { roundName } from "../lib/rounds.js";
import { actualSeconds, visited } from "../lib/selectors.js";

const MAX_MINUTES = 240;

function minutesText(seconds) {
  return seconds < 60 ? t("agenda.seconds", { n: Math.round(seconds) }) : t("agenda.minutes", { n: Math.round(seconds / 60) });
}

/** The next round that is not skipped, from `index` in `direction`. */
function step(agenda, index, direction) {
  for (let i = index + direction; i >= 0 && i < agenda.length; i += direction) if (!agenda[i].skipped) return agenda[i];
  return null;
}

export function createAgenda({ act, notices }) {
  const prev = h("button", { type: "button", class: "secondary", "data-testid": "round-prev", onclick: () => act("PreviousRound") }, t("agenda.back"));
  const next = h("button", { type: "button", class: "primary", "data-testid": "round-next", onclick: () => act("NextRound") }, t("agenda.next"));
  const extend1 = h("button", { type: "button", class: "small secondary", "data-testid": "round-extend-1", onclick: () => act("ExtendRound", { minutes: 1 }) }, t("agenda.extend_1"));
  const extend5 = h("button", { type: "button", class: "small secondary", "data-testid": "round-extend-5", onclick: () => act("ExtendRound", { minutes: 5 }) }, t("agenda.extend_5"));
  const list = h("ol", { class: "agenda", "data-testid": "agenda", "aria-label": t("agenda.heading") });
  const addKind = h("select", { id: "round-add-kind", "data-testid": "round-add-kind", "aria-label": t("agenda.kind_label") });
  const addPosition = h("select", { id: "round-add-position", "data-testid": "round-add-position", "aria-label": t("agenda.where_label") });
  const addSubmit = h("button", { type: "submit", class: "small secondary", "data-testid": "round-add-submit" }, t("agenda.add"));
  const addForm = h("form", {
    class: "agenda-add",
    onsubmit: (event) => {
      event.preventDefault();
      if (!addKind.value) return;
      const args = { kind: addKind.value };
      if (addPosition.value !== "") args.position = Number(addPosition.value);
      act("AddRound", args);
    },
  }, addKind, addPosition, addSubmit);
  const el = h("section", { class: "panel agenda-panel", "aria-labelledby": "agenda-heading" },
    h("div", { class: "panel-head" }, h("h2", { id: "agenda-heading" }, t("agenda.heading")),
      h("div", { class: "button-row tight", role: "group", "aria-label": t("agenda.extend_label") }, extend1, extend5)),
    h("div", { class: "button-row" }, prev, next),
    list, addForm);
  let typesShown = 0;
  let positionsShown = "";

  function setMinutes(round, input) {
    const value = Number(input.value);
    if (!Number.isFinite(value) || value <= 0 || value > MAX_MINUTES) {
      notices?.error(t("agenda.minutes_range", { max: MAX_MINUTES }));
      input.value = String(round.minutes);
      return;
    }
    if (value !== round.minutes) act("SetTimeBox", { round: round.id, minutes: value });
  }

  function row({ round, index, count, current, name, actual, seen }) {
    const minutes = h("input", {
      type: "number", min: "1", max: String(MAX_MINUTES), step: "1", value: String(round.minutes), class: "minutes-input",
      "data-testid": `round-minutes-${round.id}`, "aria-label": t("agenda.minutes_label", { name }),
    });
    minutes.addEventListener("change", () => setMinutes(round, minutes));
    const small = (testid, label, onclick, aria, disabled = false, cls = "secondary") => h("button", {
      type: "button", class: ["small", cls], "data-testid": testid, "aria-label": aria, onclick, disabled,
    }, label);
    return h("li", {
      class: ["agenda-round", current && "is-current", round.skipped && "is-skipped", seen && !current && "is-visited"],
      "data-testid": `agenda-round-${round.id}`, "data-round": round.id, "aria-current": current ? "step" : null,
    },
    h("div", { class: "agenda-line" },
      h("span", { class: "agenda-number", "aria-hidden": "true" }, String(index + 1)),
      h("span", { class: "agenda-name" }, name, round.skipped ? h("span", { class: "visually-hidden" }, t("agenda.skipped")) : null),
      current ? h("span", { class: "tag tag-now" }, t("tag.now")) : null,
      h("span", { class: "agenda-time" }, seen ? t("agenda.actual_of", { actual: minutesText(actual) }) : "", minutes, t("agenda.min"))),
    h("div", { class: "agenda-actions" },
      small(`round-jump-${round.id}`, current ? t("agenda.running") : t("agenda.go"), () => act("JumpToRound", { round: round.id }), t(current ? "agenda.running_label" : "agenda.go_label", { name }), current),
      small(`round-skip-${round.id}`, round.skipped ? t("agenda.unskip") : t("agenda.skip"), () => act("SkipRound", { round: round.id, skip: !round.skipped }),
        t(round.skipped ? "agenda.unskip_label" : "agenda.skip_label", { name }), current),
      small(`round-up-${round.id}`, "↑", () => act("MoveRound", { round: round.id, position: index - 1 }), t("agenda.up_label", { name }), index === 0),
      small(`round-down-${round.id}`, "↓", () => act("MoveRound", { round: round.id, position: index + 1 }), t("agenda.down_label", { name }), index === count - 1),
      small(`round-remove-${round.id}`, t("agenda.remove"), () => act("RemoveRound", { round: round.id }), t("agenda.remove_label", { name }), current, "danger")));
  }

  function update({ room, catalog, serverNow }) {
    if (!room) return;
    if (typesShown !== catalog.types.size) {
      typesShown = catalog.types.size;
      addKind.replaceChildren(...[...catalog.types.values()].map((type) => h("option", { value: type.key }, type.name)));
    }
    const positions = room.agenda.map((r, i) => t("agenda.before", { number: i + 1, name: roundName(catalog, r.kind) }));
    if (JSON.stringify(positions) !== positionsShown) {
      positionsShown = JSON.stringify(positions);
      const chosen = addPosition.value;
      addPosition.replaceChildren(h("option", { value: "" }, t("agenda.at_end")),
        ...positions.map((label, i) => h("option", { value: String(i) }, label)));
      addPosition.value = [...addPosition.options].some((o) => o.value === chosen) ? chosen : "";
    }
    const index = room.agenda.findIndex((r) => r.id === room.current);
    const before = room.current ? step(room.agenda, index, -1) : null;
    const after = step(room.agenda, room.current ? index : -1, +1);
    prev.disabled = !before;
    next.disabled = !after;
    setText(prev, before ? t("agenda.prev_to", { name: roundName(catalog, before.kind) }) : t("agenda.back"));
    setText(next, after ? t(room.current ? "agenda.next_to" : "agenda.begin", { name: roundName(catalog, after.kind) }) : t("agenda.last"));
    extend1.disabled = extend5.disabled = !room.current;
    const rows = room.agenda.map((round, i) => ({
      round, index: i, count: room.agenda.length, current: round.id === room.current, name: roundName(catalog, round.kind),
      actual: actualSeconds(room, round.id, serverNow), seen: visited(room, round.id),
    }));
    syncList(list, rows, {
      key: (r) => r.round.id,
      // the actual time in minutes, so a running round re-renders once a minute, not every tick
      signature: (r) => JSON.stringify([r.round, r.index, r.count, r.current, r.name, r.seen, minutesText(r.actual)]),
      render: row,
    });
  }

  return { el, update, tick: update };
}
