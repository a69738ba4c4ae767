// Frames and codes (client/lib/protocol.js), checked against protocol/codes.py's values.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import {
  CloseCode, ErrorCode, FINAL_CLOSE_CODES, PROTOCOL_VERSION, cmd, decodeFrame, encodeFrame, hello,
  isFinalClose, newOpId, ping, resync,
} from "../../client/lib/protocol.js";
import { encode } from "../../client/vendor/msgpack/index.mjs";
import { describeError, describeFinalClose } from "../../client/lib/words.js";

const codesPy = readFileSync(new URL("../../protocol/codes.py", import.meta.url), "utf8");

test("close codes mirror protocol/codes.py", () => {
  const python = Object.fromEntries([...codesPy.matchAll(/^\s+([A-Z_]+) = (\d+)/gm)].map((m) => [m[1], Number(m[2])]));
  assert.deepEqual(CloseCode, python);
  assert.deepEqual([...FINAL_CLOSE_CODES].sort(), [4001, 4003, 4004]);
  assert.ok(isFinalClose(4003) && !isFinalClose(4005) && !isFinalClose(1006));
});

test("error codes mirror protocol/codes.py, and each has a sentence", () => {
  const python = [...codesPy.matchAll(/^\s+([A-Z_]+) = "([a-z_]+)"/gm)].map((m) => [m[1], m[2]]);
  assert.deepEqual(Object.entries(ErrorCode), python);
  for (const code of Object.values(ErrorCode)) {
    const sentence = describeError({ code, message: "" });
    assert.match(sentence, /^[A-Z].*[.!]$/, code);
  }
  assert.equal(describeError({ code: "wrong_state", message: "The timer is not running." }), "The timer is not running.");
  assert.notEqual(describeError({ code: "invalid_command", message: "text: required" }), "text: required");
  for (const code of FINAL_CLOSE_CODES) assert.ok(describeFinalClose(code));
  assert.equal(describeFinalClose(1006), null);
});

test("hello carries the version and, only when resuming, epoch and seq", () => {
  assert.deepEqual(hello("r1.secret"), { t: "hello", v: PROTOCOL_VERSION, token: "r1.secret" });
  assert.deepEqual(hello("r1.s", { epoch: "E", seq: 7 }), { t: "hello", v: 1, token: "r1.s", epoch: "E", seq: 7 });
  assert.deepEqual(hello("r1.s", { epoch: "E" }), { t: "hello", v: 1, token: "r1.s" });
});

test("cmd has a unique op id and leaves undefined arguments out", () => {
  const a = cmd("LowerHand", { person: undefined });
  const b = cmd("LowerHand");
  assert.equal(a.t, "cmd");
  assert.equal(a.name, "LowerHand");
  assert.deepEqual(a.args, {});
  assert.notEqual(a.op, b.op);
  assert.ok(a.op.length > 0 && a.op.length <= 64);
  assert.equal(cmd("EndFloor", {}, "fixed").op, "fixed");
  assert.ok(newOpId() !== newOpId());
  assert.deepEqual(decodeFrame(encodeFrame(cmd("AddItem", { kind: "note", text: "hi", extra: undefined }, "o1"))),
    { t: "cmd", op: "o1", name: "AddItem", args: { kind: "note", text: "hi" } });
});

test("ping and resync", () => {
  assert.deepEqual(ping(123.5), { t: "ping", ts: 123.5 });
  assert.deepEqual(resync(), { t: "resync" });
});

test("frames round-trip as binary msgpack maps, with floats and nil intact", () => {
  const frame = { t: "welcome", now: 1712345678.25, seq: 2 ** 40, epoch: "e", state: { floor: null, text: "ü ☃ <b>" } };
  const bytes = encodeFrame(frame);
  assert.ok(bytes instanceof Uint8Array);
  assert.deepEqual(decodeFrame(bytes), frame);
  assert.deepEqual(decodeFrame(bytes.slice().buffer), frame); // an ArrayBuffer, as from a WebSocket
});

test("decodeFrame refuses what is not a map with a string t", () => {
  assert.throws(() => decodeFrame(encode([1, 2])), TypeError);
  assert.throws(() => decodeFrame(encode({ t: 5 })), TypeError);
  assert.throws(() => decodeFrame(encode(null)), TypeError);
  assert.throws(() => decodeFrame(new Uint8Array([0xc1])));
});
