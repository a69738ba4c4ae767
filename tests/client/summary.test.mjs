// The summary page's pure logic: which token opens it, durations, planned against actual.
import assert from "node:assert/strict";
import { test } from "node:test";

import { agendaRows, agendaTotals, airtimeRows, duration, isSummary, personName, summaryAccess } from "../../client/lib/summary.js";

function memory(entries = {}) {
  const data = new Map(Object.entries(entries));
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, v), removeItem: (k) => data.delete(k) };
}

test("a token in the fragment opens it; a room id uses this browser's own token", () => {
  const links = JSON.stringify({ code: "C", links: { facilitator: "http://h/facilitator#r1.FAC" } });
  assert.deepEqual(summaryAccess("r1.READ", memory()), { room: "r1", token: "r1.READ", exports: false });
  assert.deepEqual(summaryAccess("r1.FAC", memory({ "peercircle:links:r1": links })), { room: "r1", token: "r1.FAC", exports: true });
  assert.deepEqual(summaryAccess("r1", memory({ "peercircle:r1": "r1.ME" })), { room: "r1", token: "r1.ME", exports: true });
  assert.deepEqual(summaryAccess("r1", memory({ "peercircle:links:r1": links })), { room: "r1", token: "r1.FAC", exports: true });
  assert.equal(summaryAccess("r1", memory()), null);
  assert.equal(summaryAccess("", memory()), null);
});

test("durations, agenda rows and totals (skipped rounds are not planned)", () => {
  assert.equal(duration(0), "0:00");
  assert.equal(duration(754.4), "12:34");
  assert.equal(duration(3725), "1:02:05");
  assert.equal(duration(null), "—");
  const rows = agendaRows([
    { id: "r1", kind: "opening", planned_minutes: 5, actual_seconds: 420, skipped: false, visits: [{ started_at: 1, ended_at: 421 }] },
    { id: "r2", kind: "tell", planned_minutes: 10, actual_seconds: 0, skipped: true, visits: [] },
  ]);
  assert.deepEqual(rows.map((r) => [r.planned, r.actual, r.visited, r.over]), [[300, 420, true, 120], [600, 0, false, null]]);
  assert.deepEqual(agendaTotals(rows), { planned: 300, actual: 420 });
});

test("names, airtime order, and what counts as a summary", () => {
  const summary = { format: "peercircle.summary/1", people: [{ id: "p2", name: "Ann" }], airtime: [
    { person: "p3", name: "Bo", seconds: 30, turns: 1 }, { person: "p2", name: "Ann", seconds: 90, turns: 2 }] };
  assert.equal(personName(summary, "p2"), "Ann");
  assert.equal(personName(summary, "Ann"), "Ann"); // confirmed_by is already a name
  assert.deepEqual(airtimeRows(summary).map((r) => r.name), ["Ann", "Bo"]);
  assert.equal(airtimeRows({ ...summary, airtime: null }), null);
  assert.equal(isSummary(summary), true);
  assert.equal(isSummary({ format: "other/2", people: [] }), false);
});
