// The room as this client knows it: a PURE reducer over the snapshot of
// server/domain/views.py, folding events with exactly the meaning that
// server/domain/evolve.py gives them (tests/client/test_reducer_matches_domain.py
// checks this against the Python domain), plus the (epoch, seq) bookkeeping of
// SPEC "Ordering and resume". No DOM, no I/O; every function returns new objects.

export const PHASES = Object.freeze(["opening", "tell", "ask", "analyse", "feedback", "lessons", "close"]);
export const ITEM_KINDS = Object.freeze(["note", "question", "option", "lesson", "action"]);

const IDLE_TIMER = Object.freeze({ status: "idle", duration: 0, ends_at: null, remaining: null });

/** The snapshot of a room before any event: what views.snapshot(Room()) gives. */
export function emptyRoom() {
  return {
    title: "",
    created_at: 0,
    phase: PHASES[0],
    phases: [...PHASES],
    people: [],
    items: [],
    queue: [],
    floor: null,
    timer: { ...IDLE_TIMER },
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

const person = (id, name, role, at) => ({ id, name, role, online: false, joined_at: at });
const withoutHand = (queue, id) => queue.filter((hand) => hand.person !== id);

const REDUCERS = {
  RoomCreated: (s, e) => ({
    ...s,
    title: e.title,
    created_at: e.at,
    people: upsert(s.people, person(e.facilitator, e.facilitator_name, "facilitator", e.at)),
  }),
  PersonJoined: (s, e) => ({ ...s, people: upsert(s.people, person(e.person, e.name, e.role, e.at)) }),
  PersonRenamed: (s, e) => ({ ...s, people: patch(s.people, e.person, { name: e.name }) }),
  PersonCameOnline: (s, e) => ({ ...s, people: patch(s.people, e.person, { online: true }) }),
  PersonWentOffline: (s, e) => ({ ...s, people: patch(s.people, e.person, { online: false }) }),
  PhaseChanged: (s, e) => ({ ...s, phase: e.phase }),
  ItemAdded: (s, e) => ({
    ...s,
    items: upsert(s.items, {
      id: e.item, kind: e.kind, text: e.text, author: e.author, phase: e.phase,
      created_at: e.at, edited_at: null,
    }),
  }),
  ItemEdited: (s, e) => ({ ...s, items: patch(s.items, e.item, { kind: e.kind, text: e.text, edited_at: e.at }) }),
  ItemDeleted: (s, e) => ({ ...s, items: s.items.filter((item) => item.id !== e.item) }),
  HandRaised: (s, e) => ({ ...s, queue: [...s.queue, { person: e.person, n: e.n, at: e.at }] }),
  HandLowered: (s, e) => ({ ...s, queue: withoutHand(s.queue, e.person) }),
  AllHandsLowered: (s) => ({ ...s, queue: [] }),
  FloorGiven: (s, e) => ({ ...s, floor: { person: e.person, since: e.at }, queue: withoutHand(s.queue, e.person) }),
  FloorEnded: (s) => ({ ...s, floor: null }),
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
};

export const EVENT_TYPES = Object.freeze(Object.keys(REDUCERS));

/**
 * The room after one event. Never throws: an event of a type this client does not
 * know (a newer server) changes nothing, as does one naming a person or item it lacks.
 */
export function applyEvent(room, event) {
  const reduce = Object.hasOwn(REDUCERS, event.type) ? REDUCERS[event.type] : null;
  return reduce ? reduce(room, event) : room;
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

/**
 * Fold a batch of events. Returns {session, gap}: `gap` is true when an event came
 * whose predecessor is missing; the events before it are applied, the rest are not,
 * and the caller must send `resync`.
 */
export function applyEvents(session, events) {
  if (!session.room) return { session, gap: events.length > 0 };
  let { room, seq } = session;
  for (const event of events) {
    const verdict = classify(seq, event.seq);
    if (verdict === "gap") return { session: { ...session, room, seq }, gap: true };
    if (verdict === "apply") {
      room = applyEvent(room, event);
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

// --- questions the views ask -----------------------------------------------------

export function personById(room, id) {
  return room.people.find((p) => p.id === id) ?? null;
}

/** 1-based place of `personId` in the speaking queue, or 0 when their hand is down. */
export function queuePosition(room, personId) {
  return room.queue.findIndex((hand) => hand.person === personId) + 1;
}

/** Items grouped by the phase they were added in, phases in meeting order. */
export function itemsByPhase(room) {
  const groups = new Map(room.phases.map((phase) => [phase, []]));
  for (const item of room.items) {
    if (!groups.has(item.phase)) groups.set(item.phase, []);
    groups.get(item.phase).push(item);
  }
  return groups;
}
