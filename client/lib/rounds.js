// The rules of rounds, in words and as the views need them. PURE: the round types come
// from GET /api/methods (SPEC "Methods and rounds"), fetched once per page; every
// function here works (with plainer words) when they could not be fetched.

import { currentRound, hasDuty, personById } from "./store.js";

/** {types: Map key -> round type, methods: [...]}, from the /api/methods answer. */
export function catalogFrom(answer) {
  const types = new Map((answer?.round_types ?? []).map((t) => [t.key, t]));
  return { types, methods: answer?.methods ?? [] };
}

export const EMPTY_CATALOG = Object.freeze({ types: new Map(), methods: [] });

const humanize = (key) => String(key ?? "").replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

/** The round type of an agenda row (or a stand-in that allows what the server would check). */
export function typeOf(catalog, kind) {
  return catalog.types.get(kind) ?? {
    key: kind, name: humanize(kind), hint: "", speaking: "open", kinds: ["note", "question", "option", "lesson", "action"],
    owner: "presenting", visibility: "public", minutes: 10, turn_seconds: null, owner_takes_turn: false, advance: "facilitator",
  };
}

export function roundName(catalog, kind) {
  return typeOf(catalog, kind).name;
}

/** The running round's type, or null in the lobby. */
export function currentType(catalog, room) {
  const round = currentRound(room);
  return round ? typeOf(catalog, round.kind) : null;
}

export const SPEAKING_WORDS = Object.freeze({
  owner_only: "Only the case owner speaks",
  round_robin: "Turns go round: wait for yours",
  hand_queue: "Raise your hand to speak; the facilitator gives the floor",
  open: "Open conversation: speak freely, or raise a hand",
  silent_writing: "Write alone, in silence",
});

const OWNER_WORDS = Object.freeze({
  presenting: "the case owner presents",
  answering: "the case owner answers",
  listening: "the case owner listens only",
});

const KIND_PLURALS = Object.freeze({
  note: "notes", question: "questions", option: "options and advice", lesson: "lessons", action: "actions",
});

function list(words) {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** What to write in a round, in words: "questions and notes". */
export function kindsWords(type) {
  return list(type.kinds.map((k) => KIND_PLURALS[k] ?? k));
}

/**
 * The rule of the round for one person, in plain sentences: who speaks, and what the
 * case owner does when that person is the case owner.
 */
export function ruleWords(type, { owner = false } = {}) {
  if (!type) return "The meeting has not started yet: the facilitator will begin the first round.";
  const parts = [];
  if (type.speaking === "silent_writing" && type.visibility === "private") {
    parts.push("Write alone: your notes stay private until the facilitator reveals them.");
  } else {
    if (type.speaking === "owner_only" && owner) parts.push("Only the case owner speaks: that is you.");
    else parts.push(`${SPEAKING_WORDS[type.speaking] ?? "Speak as the facilitator asks"}.`);
    if (type.visibility === "private") parts.push("What you write stays private until the facilitator reveals it.");
  }
  if (owner && type.owner === "listening") parts.push("Listen only in this round.");
  if (owner && type.owner === "answering") parts.push("Answer the questions put to you.");
  return parts.join(" ");
}

/** The round's rules in one compact line, for the facilitator. */
export function ruleLine(type, minutes) {
  if (!type) return "Not started: press Next to begin the first round.";
  const bits = [
    SPEAKING_WORDS[type.speaking]?.split(":")[0] ?? type.speaking,
    `write ${kindsWords(type)}`,
    OWNER_WORDS[type.owner] ?? type.owner,
    type.visibility === "private" ? "private until revealed" : "public",
  ];
  if (type.turn_seconds) bits.push(`${Math.round(type.turn_seconds)} s per turn`);
  if (minutes != null) bits.push(`${formatMinutes(minutes)} planned`);
  if (type.advance === "on_time_box") bits.push("moves on when time is up");
  return bits.join(" · ");
}

export function formatMinutes(minutes) {
  const m = Math.round(minutes * 10) / 10;
  return `${m} min`;
}

/** Whether `me` is a case owner listening only in the running round. */
export function listeningOwner(catalog, room, me) {
  const type = currentType(catalog, room);
  return Boolean(type && type.owner === "listening" && hasDuty(room, me, "case_owner"));
}

const NO_HANDS = Object.freeze({
  owner_only: "No hands in this round: only the case owner speaks.",
  round_robin: "No hands in this round: turns go round, wait for yours.",
  silent_writing: "No hands in this round: it is for writing, not speaking.",
});

/** {ok, reason}: whether `person` may raise a hand now (the server decides; this is the hint). */
export function handsAllowed(catalog, room, person) {
  const type = currentType(catalog, room);
  if (type && NO_HANDS[type.speaking]) return { ok: false, reason: NO_HANDS[type.speaking] };
  if (listeningOwner(catalog, room, person)) return { ok: false, reason: "Listen only in this round: no hand for the case owner." };
  return { ok: true, reason: "" };
}

/** The item kinds `person` may add now: the round's, or all for a facilitator or scribe. */
export function kindsAllowed(catalog, room, person, steering) {
  const type = currentType(catalog, room);
  const all = ["note", "question", "option", "lesson", "action"];
  if (!type || steering || hasDuty(room, person, "scribe") || hasDuty(room, person, "facilitator")) return all;
  return all.filter((k) => type.kinds.includes(k));
}

/** Display name of a person, or a neutral word. */
export function nameOf(room, id) {
  return personById(room, id)?.name ?? "Someone";
}
