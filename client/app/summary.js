// The summary page (/summary#<token> or /summary#<room>): what the meeting was about
// and what came of it, for everyone who took part (after the close) and, through the
// read-only summary link, for people who did not attend. Made to be read on screen and
// printed to PDF (style.css "@media print": no buttons, readable tables, page breaks).
//
// Everything from the server is text (textContent via h()); only http(s) URLs in the
// briefing material become links.
//
// data-testid: summary, summary-error, summary-title, summary-problem,
// summary-objectives, summary-context, summary-people, summary-agenda, summary-board,
// summary-lessons, summary-actions, summary-confirmation, summary-airtime,
// summary-unrevealed, summary-print, export-md, export-json, export-csv.

import { fetchExport, fetchSummary } from "../lib/api.js";
import { clockTime, longDate } from "../lib/brief.js";
import { language, t } from "../lib/i18n.js";
import { h } from "../lib/dom.js";
import { fragment } from "../lib/identity.js";
import { loadCatalog } from "./meeting.js";
import { roundName } from "../lib/rounds.js";
import { agendaRows, agendaTotals, airtimeRows, duration, isSummary, personName, summaryAccess } from "../lib/summary.js";
import { dutyLabel, kindLabel } from "../lib/words.js";
import { linkedText } from "./brief.js";
import { exportButtons } from "./closing.js";
import { setUpPage } from "./lang.js";
import { createNotices } from "./notices.js";
import { statusLabel } from "./outcomes.js";

const root = document.getElementById("app");
setUpPage("page.summary");
const notices = createNotices();
document.body.append(notices.el);

const when = (seconds) => (seconds ? `${longDate(seconds)} ${clockTime(seconds)}` : "—");

function section(id, heading, ...body) {
  return h("section", { class: ["panel", "summary-section", `summary-${id}`], "data-testid": `summary-${id}`, "aria-labelledby": `summary-${id}-heading` },
    h("h2", { id: `summary-${id}-heading` }, heading), body);
}

/** A table; headings from the second on are right-aligned numbers when `numeric`. */
function table(caption, headings, rows, className = "", numeric = false) {
  return h("div", { class: "table-scroll" }, h("table", { class: ["summary-table", className] },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, headings.map((label, i) => h("th", { scope: "col", class: numeric && i > 0 ? "num" : null }, label)))),
    h("tbody", {}, rows)));
}

function brief(summary) {
  const { problem, objectives, context } = summary.brief ?? {};
  const part = (id, label, body) => h("div", { class: "brief-part", "data-testid": `summary-${id}` }, h("h3", {}, label), body);
  return section("brief", t("summary.brief"),
    problem ? part("problem", t("brief.problem"), h("p", { class: "brief-text" }, problem)) : null,
    objectives ? part("objectives", t("brief.objectives"), h("p", { class: "brief-text" }, objectives)) : null,
    context ? part("context", t("brief.context"), h("p", { class: "brief-text" }, linkedText(context))) : null,
    problem || objectives || context ? null : h("p", { class: "muted" }, t("brief.empty")));
}

function people(summary) {
  // The third column only says who was in the room without a device: without guests it would stay empty.
  const guests = summary.people.some((p) => p.guest);
  const rows = summary.people.map((p) => h("tr", {},
    h("th", { scope: "row" }, p.name),
    h("td", {}, (p.duties ?? []).map(dutyLabel).join(", ") || dutyLabel("peer")),
    guests ? h("td", {}, p.guest ? t("summary.guest") : "") : null));
  const headings = [t("summary.name"), t("summary.role"), ...(guests ? [t("summary.device")] : [])];
  return section("people", t("summary.people"), table(t("summary.people"), headings, rows));
}

function agenda(summary, catalog) {
  const rows = agendaRows(summary.agenda);
  const totals = agendaTotals(rows);
  const body = rows.map((r) => h("tr", { class: r.skipped ? "is-skipped" : null },
    h("th", { scope: "row" }, roundName(catalog, r.kind), r.skipped ? h("span", { class: "tag" }, t("summary.skipped")) : null),
    h("td", { class: "num" }, duration(r.planned)),
    h("td", { class: "num" }, r.visited ? duration(r.actual) : "—")));
  body.push(h("tr", { class: "total" }, h("th", { scope: "row" }, t("summary.total")),
    h("td", { class: "num" }, duration(totals.planned)), h("td", { class: "num" }, duration(totals.actual))));
  return section("agenda", t("summary.agenda"),
    table(t("summary.agenda"), [t("summary.round"), t("summary.planned"), t("summary.actual")], body, "agenda-times", true));
}

