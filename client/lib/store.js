// The room as this client knows it: a PURE reducer over the snapshot of
// server/domain/views.py, folding events with exactly the meaning that
// server/domain/evolve.py gives them (tests/client/test_reducer_matches_domain.py
// checks this against the Python domain, for a facilitator and for a plain viewer),
// plus the (epoch, seq) bookkeeping of SPEC "Ordering and resume". No DOM, no I/O;
// every function returns new objects.
//
// What not everyone sees (SPEC): a hidden item reaches non-authors with text "" until
// ItemsRevealed; FloorEnded reaches non-facilitators with seconds null, so their
// airtime keeps seconds null. A viewer is {facilitates: bool}; a client learns it from
// `you` and its own duties (a change of duties brings a fresh snapshot anyway).
// The close makes airtime public (SPEC): events cannot bring back seconds a viewer
// never received, so the server follows MeetingClosed with a fresh snapshot for those who
// do not facilitate; a reopen hides the seconds again (and brings a snapshot too).

import { personById, turnsComplete } from "./selectors.js";

export const ITEM_KINDS = Object.freeze(["note", "question", "option", "lesson", "action"]);
export const DUTIES = Object.freeze(["case_owner", "scribe", "timekeeper", "facilitator"]);

const IDLE_TIMER = Object.freeze({ status: "idle", duration: 0, ends_at: null, remaining: null });
const FACILITATOR_VIEW = Object.freeze({ facilitates: true });

/** The snapshot of a room before any event: what views.snapshot(Room(), viewer) gives. */
export function emptyRoom() {
  return {
    title: "",
    created_at: 0,
    method: "peer_assist",
    agenda: [],
    current: null,
    round_ends_at: null,
    time_box_over: false,
    history: [],
    people: [],
    items: [],
    queue: [],
    progressive: false,
    floor: null,
    turns: null,
    airtime: {},
    done: [],
    timer: { ...IDLE_TIMER },
    brief: briefRow("", {}),
    roster: [],
    outcomes: [],
    confirmed: null,
    closed_at: null,
    follows: null,
  };
}

export const OUTCOME_STATUSES = Object.freeze(["open", "doing", "done", "dropped"]);

/** The brief as the snapshot has it: the room's title with the brief's fields. */
function briefRow(title, brief) {
  return {
    title, problem: brief.problem ?? "", objectives: brief.objectives ?? "", context: brief.context ?? "",
    starts_at: brief.starts_at ?? null,
  };
}

/** An outcome with every field the snapshot has (server/domain/state.py Outcome defaults). */
function outcomeRow(row) {
  return {
    id: row.id, kind: row.kind, text: row.text, owner: row.owner ?? "", due: row.due ?? "",
    status: row.status ?? "open", item: row.item ?? null, carried: Boolean(row.carried), note: row.note ?? "",
  };
}

// --- one event -------------------------------------------------------------------

/** Insert or replace by `id`, keeping the position of an existing entry (like a dict). */
function upsert(list, entry) {
  const index = list.findIndex((x) => x.id === entry.id);
  if (index < 0) return [...list, entry];
  const copy = [...list];
  copy[index] = entry;
  return copy;
}

function patch(list, id, changes) {
  const found = list.find((x) => x.id === id);
  return found ? upsert(list, { ...found, ...changes }) : list;
}

const sortedIds = (values) => [...new Set(values)].sort();
const person = (id, name, role, at, duties, guest) => ({
  id, name, role, online: false, joined_at: at, duties: sortedIds(duties ?? []), guest: Boolean(guest),
});
const withoutHand = (queue, id) => queue.filter((hand) => hand.person !== id);
const agendaRows = (rows) => (rows ?? []).map((r) => ({ id: r.id, kind: r.kind, minutes: r.minutes, skipped: Boolean(r.skipped) }));

