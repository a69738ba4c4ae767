// The brief, read only: the lobby of the participant page and the room screen before
// the start. The problem in the learning team's words, the objectives, the briefing
// material (plain text; http(s) URLs become links, built as <a> elements, nothing else
// is markup), when it starts ("Starts at 14:00 (in 25 min)", kept current by the tick)
// and, unless `roster` is false (the room screen), who is planned in which role.
//
// data-testid: lobby, brief-problem, brief-objectives, brief-context, brief-starts,
// brief-roster.

import { t } from "../lib/i18n.js";
import { h, fill, setText } from "../lib/dom.js";
import { hasBrief, linkParts, plannedPeople, startsWords } from "../lib/brief.js";
import { dutyLabel } from "../lib/words.js";

/** Text with its http(s) URLs as links that open elsewhere and send no referrer. */
export function linkedText(text) {
  return linkParts(text).map((part) => (part.url
    ? h("a", { href: part.url, rel: "noopener noreferrer", target: "_blank" }, part.url)
    : part.text));
}

function section(testid, label, body) {
  return h("div", { class: "brief-part", "data-testid": testid }, h("h3", {}, label), body);
}

export function createBrief({ roster = true, always = false } = {}) {
  const starts = h("p", { class: "brief-starts", "data-testid": "brief-starts" });
  const body = h("div", { class: "brief-body" });
  const el = h("section", { class: "panel brief", "data-testid": "lobby", "aria-labelledby": "brief-heading" },
    h("h2", { id: "brief-heading" }, t("brief.heading")), starts, body);
  let shown = null;

  function update({ room, serverNow }) {
    if (!room) return;
    el.hidden = !always && (room.current != null || room.closed_at != null);
    if (el.hidden) return;
    tick({ room, serverNow });
    const planned = roster ? plannedPeople(room.roster) : [];
    const key = JSON.stringify([room.brief, planned]);
    if (key === shown) return;
    shown = key;
    const { problem, objectives, context } = room.brief;
    fill(body,
      hasBrief(room.brief) || planned.length ? null : h("p", { class: "muted" }, t("brief.empty")),
      problem ? section("brief-problem", t("brief.problem"), h("p", { class: "brief-text" }, problem)) : null,
      objectives ? section("brief-objectives", t("brief.objectives"), h("p", { class: "brief-text" }, objectives)) : null,
      context ? section("brief-context", t("brief.context"), h("p", { class: "brief-text" }, linkedText(context))) : null,
      planned.length ? section("brief-roster", t("brief.roster"), h("ul", { class: "brief-roster" },
        planned.map((p) => h("li", {}, h("span", { class: "person-name" }, p.name), " ",
          p.duties.map((d) => h("span", { class: ["tag", "tag-role"] }, dutyLabel(d).toLowerCase())))))) : null);
  }

  function tick({ room, serverNow }) {
    if (!room || el.hidden) return;
    const words = startsWords(room.brief.starts_at, serverNow);
    starts.hidden = !words;
    if (words) setText(starts, words);
  }

  return { el, update, tick };
}
