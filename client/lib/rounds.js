// The rules of rounds, in words and as the views need them. PURE: the round types come
// from GET /api/methods (SPEC "Methods and rounds"), fetched once per page; every
// function here works (with plainer words) when they could not be fetched.

import { t, tOr } from "./i18n.js";
import { currentRound, hasDuty, personById } from "./selectors.js";

/** A round type (or a method's round) with its name and hint in the page's language. */
function translatedRound(type) {
  return { ...type, name: tOr(`round.${type.key}.name`, type.name), hint: tOr(`round.${type.key}.hint`, type.hint) };
}

/** {types: Map key -> round type, methods: [...]}, from the /api/methods answer, translated. */
export function catalogFrom(answer) {
  const types = new Map((answer?.round_types ?? []).map((type) => [type.key, translatedRound(type)]));
  const methods = (answer?.methods ?? []).map((m) => ({
    ...m, name: tOr(`method.${m.id}.name`, m.name), summary: tOr(`method.${m.id}.summary`, m.summary),
    rounds: (m.rounds ?? []).map(translatedRound),
  }));
  return { types, methods };
}

export const EMPTY_CATALOG = Object.freeze({ types: new Map(), methods: [] });

const humanize = (key) => String(key ?? "").replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

/** The round type of an agenda row (or a stand-in that allows what the server would check). */
export function typeOf(catalog, kind) {
  return catalog.types.get(kind) ?? {
    key: kind, name: tOr(`round.${kind}.name`, humanize(kind)), hint: tOr(`round.${kind}.hint`, ""), speaking: "open", kinds: ["note", "question", "option", "lesson", "action"],
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

const SPEAKING = new Set(["owner_only", "round_robin", "hand_queue", "open", "silent_writing"]);
const OWNERS = new Set(["presenting", "answering", "listening"]);
const KINDS = new Set(["note", "question", "option", "lesson", "action"]);

/** Who speaks in a round, as a sentence part ("Only the case owner speaks"). */
export function speakingWords(speaking, { short = false } = {}) {
  if (!SPEAKING.has(speaking)) return speaking;
  return t(`${short ? "speaking_short" : "speaking"}.${speaking}`);
}

function list(words) {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${t("rule.and")} ${words.at(-1)}`;
}

/** What to write in a round, in words: "questions and notes". */
export function kindsWords(type) {
  return list(type.kinds.map((k) => (KINDS.has(k) ? t(`kinds.${k}`) : k)));
}

/**
 * The rule of the round for one person, in plain sentences: who speaks, and what the
 * case owner does when that person is the case owner.
 */
export function ruleWords(type, { owner = false } = {}) {
  if (!type) return t("rule.not_started");
  const parts = [];
  if (type.speaking === "silent_writing" && type.visibility === "private") {
    parts.push(t("rule.silent_private"));
  } else {
    if (type.speaking === "owner_only" && owner) parts.push(t("rule.owner_you"));
    else parts.push(SPEAKING.has(type.speaking) ? `${speakingWords(type.speaking)}.` : t("rule.default"));
    if (type.visibility === "private") parts.push(t("rule.private"));
  }
  if (owner && type.owner === "listening") parts.push(t("rule.owner_listen"));
  if (owner && type.owner === "answering") parts.push(t("rule.owner_answer"));
  return parts.join(" ");
}

/** The round's rules in one compact line, for the facilitator. */
export function ruleLine(type, minutes) {
  if (!type) return t("rule.line_not_started");
  const bits = [
    speakingWords(type.speaking, { short: true }),
    t("rule.write", { kinds: kindsWords(type) }),
    OWNERS.has(type.owner) ? t(`owner.${type.owner}`) : type.owner,
    type.visibility === "private" ? t("rule.private_short") : t("rule.public"),
  ];
  if (type.turn_seconds) bits.push(t("rule.per_turn", { seconds: Math.round(type.turn_seconds) }));
  if (minutes != null) bits.push(t("rule.planned", { minutes: formatMinutes(minutes) }));
  if (type.advance === "on_time_box") bits.push(t("rule.auto_advance"));
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
  owner_only: "hands.no_owner_only",
  round_robin: "hands.no_round_robin",
  silent_writing: "hands.no_silent_writing",
});

/** {ok, reason}: whether `person` may raise a hand now (the server decides; this is the hint). */
export function handsAllowed(catalog, room, person) {
  const type = currentType(catalog, room);
  if (type && NO_HANDS[type.speaking]) return { ok: false, reason: t(NO_HANDS[type.speaking]) };
  if (listeningOwner(catalog, room, person)) return { ok: false, reason: t("hands.no_listening") };
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
  return personById(room, id)?.name ?? t("someone");
}
