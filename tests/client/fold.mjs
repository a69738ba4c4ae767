// Fold events with the browser client's reducer, for test_reducer_matches_domain.py.
//   node tests/client/fold.mjs CASE.json
// CASE.json: {initial_snapshot, events: [{seq, type, ...}], viewer: {facilitates}}, the
// events already projected for that viewer (views.project). Prints JSON
// {states: [the room after each event], final: the room after all of them}, the final
// one folded through applyWelcome/applyEvents (the same path as the live connection)
// with a `you` that facilitates or not, as the viewer does.
import { readFileSync } from "node:fs";

import { applyEvent, applyEvents, applyWelcome, initialSession } from "../../client/lib/store.js";

const { initial_snapshot: initial, events, viewer = { facilitates: true } } = JSON.parse(readFileSync(process.argv[2], "utf8"));

const states = [];
let room = initial;
for (const event of events) {
  room = applyEvent(room, event, viewer);
  states.push(room);
}

const you = JSON.parse(readFileSync(process.argv[2], "utf8")).you ?? (viewer.facilitates
  ? { role: "facilitator", person: null, room: "r", code: "C" }
  : { role: "display", person: null, room: "r", code: "C" });
const welcome = { t: "welcome", you, now: 0, epoch: "E", seq: 0, state: initial };
const { session } = applyWelcome(initialSession(), welcome);
const folded = applyEvents(session, events);
if (folded.gap || folded.session.seq !== (events.at(-1)?.seq ?? 0)) {
  process.stderr.write(`sequence problem: gap=${folded.gap} seq=${folded.session.seq}\n`);
  process.exit(2);
}
process.stdout.write(JSON.stringify({ states, final: folded.session.room }));
