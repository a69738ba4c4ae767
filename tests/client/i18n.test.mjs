// The message catalogs: English and Dutch hold the same keys with the same
// placeholders; every key the pages use exists; every method, round type, item kind,
// duty and speaking rule the server knows (server/domain/methods.py) has its texts.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";

import en from "../../client/i18n/en.js";
import nl from "../../client/i18n/nl.js";
import { CATALOGS, pickLanguage, setLanguage, t } from "../../client/lib/i18n.js";
import { catalogFrom, ruleWords } from "../../client/lib/rounds.js";
import { DUTIES, ITEM_KINDS } from "../../client/lib/store.js";

const CLIENT = new URL("../../client/", import.meta.url);
const methodsPy = readFileSync(new URL("../../server/domain/methods.py", import.meta.url), "utf8");
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources() {
  const files = [];
  for (const dir of ["app", "lib"]) {
    for (const name of readdirSync(new URL(`${dir}/`, CLIENT))) {
      if (name.endsWith(".js")) files.push([`${dir}/${name}`, readFileSync(new URL(`${dir}/${name}`, CLIENT), "utf8")]);
    }
  }
  return files;
}

test("English and Dutch have exactly the same keys, none empty, same placeholders", () => {
  assert.deepEqual(Object.keys(nl).sort(), Object.keys(en).sort());
  for (const [key, text] of Object.entries(en)) {
    assert.equal(typeof text, "string", key);
    assert.ok(text.trim(), `en ${key} is empty`);
    assert.ok(nl[key].trim(), `nl ${key} is empty`);
    assert.deepEqual(placeholders(nl[key]), placeholders(text), `placeholders of ${key}`);
  }
  assert.deepEqual(Object.keys(CATALOGS).sort(), ["en", "nl"]);
});

test("every key a page uses is in the catalogs", () => {
  const namespaces = new Set(Object.keys(en).map((k) => k.split(".")[0]));
  const missing = [];
  let used = 0;
  for (const [file, text] of sources()) {
    for (const m of text.matchAll(/\bt(?:Or)?\(\s*"([^"]+)"/g)) {
      used += 1;
      if (!Object.hasOwn(en, m[1])) missing.push(`${file}: t("${m[1]}")`);
    }
    // keys kept in tables ("error.forbidden") are string literals in a known namespace
    for (const m of text.matchAll(/"([a-z_]+(?:\.[a-z0-9_]+)+)"/g)) {
      const key = m[1];
      if (namespaces.has(key.split(".")[0]) && !/\.(js|mjs|py)$/.test(key) && !Object.hasOwn(en, key)) missing.push(`${file}: "${key}"`);
    }
    // a template key must name its namespace and be one this test checks below
    for (const m of text.matchAll(/\bt(?:Or)?\(\s*`([a-z_]+)\./g)) {
      assert.ok(["round", "method", "duty_short", "lang", "kinds", "owner", "speaking", "speaking_short"].includes(m[1]), `${file}: t(\`${m[1]}.…\`) is not checked`);
    }
  }
  assert.ok(used > 150, `only ${used} uses of t() found`);
  assert.deepEqual(missing, []);
});

test("every method, round type, kind, duty and rule of the server has its texts", () => {
  const rounds = [...methodsPy.matchAll(/^\s+_t\("([a-z_]+)"/gm)].map((m) => m[1]);
  const methods = [...methodsPy.matchAll(/^\s+_m\("([a-z_]+)"/gm)].map((m) => m[1]);
  const speaking = [...methodsPy.matchAll(/^\s+[A-Z_]+ = "([a-z_]+)"\s+# /gm)].map((m) => m[1]);
  assert.ok(rounds.length >= 20 && methods.length >= 5, "methods.py could not be read");
  const wanted = [
    ...rounds.flatMap((k) => [`round.${k}.name`, `round.${k}.hint`]),
    ...methods.flatMap((k) => [`method.${k}.name`, `method.${k}.summary`]),
    ...ITEM_KINDS.flatMap((k) => [`kind.${k}`, `kinds.${k}`]),
    ...DUTIES.map((d) => `duty_short.${d}`), ...DUTIES.map((d) => `duty.${d}`), "duty.peer",
    ...["owner_only", "round_robin", "hand_queue", "open", "silent_writing"].flatMap((s) => [`speaking.${s}`, `speaking_short.${s}`]),
    ...["presenting", "answering", "listening"].map((o) => `owner.${o}`),
    ...Object.keys(CATALOGS).map((l) => `lang.${l}`),
  ];
  assert.ok(speaking.includes("round_robin") && speaking.includes("listening"));
  assert.deepEqual(wanted.filter((k) => !Object.hasOwn(en, k)), []);
});

test("the language comes from the stored choice, else the browser, else English", () => {
  assert.equal(pickLanguage(null, ["nl-NL", "en"]), "nl");
  assert.equal(pickLanguage(null, ["de-DE", "en-GB"]), "en");
  assert.equal(pickLanguage("en", ["nl-BE"]), "en");
  assert.equal(pickLanguage("fr", ["fr"]), "en");
  assert.equal(pickLanguage(undefined, undefined), "en");
});

test("Dutch texts: placeholders filled, round types translated from the server's answer", () => {
  try {
    setLanguage("nl");
    assert.equal(t("queue.position", { n: 2 }), "Jij bent nummer 2 op de sprekerslijst.");
    const catalog = catalogFrom({
      round_types: [{ key: "advice", name: "Advice round", hint: "x", speaking: "round_robin", kinds: ["option"], owner: "answering" }],
      methods: [{ id: "incident", name: "Incident method", summary: "y", rounds: [{ key: "advice", name: "Advice round", hint: "x", minutes: 5 }] }],
    });
    assert.equal(catalog.types.get("advice").name, "Adviesronde");
    assert.equal(catalog.methods[0].name, "Incidentmethode");
    assert.equal(catalog.methods[0].rounds[0].name, "Adviesronde");
    assert.match(ruleWords(catalog.types.get("advice"), { owner: true }), /om de beurt.*Beantwoord/);
  } finally {
    setLanguage("en");
  }
});