/** The hands in `queue`, in the order of person ids `order` (as evolve._ordered). */
function ordered(queue, order) {
  const byPerson = new Map(queue.map((hand) => [hand.person, hand]));
  return (order ?? []).filter((p) => byPerson.has(p)).map((p) => byPerson.get(p));
}


/** The history with its open visit, if any, ended at `at`. */
function visitEnded(history, at) {
  const last = history.at(-1);
  return last && last.ended_at == null ? [...history.slice(0, -1), { ...last, ended_at: at }] : history;
}

function airtimeOf(room, id, view) {
  const own = Object.hasOwn(room.airtime, id) ? room.airtime[id] : null;
  return own ?? { seconds: view.facilitates ? 0 : null, turns: 0 };
}

const REDUCERS = {
  RoomCreated: (s, e) => {
    const brief = e.brief ?? {};
    const title = brief.title || e.title; // a follow-up starts from the brief it carries
    return {
      ...s,
      title,
      created_at: e.at,
      method: e.method ?? s.method,
      agenda: agendaRows(e.agenda),
      people: upsert(s.people, person(e.facilitator, e.facilitator_name, "facilitator", e.at, ["facilitator"], false)),
      brief: briefRow(title, brief),
      follows: e.follows ?? null,
      outcomes: (e.carried ?? []).reduce((list, row) => upsert(list, outcomeRow(row)), []),
    };
  },
  BriefUpdated: (s, e) => ({ ...s, title: e.title, brief: briefRow(e.title, e) }),
  RosterChanged: (s, e) => ({ ...s, roster: (e.roster ?? []).map(([name, duty]) => [name, duty]) }),
  PersonJoined: (s, e) => ({ ...s, people: upsert(s.people, person(e.person, e.name, e.role, e.at, e.duties, e.guest)) }),
  PersonRenamed: (s, e) => ({ ...s, people: patch(s.people, e.person, { name: e.name }) }),
  PersonCameOnline: (s, e) => ({ ...s, people: patch(s.people, e.person, { online: true }) }),
  PersonWentOffline: (s, e) => ({ ...s, people: patch(s.people, e.person, { online: false }) }),
  DutiesChanged: (s, e) => ({ ...s, people: patch(s.people, e.person, { duties: sortedIds(e.duties ?? []) }) }),
  AgendaChanged: (s, e) => ({ ...s, agenda: agendaRows(e.agenda) }),
  RoundStarted: (s, e) => {
    const history = [...visitEnded(s.history, e.at), { round: e.round, started_at: e.at, ended_at: null }];
    return {
      ...s, current: e.round, round_ends_at: e.ends_at ?? null, time_box_over: false, history, turns: null, done: [],
    };
  },
  RoundExtended: (s, e) => ({
    ...s,
    agenda: s.agenda.map((r) => (r.id === e.round ? { ...r, minutes: e.minutes } : r)),
    round_ends_at: e.ends_at ?? null,
    time_box_over: false,
  }),
  TimeBoxOver: (s) => ({ ...s, time_box_over: true }),
  PersonMarkedDone: (s, e) => ({
    ...s, done: e.done ? sortedIds([...s.done, e.person]) : s.done.filter((p) => p !== e.person),
  }),
  ItemAdded: (s, e) => ({
    ...s,
    items: upsert(s.items, {
      id: e.item, kind: e.kind, text: e.text, author: e.author, round: e.round ?? null,
      created_at: e.at, edited_at: null, hidden: Boolean(e.hidden),
    }),
  }),
  ItemEdited: (s, e) => ({ ...s, items: patch(s.items, e.item, { kind: e.kind, text: e.text, edited_at: e.at }) }),
  ItemDeleted: (s, e) => ({ ...s, items: s.items.filter((item) => item.id !== e.item) }),
  ItemsRevealed: (s, e) => {
    const rows = new Map((e.items ?? []).map((row) => [row.id, row]));
    return {
      ...s,
      items: s.items.map((item) => (rows.has(item.id)
        ? { ...item, text: rows.get(item.id).text, kind: rows.get(item.id).kind, hidden: false }
        : item)),
    };
  },
  HandRaised: (s, e) => ({
    ...s,
    queue: ordered([...withoutHand(s.queue, e.person), { person: e.person, n: e.n, at: e.at, direct: Boolean(e.direct) }], e.queue),
  }),
  HandLowered: (s, e) => ({ ...s, queue: withoutHand(s.queue, e.person) }),
  AllHandsLowered: (s) => ({ ...s, queue: [] }),
  QueueReordered: (s, e) => ({ ...s, progressive: Boolean(e.progressive), queue: ordered(s.queue, e.queue) }),
  FloorGiven: (s, e, view) => {
    const spoken = airtimeOf(s, e.person, view);
    let turns = s.turns;
    if (turns && !turnsComplete(turns)) {
      const at = turns.order.indexOf(e.person, turns.index);
      if (at >= 0) turns = { ...turns, index: at };
    }
    return {
      ...s,
      floor: { person: e.person, since: e.at, ends_at: e.ends_at ?? null, warned: false },
      queue: withoutHand(s.queue, e.person),
      airtime: { ...s.airtime, [e.person]: { seconds: spoken.seconds, turns: spoken.turns + 1 } },
      turns,
    };
  },
  FloorEnded: (s, e, view) => {
    const spoken = airtimeOf(s, e.person, view);
    const seconds = e.seconds == null || spoken.seconds == null ? null : spoken.seconds + e.seconds;
    let turns = s.turns;
    if (turns && !turnsComplete(turns) && turns.order[turns.index] === e.person) {
      turns = { ...turns, index: turns.index + 1, passed: e.passed ? [...turns.passed, e.person] : turns.passed };
    }
    return {
      ...s,
      floor: null,
      airtime: { ...s.airtime, [e.person]: { seconds, turns: spoken.turns } },
      turns,
      queue: ordered(s.queue, e.queue),
    };
  },
  TurnTimeUp: (s) => (s.floor ? { ...s, floor: { ...s.floor, warned: true } } : s),
  TurnsStarted: (s, e) => ({ ...s, turns: { order: [...(e.order ?? [])], index: 0, passed: [] } }),
  TurnsCompleted: (s) => (s.turns ? { ...s, turns: { ...s.turns, index: s.turns.order.length } } : s),
  TimerStarted: (s, e) => ({
    ...s, timer: { status: "running", duration: e.duration, ends_at: e.ends_at, remaining: null },
  }),
  TimerPaused: (s, e) => ({
    ...s, timer: { status: "paused", duration: s.timer.duration, ends_at: null, remaining: e.remaining },
  }),
  TimerResumed: (s, e) => ({
    ...s, timer: { status: "running", duration: s.timer.duration, ends_at: e.ends_at, remaining: null },
  }),
  TimerExtended: (s, e) => ({
    ...s,
    timer: {
      status: e.ends_at != null ? "running" : "paused",
      duration: e.duration,
      ends_at: e.ends_at ?? null,
      remaining: e.remaining ?? null,
    },
  }),
  TimerReset: (s) => ({ ...s, timer: { ...IDLE_TIMER } }),
  TimeUp: (s) => ({
    ...s, timer: { status: "expired", duration: s.timer.duration, ends_at: s.timer.ends_at, remaining: 0 },
  }),
  OutcomeAdded: (s, e) => ({ ...s, outcomes: upsert(s.outcomes, outcomeRow(e.outcome)) }),
  OutcomeEdited: (s, e) => ({ ...s, outcomes: upsert(s.outcomes, outcomeRow(e.outcome)) }),
  OutcomeRemoved: (s, e) => ({ ...s, outcomes: s.outcomes.filter((o) => o.id !== e.outcome) }),
  OutcomesConfirmed: (s, e) => ({
    ...s, confirmed: { by: e.by, at: e.at, outcomes: (e.outcomes ?? []).map(outcomeRow) },
  }),
  MeetingClosed: (s, e) => {
    const history = visitEnded(s.history, e.at);
    return {
      ...s, closed_at: e.at, history, round_ends_at: null, time_box_over: false, turns: null, floor: null, done: [],
    };
  },
  MeetingReopened: (s, e, view) => ({
    ...s,
    closed_at: null,
    history: s.current ? [...s.history, { round: s.current, started_at: e.at, ended_at: null }] : s.history,
    round_ends_at: e.ends_at ?? null,
    // open again: airtime seconds are for those who facilitate, as before the close
    airtime: view.facilitates ? s.airtime
      : Object.fromEntries(Object.entries(s.airtime).map(([p, a]) => [p, { seconds: null, turns: a.turns }])),
  }),
};

