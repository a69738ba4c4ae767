// Everything the client says to people: item-kind and duty labels, and sentences for
// error and close codes. PURE. The server's `message` is for people too, but codes are
// the stable contract, so the client words them itself and uses the server's message
// only where it is more specific than a code can be.

import { language, t } from "./i18n.js";
import { CloseCode, ErrorCode } from "./protocol.js";

export const DUTY_LABELS = Object.freeze({
  case_owner: "duty.case_owner",
  scribe: "duty.scribe",
  timekeeper: "duty.timekeeper",
  facilitator: "duty.facilitator",
  peer: "duty.peer",
});

export function dutyLabel(duty) {
  return DUTY_LABELS[duty] ? t(DUTY_LABELS[duty]) : duty;
}

export const KIND_LABELS = Object.freeze({
  note: "kind.note",
  question: "kind.question",
  option: "kind.option",
  lesson: "kind.lesson",
  action: "kind.action",
});

export function kindLabel(kind) {
  return KIND_LABELS[kind] ? t(KIND_LABELS[kind]) : kind;
}

const ERROR_SENTENCES = {
  [ErrorCode.INVALID_COMMAND]: "error.invalid_command",
  [ErrorCode.FORBIDDEN]: "error.forbidden",
  [ErrorCode.NOT_FOUND]: "error.not_found",
  [ErrorCode.NOT_AUTHOR]: "error.not_author",
  [ErrorCode.WRONG_STATE]: "error.wrong_state",
  [ErrorCode.NOT_NOW]: "error.not_now",
  [ErrorCode.LIMIT_REACHED]: "error.limit_reached",
  [ErrorCode.QUEUE_EMPTY]: "error.queue_empty",
  [ErrorCode.RATE_LIMITED]: "error.rate_limited",
  [ErrorCode.UNAVAILABLE]: "error.unavailable",
  closed: "error.closed",
};

// Codes whose server message says more than the code ("The timer is not running.").
// The server speaks English: in another language our own sentence is used.
const SERVER_WORDS_PREFERRED = new Set([ErrorCode.WRONG_STATE, ErrorCode.NOT_NOW, ErrorCode.LIMIT_REACHED, ErrorCode.QUEUE_EMPTY]);

/** One sentence for a refused command ({code, message} from an `error` frame). */
export function describeError(error) {
  const code = error?.code;
  if (language() === "en" && SERVER_WORDS_PREFERRED.has(code) && typeof error.message === "string" && error.message.trim()) {
    return error.message.trim();
  }
  if (ERROR_SENTENCES[code]) return t(ERROR_SENTENCES[code]);
  return language() === "en" && error?.message ? error.message : t("error.other");
}

const FINAL_CLOSE_SENTENCES = {
  [CloseCode.VERSION]: "close.version",
  [CloseCode.FORBIDDEN]: "close.forbidden",
  [CloseCode.UNKNOWN_ROOM]: "close.unknown_room",
};

/** The sentence shown when the server closed for good, or null if it is not final. */
export function describeFinalClose(code) {
  return FINAL_CLOSE_SENTENCES[code] ? t(FINAL_CLOSE_SENTENCES[code]) : null;
}
