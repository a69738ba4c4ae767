// Round-robin turns: the order (as seated or shuffled), the current turn highlighted
// with its own countdown (floor.ends_at), who passed, and a clear "everyone has had a
// turn". The facilitator starts turns and skips one; the one whose turn it is passes
// or says they are done. Shown only in round-robin rounds.
//
// data-testid: turns, turns-start, turns-shuffle, turns-order, turn-<personid> (one
// per entry), turn-current (the entry whose turn it is), turn-countdown, turn-skip,
// your-turn, turn-pass, turn-done, turns-complete, turns-waiting.

import { formatDuration } from "../lib/clock.js";
import { t } from "../lib/i18n.js";
import { h, setText, syncList } from "../lib/dom.js";
import { currentType, nameOf } from "../lib/rounds.js";
import { turnsView } from "../lib/selectors.js";

export function createTurns({ act, moderate = false, readOnly = false }) {
  const start = h("button", { type: "button", class: "primary", "data-testid": "turns-start", onclick: () => act("StartTurns", { shuffle: false }) }, t("turns.start"));
  const shuffle = h("button", { type: "button", class: "secondary", "data-testid": "turns-shuffle", onclick: () => act("StartTurns", { shuffle: true }) }, t("turns.shuffle"));
  const skip = h("button", { type: "button", class: "secondary small", "data-testid": "turn-skip", onclick: () => act("SkipTurn") }, t("turns.skip"));
  const pass = h("button", { type: "button", class: "secondary", "data-testid": "turn-pass", onclick: () => act("PassTurn") }, t("turns.pass"));
  const done = h("button", { type: "button", class: "primary", "data-testid": "turn-done", onclick: () => act("EndFloor") }, t("turns.done"));
  const yours = h("div", { class: "your-turn", "data-testid": "your-turn", hidden: true, role: "status" },
    h("p", { class: "your-turn-title" }, t("turns.yours")), h("div", { class: "button-row" }, done, pass));
  const order = h("ol", { class: "turns-order", "data-testid": "turns-order", "aria-label": t("turns.order") });
  const complete = h("p", { class: "signal signal-good", "data-testid": "turns-complete", role: "status", hidden: true },
    t("turns.complete"));
  const waiting = h("p", { class: "muted", "data-testid": "turns-waiting" });
  const el = h("section", { class: "panel turns", "data-testid": "turns", "aria-labelledby": "turns-heading" },
    h("h2", { id: "turns-heading" }, t("turns.heading")),
    moderate ? h("div", { class: "button-row" }, start, shuffle, skip) : null,
    yours, waiting, order, complete);
  let floor = null;
  let countdown = null;

  function update(ctx) {
    const { room, me, catalog } = ctx;
    if (!room) return;
    const type = currentType(catalog, room);
    el.hidden = type?.speaking !== "round_robin";
    const turns = turnsView(room);
    floor = room.floor;
    start.disabled = shuffle.disabled = Boolean(turns && !turns.complete);
    setText(start, turns ? t("turns.again") : t("turns.start"));
    skip.disabled = !turns || turns.complete;
    const mine = Boolean(turns && !turns.complete && turns.current === me && floor?.person === me && !readOnly);
    yours.hidden = !mine;
    complete.hidden = !turns?.complete;
    waiting.hidden = Boolean(turns);
    setText(waiting, moderate ? t("turns.wait_facilitator") : t("turns.wait_participant"));
    const entries = (turns?.order ?? []).map((person, index) => ({
      person, index,
      state: index < turns.index ? (turns.passed.includes(person) ? "passed" : "done") : index === turns.index ? "current" : "waiting",
      name: nameOf(room, person),
    }));
    syncList(order, entries, {
      key: (e) => `${e.index}:${e.person}`,
      signature: (e) => JSON.stringify([e.state, e.name, e.person === me]),
      render: (e) => h("li", {
        class: ["turn", `is-${e.state}`, e.person === me && "is-you"],
        "data-testid": e.state === "current" ? "turn-current" : `turn-${e.person}`,
        "data-person": e.person,
        "aria-current": e.state === "current" ? "true" : null,
      },
      h("span", { class: "queue-number", "aria-hidden": "true" }, String(e.index + 1)),
      h("span", { class: "person-name" }, e.name),
      e.person === me ? h("span", { class: "tag" }, t("tag.you")) : null,
      e.state === "passed" ? h("span", { class: "tag" }, t("tag.passed")) : null,
      e.state === "done" ? h("span", { class: "tag" }, t("tag.done")) : null,
      e.state === "current" ? h("span", { class: "turn-countdown", "data-testid": "turn-countdown" }) : null),
    });
    countdown = order.querySelector("[data-testid=turn-countdown]");
    tick(ctx);
  }

  function tick({ serverNow }) {
    if (!countdown) return;
    if (floor?.ends_at == null) {
      setText(countdown, floor ? t("turns.speaking") : "");
      return;
    }
    const left = floor.ends_at - serverNow;
    setText(countdown, left > 0 && !floor.warned ? formatDuration(left) : t("turns.time_up"));
    countdown.classList.toggle("is-up", left <= 0 || floor.warned);
  }

  return { el, update, tick };
}