export const EVENT_TYPES = Object.freeze(Object.keys(REDUCERS));

/**
 * The room after one event, as `view` ({facilitates}) receives it. Never throws: an
 * event of a type this client does not know (a newer server) changes nothing, as does
 * one naming a person or item it lacks.
 */
export function applyEvent(room, event, view = FACILITATOR_VIEW) {
  const reduce = Object.hasOwn(REDUCERS, event.type) ? REDUCERS[event.type] : null;
  if (!reduce) return room;
  try {
    return reduce(room, event, view);
  } catch {
    return room; // a malformed event: keep what we know; a resync will put it right
  }
}

// --- ordering and resume ---------------------------------------------------------

/** What to do with an event numbered `seq` after applying `last`: apply, ignore, or resync. */
export function classify(last, seq) {
  if (seq === last + 1) return "apply";
  if (seq <= last) return "duplicate";
  return "gap";
}

/** A client's whole knowledge: who it is, the room, and the last event it applied. */
export function initialSession() {
  return { you: null, epoch: null, seq: 0, room: null };
}

/** The (epoch, seq) to send in `hello` to resume, or {} when there is nothing to resume. */
export function position(session) {
  return session.room && session.epoch != null ? { epoch: session.epoch, seq: session.seq } : {};
}

/** Whether this client steers the meeting (and so receives airtime seconds). */
export function facilitates(you, room) {
  if (!you) return true; // no identity yet (tests, tools): assume the full view
  if (you.role === "facilitator") return true;
  if (you.role !== "participant" || !room) return false;
  return personById(room, you.person)?.duties.includes("facilitator") ?? false;
}

