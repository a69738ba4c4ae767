// The running round: its rule (in plain words for participants, in one compact line for
// the facilitator), its time box counting down from round_ends_at on the server's
// clock, and "time box over" said in words once it is. The case owner is told so, and
// told when the round has them listen only.
//
// data-testid: round-rule, time-box, time-box-over, case-owner, owner-listening.

import { formatDuration } from "../lib/clock.js";
import { t } from "../lib/i18n.js";
import { h, setText } from "../lib/dom.js";
import { currentType, ruleLine, ruleWords } from "../lib/rounds.js";
import { currentRound, hasDuty } from "../lib/selectors.js";

export function createRoundStatus({ moderate = false, large = false } = {}) {
  const rule = h("p", { class: "round-rule", "data-testid": "round-rule" });
  const clock = h("span", { class: "time-box-clock" });
  const box = h("p", { class: "time-box", "data-testid": "time-box", role: "timer", "aria-label": t("round.time_left") },
    h("span", { class: "time-box-label" }, t("round.time_box"), " "), clock);
  const over = h("p", { class: "time-box-over", "data-testid": "time-box-over", role: "status", hidden: true },
    t("round.over"));
  const owner = h("p", { class: "owner-note", "data-testid": "case-owner", hidden: true }, t("round.you_own"));
  const listening = h("p", { class: "owner-note owner-listening", "data-testid": "owner-listening", hidden: true },
    t("round.listen_only"));
  const el = h("section", { class: ["panel", "round-status", large && "is-large"], "aria-label": t("round.this_round") },
    rule, h("div", { class: "time-box-row" }, box, over), owner, listening);
  let endsAt = null;
  let overSaid = false;

  function update(ctx) {
    const { room, me, catalog } = ctx;
    if (!room) return;
    const round = currentRound(room);
    const type = currentType(catalog, room);
    const isOwner = Boolean(me && hasDuty(room, me, "case_owner"));
    setText(rule, moderate ? ruleLine(type, round?.minutes) : ruleWords(type, { owner: isOwner }));
    endsAt = round ? room.round_ends_at : null;
    overSaid = room.time_box_over;
    box.hidden = endsAt == null;
    owner.hidden = !isOwner || moderate;
    listening.hidden = !isOwner || moderate || type?.owner !== "listening";
    tick(ctx);
  }

  function tick({ serverNow }) {
    if (endsAt == null) {
      over.hidden = true;
      return;
    }
    const left = endsAt - serverNow;
    setText(clock, formatDuration(Math.max(0, left)));
    const up = overSaid || left <= 0;
    over.hidden = !up;
    el.classList.toggle("is-over", up);
  }

  return { el, update, tick };
}
