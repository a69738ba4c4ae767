// The shared countdown, rendered locally from the timer's `ends_at` and the server
// clock (the server sends no ticks). "Time is up" is said in words, not only colour.
// With `moderate`, the facilitator's controls: minutes + start, presets, pause,
// resume, +1 min and reset, each enabled only when the server would accept it.

import { countdown } from "../lib/clock.js";
import { t } from "../lib/i18n.js";
import { h, setText } from "../lib/dom.js";

const PRESET_MINUTES = [1, 3, 5, 10];
const MAX_MINUTES = 240;
const STATUS_WORDS = { idle: "timer.idle", running: "timer.running", paused: "timer.paused", expired: "timer.expired" };

export function createTimer({ act, moderate = false, notices = null, hideIdle = false }) {
  const clock = h("p", { class: "timer-clock", "data-testid": "timer", role: "timer", "aria-label": t("timer.time_left") }, "00:00");
  const words = h("p", { class: "timer-status", "data-testid": "timer-status", "aria-live": "polite" });
  const el = h("section", { class: "panel timer", "aria-label": t("timer.label") }, clock, words);
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
      notices?.error(t("timer.range", { max: MAX_MINUTES }));
      minutes.focus();
      return;
    }
    act("StartTimer", { seconds: Math.round(value * 60) });
  }

  const controls = {
    start: button("timer-start", t("timer.start"), () => start(minutes.value), { class: "primary" }),
    pause: button("timer-pause", t("timer.pause"), () => act("PauseTimer")),
    resume: button("timer-resume", t("timer.resume"), () => act("ResumeTimer")),
    extend: button("timer-extend", t("timer.extend"), () => act("ExtendTimer", { seconds: 60 }), {
      "aria-label": t("timer.extend_label"),
    }),
    reset: button("timer-reset", t("timer.reset"), () => act("ResetTimer")),
  };

  if (moderate) {
    const presets = PRESET_MINUTES.map((m) => button(`timer-preset-${m}`, t("timer.preset", { n: m }), () => {
      minutes.value = String(m);
      start(m);
    }, { "aria-label": t("timer.preset_label", { n: m }) }));
    el.append(
      h("form", {
        class: "timer-form",
        onsubmit: (event) => {
          event.preventDefault();
          start(minutes.value);
        },
      },
      h("label", { for: "timer-minutes" }, t("timer.minutes")), minutes, controls.start),
      h("div", { class: "button-row", role: "group", "aria-label": t("timer.quick") }, presets),
      h("div", { class: "button-row", role: "group", "aria-label": t("timer.controls") },
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
    setText(words, t(STATUS_WORDS[status]));
  }

  return { el, update, tick };
}