/**
 * Fold a batch of events. Returns {session, gap}: `gap` is true when an event came whose
 * predecessor is missing; the events before it are applied, the rest are not, and the
 * caller sends `resync`.
 */
export function applyEvents(session, events) {
  if (!session.room) return { session, gap: events.length > 0 };
  let { room, seq } = session;
  for (const event of events) {
    const verdict = classify(seq, event.seq);
    if (verdict === "gap") return { session: { ...session, room, seq }, gap: true };
    if (verdict === "apply") {
      room = applyEvent(room, event, { facilitates: facilitates(session.you, room) });
      seq = event.seq;
    }
  }
  return { session: seq === session.seq ? session : { ...session, room, seq }, gap: false };
}

/**
 * Apply a `welcome`. With `state`: replace everything. With `events`: the events
 * missed since our position, which must be in our epoch and end at `welcome.seq`.
 * Returns {session, gap}; on `gap` the caller sends `resync`.
 */
export function applyWelcome(session, welcome) {
  const you = welcome.you ?? session.you;
  if (welcome.state) {
    return { session: { you, epoch: welcome.epoch, seq: welcome.seq, room: welcome.state }, gap: false };
  }
  if (!session.room || welcome.epoch !== session.epoch) {
    return { session: { ...session, you }, gap: true };
  }
  const folded = applyEvents({ ...session, you }, welcome.events ?? []);
  return { session: folded.session, gap: folded.gap || folded.session.seq !== welcome.seq };
}
