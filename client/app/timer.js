// The shared countdown, rendered locally from the timer's `ends_at` and the server
// clock (the server sends no ticks). "Time is up" is said in words, not only colour.
// With `moderate`, the facilitator's controls: minutes + start, presets, pause,
// resume, +1 min and reset, each enabled only when the server would accept it.

import { countdown } from "../lib/clock.js";
import { h, setText } from "../lib/dom.js";

const PRESET_MINUTES = [1, 3, 5, 10];
const MAX_MINUTES = 240;
const STATUS_WORDS = { idle: "No timer running", running: "Running", paused: "Paused", expired: "Time is up" };

export function createTimer({ act, moderate = false, notices = null, hideIdle = false }) {
  const clock = h("p", { class: "timer-clock", "data-testid": "timer", role: "timer", "aria-label": "Time left" }, "00:00");
  const words = h("p", { class: "timer-status", "data-testid": "timer-status", "aria-live": "polite" });
  const el = h("section", { class: "panel timer", "aria-label": "Timer" }, clock, words);
  let timer = null;

  const minutes = h("input", {
    type: "number", min: "1", max: String(MAX_MINUTES), step: "1", value: "5", inputmode: "numeric",
    id: "timer-minutes", "data-testid": "timer-minutes",
  });
  const button = (testid, label, onclick, extra = {}) =>
    h("button", { type: "button", class: "secondary", "data-testid": testid, onclick, ...extra }, label);

  function start(mins) {
    const value = Number(mins);
    if (!Number.isFinite(value) || value <= 0 || value > MAX_MINUTES) {
      notices?.error(`Choose between 1 and ${MAX_MINUTES} minutes.`);
      minutes.focus();
      return;
    }
    act("StartTimer", { seconds: Math.round(value * 60) });
  }

  const controls = {
    start: button("timer-start", "Start", () => start(minutes.value), { class: "primary" }),
    pause: button("timer-pause", "Pause", () => act("PauseTimer")),
    resume: button("timer-resume", "Resume", () => act("ResumeTimer")),
    extend: button("timer-extend", "+1 min", () => act("ExtendTimer", { seconds: 60 }), {
      "aria-label": "Add one minute",
    }),
    reset: button("timer-reset", "Reset", () => act("ResetTimer")),
  };

  if (moderate) {
    const presets = PRESET_MINUTES.map((m) => button(`timer-preset-${m}`, `${m} min`, () => {
      minutes.value = String(m);
      start(m);
    }, { "aria-label": `Start a ${m} minute timer` }));
    el.append(
      h("form", {
        class: "timer-form",
        onsubmit: (event) => {
          event.preventDefault();
          start(minutes.value);
        },
      },
      h("label", { for: "timer-minutes" }, "Minutes"), minutes, controls.start),
      h("div", { class: "button-row", role: "group", "aria-label": "Quick start" }, presets),
      h("div", { class: "button-row", role: "group", "aria-label": "Timer controls" },
        controls.pause, controls.resume, controls.extend, controls.reset),
    );
    controls.start.type = "submit";
  }

  function update(ctx) {
    if (!ctx.room) return;
    timer = ctx.room.timer;
    const status = timer.status;
    if (hideIdle) el.hidden = status === "idle";
    controls.pause.disabled = status !== "running";
    controls.resume.disabled = status !== "paused";
    controls.extend.disabled = status === "idle";
    controls.reset.disabled = status === "idle";
    tick(ctx);
  }

  function tick({ serverNow }) {
    if (!timer) return;
    const view = countdown(timer, serverNow);
    const status = view.up && timer.status !== "idle" ? "expired" : timer.status;
    el.dataset.status = status;
    setText(clock, view.text);
    setText(words, STATUS_WORDS[status]);
  }

  return { el, update, tick };
}
