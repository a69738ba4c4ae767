// The brief's pure logic: safe links, the datetime-local round trip, "starts at", the
// roster by name, the peers guidance; and the outcomes' confirmation and rights.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  fromLocalInput, linkParts, lobbyRoom, lobbyStage, peerCount, peersFor, plannedPeople, startsWords, toLocalInput, waitWords,
} from "../../client/lib/brief.js";
import { confirmation, mayConfirm, mayEdit, overdue, split } from "../../client/lib/outcomes.js";
import { setLanguage } from "../../client/lib/i18n.js";

setLanguage("en");

test("only http(s) URLs become links, sentence punctuation stays text, nothing is lost", () => {
  const text = "See https://example.org/a?b=1&c=2. Or (http://x.org/p_(q)) but not javascript:alert(1) nor data:text/html,x <https://y.org/z>";
  const parts = linkParts(text);
  assert.equal(parts.map((p) => p.text ?? p.url).join(""), text);
  assert.deepEqual(parts.filter((p) => p.url).map((p) => p.url), ["https://example.org/a?b=1&c=2", "http://x.org/p_(q)", "https://y.org/z"]);
  assert.deepEqual(linkParts("hxxps://nope javascript://%0aalert(1)"), [{ text: "hxxps://nope javascript://%0aalert(1)" }]);
  assert.deepEqual(linkParts(""), []);
});

test("datetime-local values round-trip through epoch seconds; empty clears", () => {
  const value = "2031-05-06T14:05";
  assert.equal(toLocalInput(fromLocalInput(value)), value);
  assert.equal(fromLocalInput(""), null);
  assert.equal(fromLocalInput("garbage"), null);
  assert.equal(toLocalInput(null), "");
});

test("when it starts, in words, in a given time zone", () => {
  const start = Date.UTC(2031, 4, 6, 12, 0) / 1000; // 14:00 in Amsterdam (summer time)
  const zone = "Europe/Amsterdam";
  assert.equal(startsWords(start, start - 25 * 60, zone), "Starts at 14:00 (in 25 min)");
  assert.equal(startsWords(start, start - 90 * 60 - 30, zone), "Starts at 14:00 (in 1 h 31 min)");
  assert.match(startsWords(start, start - 3 * 86400, zone), /^Starts on .*2031 at 14:00$/);
  assert.equal(startsWords(start, start + 60, zone), "Planned to start at 14:00");
  assert.equal(startsWords(null, start, zone), null);
  assert.equal(waitWords(120 * 60), "in 2 h");
  assert.equal(waitWords(5), "in 1 min");
});

test("the roster by name (any case, any spacing) and the peers guidance", () => {
  const roster = [["Ann", "case_owner"], ["  ann ", "scribe"], ["Bo", "peer"], ["Cy", "peer"]];
  assert.deepEqual(plannedPeople(roster), [{ name: "Ann", duties: ["case_owner", "scribe"] }, { name: "Bo", duties: ["peer"] }, { name: "Cy", duties: ["peer"] }]);
  const people = [
    { id: "p1", role: "facilitator", duties: ["facilitator"] },
    { id: "p2", role: "participant", duties: ["case_owner"] },
    ...["p3", "p4", "p5", "p6"].map((id) => ({ id, role: "participant", duties: ["peer"] })),
  ];
  assert.deepEqual(peerCount({ roster, people }), { planned: 2, joined: 4, min: 4, max: 7, within: true });
  assert.equal(peerCount({ roster: [], people: people.slice(0, 3) }).within, false);
  assert.equal(peerCount({ roster, people }, [5, 8]).within, false);
  assert.deepEqual(peersFor({ methods: [{ id: "balint", peers: [4, 8] }] }, "balint"), [4, 8]);
  assert.deepEqual(peersFor({ methods: [] }, "balint"), [4, 7]);
});

const row = (id, kind, more = {}) => ({ id, kind, text: id, owner: "", due: "", status: "open", item: null, carried: false, note: "", ...more });

test("confirmed, changed since, or not yet", () => {
  const outcomes = [row("o1", "lesson"), row("o2", "action")];
  assert.equal(confirmation({ outcomes, confirmed: null }), "none");
  assert.equal(confirmation({ outcomes, confirmed: { by: "p2", at: 1, outcomes: outcomes.map((o) => ({ ...o })) } }), "confirmed");
  const edited = [outcomes[0], { ...outcomes[1], status: "doing" }];
  assert.equal(confirmation({ outcomes: edited, confirmed: { by: "p2", at: 1, outcomes } }), "changed");
  assert.equal(confirmation({ outcomes: outcomes.slice(1), confirmed: { by: "p2", at: 1, outcomes } }), "changed");
  assert.deepEqual(split(outcomes).actions.map((o) => o.id), ["o2"]);
});

test("who may edit and confirm: case owner confirms; a facilitator only without one; nobody once closed", () => {
  const people = (ownerDuty) => [{ id: "p1", duties: ["facilitator"] }, { id: "p2", duties: [ownerDuty] }, { id: "p3", duties: ["peer"] }];
  const room = (ownerDuty, more = {}) => ({ people: people(ownerDuty), outcomes: [row("o1", "lesson")], closed_at: null, ...more });
  assert.equal(mayConfirm(room("case_owner"), "p2", false), true);
  assert.equal(mayConfirm(room("case_owner"), "p1", true), false);
  assert.equal(mayConfirm(room("peer"), "p1", true), true);
  assert.equal(mayConfirm(room("case_owner", { outcomes: [] }), "p2", false), false);
  assert.equal(mayEdit(room("case_owner"), "p3", false), false);
  assert.equal(mayEdit(room("scribe"), "p2", false), true);
  assert.equal(mayEdit(room("case_owner", { closed_at: 5 }), "p2", false), false);
  assert.equal(overdue(row("o1", "action", { due: "2030-01-01" }), "2030-01-02"), true);
  assert.equal(overdue(row("o1", "action", { due: "2030-01-01", status: "done" }), "2030-01-02"), false);
});

test("the lobby answer becomes the brief view's room, with nothing but text in it", () => {
  const room = lobbyRoom({
    title: "Handovers", method: "peer_assist", problem: "Facts get lost", objectives: 7, context: null,
    starts_at: 1_900_000_000, started: false, closed: false,
  });
  assert.deepEqual(room, {
    title: "Handovers",
    brief: { problem: "Facts get lost", objectives: "", context: "", starts_at: 1_900_000_000 },
    roster: [], current: null, closed_at: null,
  });
  assert.equal(lobbyRoom({ starts_at: "tomorrow" }).brief.starts_at, null);
  assert.equal(lobbyRoom(null).title, "");
});

test("the join form offers to join before and during the meeting, never after the close", () => {
  assert.equal(lobbyStage({ started: false, closed: false }), "before");
  assert.equal(lobbyStage({ started: true, closed: false }), "started");
  assert.equal(lobbyStage({ started: true, closed: true }), "closed");
  assert.equal(lobbyStage({ started: false, closed: true }), "closed");
});
