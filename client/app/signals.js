// What the facilitator needs to know at a glance, and what participants signal.
//
// createAirtime: the airtime ledger, live: seconds holding the floor (the running
// turn counted as it goes) and turns, per person who has spoken.
// createReady: "N of M done" and a hint when everyone is; for participants, the
// "I'm done" toggle.
// createReveal: hidden items per author, "Reveal all" and "Reveal <person>".
//
// data-testid: airtime, airtime-<personid> (its cells: airtime-seconds, airtime-turns),
// done-count, everyone-done, mark-done, hidden-count, reveal-all, reveal-<personid>.

import { formatDuration } from "../lib/clock.js";
import { t } from "../lib/i18n.js";
import { h, setText, syncList } from "../lib/dom.js";
import { nameOf } from "../lib/rounds.js";
import { doneState, hiddenCounts } from "../lib/selectors.js";

export function createAirtime() {
  const body = h("tbody");
  const empty = h("p", { class: "muted" }, t("airtime.empty"));
  const table = h("table", { class: "airtime", "data-testid": "airtime" },
    h("caption", { class: "visually-hidden" }, t("airtime.caption")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("airtime.person")), h("th", { scope: "col" }, t("airtime.time")), h("th", { scope: "col" }, t("airtime.turns")))),
    body);
  const el = h("section", { class: "panel panel-airtime", "aria-labelledby": "airtime-heading" },
    h("h2", { id: "airtime-heading" }, t("airtime.heading")), empty, table);
  let room = null;

  function seconds(person, serverNow) {
    const entry = room.airtime[person];
    if (entry.seconds == null) return null;
    const running = room.floor?.person === person ? Math.max(0, serverNow - room.floor.since) : 0;
    return entry.seconds + running;
  }

  function update(ctx) {
    room = ctx.room;
    if (!room) return;
    const order = room.people.map((p) => p.id).filter((id) => Object.hasOwn(room.airtime, id));
    empty.hidden = order.length > 0;
    table.hidden = order.length === 0;
    syncList(body, order.map((person) => ({ person, name: nameOf(room, person), turns: room.airtime[person].turns })), {
      key: (r) => r.person,
      signature: (r) => JSON.stringify([r.name, r.turns]),
      render: (r) => h("tr", { "data-testid": `airtime-${r.person}`, "data-person": r.person },
        h("th", { scope: "row" }, r.name),
        h("td", { class: "num", "data-testid": "airtime-seconds" }),
        h("td", { class: "num", "data-testid": "airtime-turns" }, String(r.turns))),
    });
    tick(ctx);
  }

  function tick({ serverNow }) {
    if (!room) return;
    for (const row of body.children) {
      const value = seconds(row.dataset.person, serverNow);
      const cell = row.children[1];
      setText(cell, value == null ? "—" : formatDuration(value));
      cell.dataset.seconds = value == null ? "" : String(Math.floor(value));
    }
  }

  return { el, update, tick };
}

export function createReady({ act, moderate = false }) {
  const count = h("p", { class: "done-count", "data-testid": "done-count" });
  const all = h("p", { class: "signal signal-good", "data-testid": "everyone-done", role: "status", hidden: true },
    t("ready.everyone"));
  const toggle = h("button", { type: "button", class: "secondary", "data-testid": "mark-done", "aria-pressed": "false" }, t("ready.mark"));
  let mine = false;
  toggle.addEventListener("click", () => act("MarkDone", { done: !mine }));
  const el = h("section", { class: "panel ready", "aria-label": t("ready.label") },
    moderate ? null : toggle, count, all);

  function update({ room, me }) {
    if (!room) return;
    const state = doneState(room);
    setText(count, t("ready.count", { count: state.count, total: state.total }));
    all.hidden = !(moderate && state.all);
    el.hidden = !room.current;
    mine = room.done.includes(me);
    toggle.setAttribute("aria-pressed", String(mine));
    toggle.classList.toggle("is-on", mine);
    setText(toggle, mine ? t("ready.undo") : t("ready.mark"));
  }

  return { el, update };
}

export function createReveal({ act }) {
  const count = h("p", { class: "hidden-count", "data-testid": "hidden-count" });
  const all = h("button", { type: "button", class: "primary", "data-testid": "reveal-all", onclick: () => act("RevealItems") }, t("reveal.all"));
  const each = h("div", { class: "button-row", role: "group", "aria-label": t("reveal.each_label") });
  const el = h("section", { class: "panel reveal", "aria-labelledby": "reveal-heading" },
    h("h2", { id: "reveal-heading" }, t("reveal.heading")), count, h("div", { class: "button-row" }, all), each);

  function update({ room }) {
    if (!room) return;
    const counts = hiddenCounts(room);
    const total = counts.reduce((n, c) => n + c.count, 0);
    el.hidden = total === 0;
    setText(count, total === 0 ? "" : (total === 1 ? t("reveal.count_one") : t("reveal.count_many", { n: total }))
      + counts.map((c) => `${nameOf(room, c.person)} ${c.count}`).join(", "));
    syncList(each, counts.map((c) => ({ ...c, name: nameOf(room, c.person) })), {
      key: (c) => c.person,
      signature: (c) => JSON.stringify([c.name, c.count]),
      render: (c) => h("button", {
        type: "button", class: "small secondary", "data-testid": `reveal-${c.person}`,
        onclick: () => act("RevealItems", { person: c.person }),
      }, t("reveal.person", { name: c.name, n: c.count })),
    });
  }

  return { el, update };
}
