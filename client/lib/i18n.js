// Message catalogs (client/i18n/<lang>.js) and the language in use. PURE apart from
// reading the choice once at load: localStorage `peercircle:lang` (the visible switch),
// else the first of navigator.languages we speak, else English.
//
//   t("queue.position", { n: 3 })  ->  "You are number 3 in the queue."
//
// An unknown key falls back to English, then to the key itself (the catalog test in
// tests/client/i18n.test.mjs makes sure neither happens).

import en from "../i18n/en.js";
import nl from "../i18n/nl.js";

export const CATALOGS = Object.freeze({ en, nl });
export const LANGUAGES = Object.freeze(Object.keys(CATALOGS));
export const STORAGE_KEY = "peercircle:lang";

/** The language to use: the stored choice, else the first preferred one we have, else "en". */
export function pickLanguage(stored, preferred = []) {
  if (typeof stored === "string" && Object.hasOwn(CATALOGS, stored)) return stored;
  for (const tag of preferred ?? []) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (Object.hasOwn(CATALOGS, base)) return base;
  }
  return "en";
}

function initial() {
  let stored = null;
  try {
    stored = globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    stored = null;
  }
  const nav = globalThis.navigator;
  return pickLanguage(stored, nav?.languages?.length ? nav.languages : [nav?.language].filter(Boolean));
}

let current = "en";

/** Use `lang` from now on (and say so on <html lang>). */
export function setLanguage(lang) {
  current = Object.hasOwn(CATALOGS, lang) ? lang : "en";
  if (globalThis.document?.documentElement) globalThis.document.documentElement.lang = current;
  return current;
}

export function language() {
  return current;
}

export function hasKey(key, lang = current) {
  return Object.hasOwn(CATALOGS[lang], key);
}

/** The message for `key` in the current language, `{name}` placeholders filled from `params`. */
export function t(key, params = {}) {
  const text = CATALOGS[current][key] ?? CATALOGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (Object.hasOwn(params, name) ? String(params[name]) : match));
}

/** `t(key)` when the catalog has it, else `fallback` (texts from the server for unknown ids). */
export function tOr(key, fallback, params = {}) {
  return hasKey(key) || hasKey(key, "en") ? t(key, params) : fallback;
}

setLanguage(initial());
