// The wire protocol (protocol/SPEC.md): binary msgpack frames, each one map with a
// string `t`. Frame builders, frame codec, and the named close and error codes
// (mirroring protocol/codes.py). No I/O here: connection.js does the sending.

import { Decoder, Encoder } from "../vendor/msgpack/index.mjs";

export const PROTOCOL_VERSION = 1;
export const MAX_FRAME_BYTES = 64 * 1024;

/** WebSocket close codes, as named in protocol/codes.py. */
export const CloseCode = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  UNSUPPORTED_DATA: 1003,
  INVALID_PAYLOAD: 1007,
  POLICY: 1008,
  TOO_BIG: 1009,
  SERVER_ERROR: 1011,
  SERVICE_RESTART: 1012,
  TRY_AGAIN_LATER: 1013,
  VERSION: 4001,
  FORBIDDEN: 4003,
  UNKNOWN_ROOM: 4004,
  AUTH_TIMEOUT: 4005,
  TOO_SLOW: 4008,
  RATE_LIMITED: 4029,
});

/** After these a client must not reconnect with the same token. */
export const FINAL_CLOSE_CODES = Object.freeze(
  new Set([CloseCode.VERSION, CloseCode.FORBIDDEN, CloseCode.UNKNOWN_ROOM]),
);

/** Why one command was refused (`error.code`). */
export const ErrorCode = Object.freeze({
  INVALID_COMMAND: "invalid_command",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "not_found",
  NOT_AUTHOR: "not_author",
  WRONG_STATE: "wrong_state",
  NOT_NOW: "not_now",
  LIMIT_REACHED: "limit_reached",
  QUEUE_EMPTY: "queue_empty",
  RATE_LIMITED: "rate_limited",
  UNAVAILABLE: "unavailable",
});

export function isFinalClose(code) {
  return FINAL_CLOSE_CODES.has(code);
}

// One encoder and decoder each: they keep internal buffers, and JS is single-threaded.
// `undefined` arguments are left out rather than sent as nil.
const encoder = new Encoder({ ignoreUndefined: true });
const decoder = new Decoder();

/** Encode one client frame to bytes. */
export function encodeFrame(frame) {
  return encoder.encode(frame);
}

/**
 * Decode one server frame (ArrayBuffer or Uint8Array) into a plain object.
 * Throws on anything that is not a map with a string `t`.
 */
export function decodeFrame(data) {
  const value = decoder.decode(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
  if (value === null || typeof value !== "object" || Array.isArray(value) || typeof value.t !== "string") {
    throw new TypeError("a frame is a map with a string `t`");
  }
  return value;
}

/** A fresh, unique op id for a command (at most 64 characters on the wire). */
export function newOpId() {
  return globalThis.crypto.randomUUID();
}

/** `hello`: the first frame on every socket; `position` resumes after the last applied event. */
export function hello(token, position = {}) {
  const frame = { t: "hello", v: PROTOCOL_VERSION, token };
  if (position.epoch != null && Number.isInteger(position.seq)) {
    frame.epoch = position.epoch;
    frame.seq = position.seq;
  }
  return frame;
}

/** `cmd`: a command; answered by `ack` or `error` carrying the same `op`. */
export function cmd(name, args = {}, op = newOpId()) {
  return { t: "cmd", op, name, args: withoutUndefined(args) };
}

/** `ping`: answered by `pong` with the server's clock. */
export function ping(ts) {
  return { t: "ping", ts };
}

/** `resync`: ask for a fresh snapshot. */
export function resync() {
  return { t: "resync" };
}

function withoutUndefined(args) {
  const out = {};
  for (const [key, value] of Object.entries(args ?? {})) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}
