// Everything the client says to people: item-kind and duty labels, and sentences for
// error and close codes. PURE. The server's `message` is for people too, but codes are
// the stable contract, so the client words them itself and uses the server's message
// only where it is more specific than a code can be.

import { CloseCode, ErrorCode } from "./protocol.js";

export const DUTY_LABELS = Object.freeze({
  case_owner: "Case owner",
  scribe: "Scribe",
  timekeeper: "Timekeeper",
  facilitator: "Facilitator",
  peer: "Peer",
});

export function dutyLabel(duty) {
  return DUTY_LABELS[duty] ?? duty;
}

export const KIND_LABELS = Object.freeze({
  note: "Note",
  question: "Question",
  option: "Option / advice",
  lesson: "Lesson",
  action: "Action",
});

export function kindLabel(kind) {
  return KIND_LABELS[kind] ?? kind;
}

const ERROR_SENTENCES = {
  [ErrorCode.INVALID_COMMAND]: "That request was not understood. Check what you typed and try again.",
  [ErrorCode.FORBIDDEN]: "You are not allowed to do that in this meeting.",
  [ErrorCode.NOT_FOUND]: "That is no longer there: someone may just have removed it.",
  [ErrorCode.NOT_AUTHOR]: "Only the person who wrote that item, or the facilitator, can change it.",
  [ErrorCode.WRONG_STATE]: "That is not possible right now.",
  [ErrorCode.NOT_NOW]: "The rules of this round do not allow that now.",
  [ErrorCode.LIMIT_REACHED]: "This meeting is full: it holds as many items or people as it can.",
  [ErrorCode.QUEUE_EMPTY]: "Nobody has raised a hand.",
  [ErrorCode.RATE_LIMITED]: "That was too fast. Wait a moment and try again.",
  [ErrorCode.UNAVAILABLE]: "The server could not save that just now. Please try again.",
  closed: "The connection to the meeting has ended, so that was not sent.",
};

// Codes whose server message says more than the code ("The timer is not running.").
const SERVER_WORDS_PREFERRED = new Set([ErrorCode.WRONG_STATE, ErrorCode.NOT_NOW, ErrorCode.LIMIT_REACHED, ErrorCode.QUEUE_EMPTY]);

/** One sentence for a refused command ({code, message} from an `error` frame). */
export function describeError(error) {
  const code = error?.code;
  if (SERVER_WORDS_PREFERRED.has(code) && typeof error.message === "string" && error.message.trim()) {
    return error.message.trim();
  }
  return ERROR_SENTENCES[code] ?? (error?.message || "Something went wrong. Please try again.");
}

const FINAL_CLOSE_SENTENCES = {
  [CloseCode.VERSION]: "This page is out of date for the server. Reload the page to continue.",
  [CloseCode.FORBIDDEN]: "This link is not valid (any more). Ask the facilitator for a new one.",
  [CloseCode.UNKNOWN_ROOM]: "This meeting no longer exists.",
};

/** The sentence shown when the server closed for good, or null if it is not final. */
export function describeFinalClose(code) {
  return FINAL_CLOSE_SENTENCES[code] ?? null;
}
