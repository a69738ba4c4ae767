// Questions the views ask of a room (client/lib/store.js folds it): pure lookups over
// the snapshot's shape, no DOM, nothing changed.

/** Whether every turn of the round-robin has been taken (or passed). */
export const turnsComplete = (turns) => turns.index >= turns.order.length;

export function personById(room, id) {
  return room.people.find((p) => p.id === id) ?? null;
}

export function hasDuty(room, id, duty) {
  return personById(room, id)?.duties.includes(duty) ?? false;
}

/** 1-based place of `personId` in the speaking queue, or 0 when their hand is down. */
export function queuePosition(room, personId) {
  return room.queue.findIndex((hand) => hand.person === personId) + 1;
}

/** The agenda row of the running round, or null in the lobby. */
export function currentRound(room) {
  return room.agenda.find((r) => r.id === room.current) ?? null;
}

/** Seconds the round `id` has actually run, over every visit (an open visit up to `now`). */
export function actualSeconds(room, id, now) {
  return room.history
    .filter((visit) => visit.round === id)
    .reduce((sum, visit) => sum + Math.max(0, (visit.ended_at ?? now) - visit.started_at), 0);
}

/** Whether the round `id` has been visited at all. */
export function visited(room, id) {
  return room.history.some((visit) => visit.round === id);
}

/** The round-robin as the views need it, or null when no turns go round. */
export function turnsView(room) {
  const turns = room.turns;
  if (!turns) return null;
  const complete = turnsComplete(turns);
  return { order: turns.order, index: turns.index, passed: turns.passed, complete, current: complete ? null : turns.order[turns.index] };
}

/** Hidden items per author, in people order: [{person, count}], only those with any. */
export function hiddenCounts(room) {
  const counts = new Map();
  for (const item of room.items) if (item.hidden) counts.set(item.author, (counts.get(item.author) ?? 0) + 1);
  const order = room.people.map((p) => p.id).filter((id) => counts.has(id));
  for (const id of counts.keys()) if (!order.includes(id)) order.push(id);
  return order.map((id) => ({ person: id, count: counts.get(id) }));
}

/**
 * Ready signals: who is expected to say "done" (people here with a device who do not
 * facilitate, plus anyone who said it anyway), how many did, and whether all did.
 */
export function doneState(room) {
  const expected = room.people.filter((p) => p.online && !p.guest && !p.duties.includes("facilitator")).map((p) => p.id);
  const extra = room.done.filter((id) => !expected.includes(id));
  const total = expected.length + extra.length;
  const count = room.done.length;
  return { count, total, all: expected.length > 0 && expected.every((id) => room.done.includes(id)) };
}

/** Items grouped by the round they were written in, rounds in agenda order (null: the lobby). */
export function itemsByRound(room) {
  const groups = new Map(room.agenda.map((r) => [r.id, []]));
  for (const item of room.items) {
    if (!groups.has(item.round)) groups.set(item.round, []);
    groups.get(item.round).push(item);
  }
  return groups;
}
