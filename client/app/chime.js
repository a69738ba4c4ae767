// "Sound when time is up": a toggle (off by default, remembered in this browser) and a
// short, soft two-note chime made with the Web Audio API (no audio files) when the timer
// or a timed turn runs out; client/lib/chime.js decides when. Browsers let a page make
// sound only once the person has clicked or pressed a key on it, so before that the
// chime stays silent, and the hint says so. Time up is still shown and announced in
// words: the sound is only ever an extra.
//
// data-testid: chime-toggle, chime-hint.

import { chimeStep, chimeWanted, initialChime } from "../lib/chime.js";
import { t } from "../lib/i18n.js";
import { h } from "../lib/dom.js";

const STORAGE_KEY = "peercircle:chime";
// two notes a fourth apart, soft and short: heard across a room, startling nobody
const NOTES = [[659.25, 0], [880, 0.18]]; // [Hz, seconds after the first]
const PEAK_GAIN = 0.12;
const RING_S = 1.1;

let gestured = false; // for browsers without navigator.userActivation
for (const type of ["pointerdown", "keydown"]) {
  addEventListener(type, () => { gestured = true; }, { capture: true, once: true, passive: true });
}
let audio = null;

function mayPlay() {
  return navigator.userActivation ? navigator.userActivation.hasBeenActive : gestured;
}

/** Play the chime once; false when the browser has no Web Audio or no gesture yet. */
export function playChime() {
  const Context = globalThis.AudioContext ?? globalThis.webkitAudioContext;
  if (!Context || !mayPlay()) return false;
  try {
    audio ??= new Context();
    if (audio.state === "suspended") audio.resume().catch(() => {});
    const start = audio.currentTime + 0.02;
    for (const [frequency, offset] of NOTES) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.type = "sine";
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(PEAK_GAIN, start + offset + 0.03); // no click at the onset
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + RING_S);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + RING_S + 0.05);
    }
    return true;
  } catch {
    return false; // no sound is better than a broken page
  }
}

function stored() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function store(on) {
  try {
    localStorage.setItem(STORAGE_KEY, on ? "on" : "off");
  } catch {
    // private mode: the toggle still works for this visit
  }
}

/** The toggle as a view: it watches every change and tick, and chimes when it should. */
export function createChime() {
  const box = h("input", {
    type: "checkbox", id: "chime-toggle", "data-testid": "chime-toggle", "aria-describedby": "chime-hint",
    onchange: () => store(box.checked),
  });
  box.checked = chimeWanted(stored());
  const el = h("div", { class: "panel chime" },
    h("label", { class: "check", for: "chime-toggle" }, box, t("chime.label")),
    h("p", { class: "hint", id: "chime-hint", "data-testid": "chime-hint" }, t("chime.hint")));
  // decided even while off, so turning it on never sounds an expiry from before
  let state = initialChime();

  function look({ room, serverNow }) {
    if (!room) return;
    const step = chimeStep(state, room, serverNow);
    state = step.state;
    if (step.chime && box.checked) playChime();
  }

  return { el, update: look, tick: look };
}