function board(summary, catalog) {
  const groups = (summary.board ?? []).filter((g) => g.items?.length);
  return section("board", t("summary.board"),
    groups.length ? null : h("p", { class: "muted" }, t("board.empty")),
    groups.map((g) => h("div", { class: "summary-round" },
      h("h3", {}, g.kind ? roundName(catalog, g.kind) : t("board.before_start")),
      h("ul", { class: "items" }, g.items.map((item) => h("li", { class: ["item", `kind-${item.kind}`] },
        h("div", { class: "item-meta" }, h("span", { class: "badge", "data-kind": item.kind }, kindLabel(item.kind)),
          h("span", { class: "item-author" }, item.author_name ?? personName(summary, item.author)),
          item.hidden ? h("span", { class: "badge badge-private" }, t("board.private")) : null),
        h("p", { class: "item-text" }, item.text)))))),
    summary.unrevealed ? h("p", { class: "hint", "data-testid": "summary-unrevealed" }, t("summary.unrevealed", { n: summary.unrevealed })) : null);
}

function outcomes(summary) {
  const o = summary.outcomes ?? {};
  const state = o.confirmed
    ? (o.changed_since_confirmation ? t("summary.changed", { name: personName(summary, o.confirmed_by) }) : t("summary.confirmed", { name: personName(summary, o.confirmed_by), time: when(o.confirmed_at) }))
    : t("summary.unconfirmed");
  const note = (row) => (row.note ? h("p", { class: "outcome-note" }, t("outcomes.note_line", { note: row.note })) : null);
  const lessons = o.lessons ?? [];
  const actions = o.actions ?? [];
  return [
    section("lessons", t("outcomes.lessons"),
      h("p", { class: ["outcomes-state", o.confirmed && !o.changed_since_confirmation && "is-confirmed"], "data-testid": "summary-confirmation" }, state),
      lessons.length ? h("ul", { class: "lessons" }, lessons.map((row) => h("li", { class: "outcome lesson" }, h("p", { class: "outcome-text" }, row.text), note(row))))
        : h("p", { class: "muted" }, t("outcomes.no_lessons"))),
    section("actions", t("outcomes.actions"), actions.length
      ? table(t("outcomes.actions"), [t("outcomes.what"), t("outcomes.owner"), t("outcomes.due"), t("outcomes.status")],
        actions.map((row) => h("tr", {},
          h("td", {}, h("span", { class: "outcome-text" }, row.text), note(row)),
          h("td", {}, row.owner || "—"), h("td", { class: "nowrap" }, row.due || "—"),
          h("td", {}, h("span", { class: ["status", `status-${row.status}`] }, statusLabel(row.status))))), "actions-table")
      : h("p", { class: "muted" }, t("outcomes.no_actions"))),
  ];
}

function airtime(summary) {
  const rows = airtimeRows(summary);
  if (!rows) return null;
  return section("airtime", t("summary.airtime"), table(t("summary.airtime"), [t("summary.name"), t("summary.spoken"), t("summary.turns")],
    rows.map((r) => h("tr", {}, h("th", { scope: "row" }, r.name ?? personName(summary, r.person)),
      h("td", { class: "num" }, duration(r.seconds)), h("td", { class: "num" }, String(r.turns)))), "airtime", true));
}

async function tools(access) {
  const print = h("button", { type: "button", class: "secondary", "data-testid": "summary-print", onclick: () => window.print() }, t("summary.print"));
  const el = h("nav", { class: "summary-tools", "aria-label": t("summary.tools") }, print);
  let exports = access.exports;
  if (!exports) {
    // a token we do not know (a summary link, or a participant's on another device): ask once
    exports = await fetchExport(access.room, "csv", language(), access.token).then(() => true, () => false);
  }
  if (exports) el.append(exportButtons(access.room, access.token, notices));
  return el;
}

function failed(message) {
  root.replaceChildren(h("section", { class: "panel", "data-testid": "summary-error", role: "alert" },
    h("h1", {}, t("summary.unavailable")), h("p", {}, message)));
}

async function main() {
  const access = summaryAccess(fragment());
  if (!access) return failed(t("need.summary"));
  root.append(h("p", { class: "waiting", "data-testid": "loading" }, t("summary.loading")));
  let summary;
  let catalog;
  try {
    [summary, catalog] = await Promise.all([fetchSummary(access.room, access.token), loadCatalog()]);
  } catch (problem) {
    return failed(problem.message);
  }
  if (!isSummary(summary)) return failed(t("summary.unknown_format"));
  document.title = `${summary.title || t("page.untitled")} · ${t("page.summary")} · ${t("app.name")}`;
  const method = catalog.methods.find((m) => m.id === summary.method)?.name ?? summary.method;
  const head = h("header", { class: "summary-header" },
    h("p", { class: "summary-kicker" }, t("summary.kicker")),
    h("h1", { class: "title", "data-testid": "summary-title" }, summary.title || t("page.untitled")),
    h("p", { class: "summary-meta" }, t("summary.meta", { method, started: when(summary.started_at ?? summary.created_at), closed: when(summary.closed_at) })),
    summary.follows ? h("p", { class: "hint" }, t("summary.follows")) : null);
  root.replaceChildren(h("article", { class: "summary", "data-testid": "summary" },
    head, await tools(access), brief(summary), people(summary), agenda(summary, catalog), outcomes(summary),
    board(summary, catalog), airtime(summary)));
  return undefined;
}

main();
