// Who is here: everyone who joined, online or not (said in words, not only by colour),
// their duties as tags, and guests (in the room without a device). For a facilitator,
// per person: duty toggles (case owner, scribe, timekeeper, facilitator), a "Give floor"
// button for those not waiting in the queue (queued people get theirs in the queue, so
// `give-<id>` names exactly one button), and for guests "Raise hand" / "Lower hand" on
// their behalf; and a form to add a guest by name. With `remove(person)` (the facilitator
// page: asks first, resolves true when done), "Remove" for each participant with a
// device (not for guests, who have no token, nor for whoever facilitates by link).
//
// data-testid: people, person-<id>, duty-<id>-<duty> (aria-pressed), give-<id>,
// raise-for-<id>, remove-<id>, guest-name, guest-add, rename-input, rename-submit.

import { t } from "../lib/i18n.js";
import { h, syncList } from "../lib/dom.js";
import { DUTIES } from "../lib/store.js";
import { dutyLabel } from "../lib/words.js";


export function createPeople({ act, moderate = false, remove = null }) {
  const removed = new Set(); // removed from this page: they stay listed (what they wrote stays)
  const removing = new Set();
  const list = h("ul", { class: "people", "data-testid": "people", "aria-label": t("people.label") });
  const count = h("span", { class: "count" });
  const guestName = h("input", {
    id: "guest-name", "data-testid": "guest-name", type: "text", maxlength: "60", autocomplete: "off",
    placeholder: t("people.guest_placeholder"),
  });
  const guestForm = h("form", {
    class: "guest-add",
    onsubmit: async (event) => {
      event.preventDefault();
      const name = guestName.value.trim();
      if (!name) return guestName.focus();
      if (await act("AddGuest", { name })) guestName.value = "";
      return undefined;
    },
  }, h("label", { for: "guest-name" }, t("people.add_guest")),
  h("div", { class: "inline-field" }, guestName, h("button", { type: "submit", class: "secondary", "data-testid": "guest-add" }, t("people.add"))));
  const el = h("section", { class: "panel panel-people", "aria-labelledby": "people-heading" },
    h("h2", { id: "people-heading" }, t("people.heading"), " ", count), list, moderate ? guestForm : null);

  function dutyToggles(p) {
    return h("div", { class: "duty-toggles", role: "group", "aria-label": t("people.duties_of", { name: p.name }) },
      DUTIES.map((duty) => {
        const on = p.duties.includes(duty);
        const locked = duty === "facilitator" && p.role === "facilitator"; // the link always facilitates
        return h("button", {
          type: "button", class: ["small", "toggle", on && "is-on"], "data-testid": `duty-${p.id}-${duty}`,
          "aria-pressed": String(on), disabled: locked,
          "aria-label": dutyLabel(duty) === t(`duty_short.${duty}`) ? t("people.duty_label", { duty: dutyLabel(duty), name: p.name })
            : t("people.duty_label_short", { short: t(`duty_short.${duty}`), duty: dutyLabel(duty), name: p.name }),
          title: dutyLabel(duty),
          onclick: () => act("SetDuty", { person: p.id, duty, on: !on }),
        }, t(`duty_short.${duty}`));
      }));
  }

  let last = null;
  function update(ctx) {
    const { room, me } = ctx;
    if (!room) return;
    last = ctx;
    const online = room.people.filter((p) => p.online).length;
    const devices = room.people.filter((p) => !p.guest).length;
    count.textContent = t("people.online_count", { online, total: devices });
    const queued = new Set(room.queue.map((hand) => hand.person));
    const speaker = room.floor?.person ?? null;
    const rows = room.people.map((p) => ({
      ...p, you: p.id === me, queued: queued.has(p.id), speaking: p.id === speaker,
    }));
    syncList(list, rows, {
      key: (p) => p.id,
      signature: (p) => JSON.stringify([p.name, p.role, p.online, p.you, p.queued, p.speaking, p.duties, p.guest, removed.has(p.id)]),
      render: (p) => h("li", {
        class: ["person", p.online || p.guest ? "is-online" : "is-offline", p.guest && "is-guest"],
        "data-testid": `person-${p.id}`,
        "data-online": String(p.online),
      },
      h("div", { class: "person-line" },
        h("span", { class: "presence-dot", "aria-hidden": "true" }),
        h("span", { class: "person-name" }, p.name),
        p.you ? h("span", { class: "tag" }, t("tag.you")) : null,
        p.duties.filter((d) => d !== "peer").map((d) => h("span", { class: ["tag", "tag-role", `tag-${d}`] }, dutyLabel(d).toLowerCase())),
        p.guest ? h("span", { class: "tag" }, t("tag.guest")) : null,
        p.speaking ? h("span", { class: "tag tag-speaking" }, t("tag.speaking")) : null,
        p.queued ? h("span", { class: "tag" }, t("tag.hand_up")) : null,
        removed.has(p.id) ? h("span", { class: "tag tag-removed" }, t("tag.removed")) : null,
        h("span", { class: "presence-text" }, p.guest ? t("people.in_room") : p.online ? t("people.online") : t("people.offline")),
        moderate && p.guest ? h("button", {
          type: "button", class: "small secondary", "data-testid": `raise-for-${p.id}`,
          "aria-label": t(p.queued ? "people.lower_for" : "people.raise_for", { name: p.name }),
          onclick: () => act(p.queued ? "LowerHand" : "RaiseHand", { person: p.id }),
        }, p.queued ? t("people.lower_hand") : t("people.raise_hand")) : null,
        moderate && !p.queued && !p.speaking
          ? h("button", {
            type: "button", class: "small", "data-testid": `give-${p.id}`,
            "aria-label": t("people.give_floor_to", { name: p.name }),
            onclick: () => act("GiveFloor", { person: p.id }),
          }, t("people.give_floor"))
          : null,
        remove && !p.guest && !p.you && p.role === "participant" && !removed.has(p.id)
          ? h("button", {
            type: "button", class: "small danger", "data-testid": `remove-${p.id}`,
            "aria-label": t("people.remove_label", { name: p.name }),
            onclick: async () => {
              if (removing.has(p.id)) return;
              removing.add(p.id);
              const done = await remove(p);
              removing.delete(p.id);
              if (!done) return;
              removed.add(p.id);
              if (last) update(last);
            },
          }, t("people.remove"))
          : null),
      moderate ? dutyToggles(p) : null),
    });
  }

  return { el, update };
}

/** "Your name" — anyone who is a person in the meeting may rename themselves. */
export function createRename({ act }) {
  const input = h("input", {
    id: "rename-input", "data-testid": "rename-input", type: "text", maxlength: "60", autocomplete: "name", required: true,
  });
  let known = null;
  const el = h("form", {
    class: "panel rename",
    onsubmit: async (event) => {
      event.preventDefault();
      const name = input.value.trim();
      if (name && name !== known) await act("Rename", { name });
    },
  },
  h("label", { for: "rename-input" }, t("people.your_name")),
  h("div", { class: "inline-field" }, input,
    h("button", { type: "submit", class: "secondary", "data-testid": "rename-submit" }, t("people.rename"))));

  function update({ room, me }) {
    const name = room?.people.find((p) => p.id === me)?.name ?? null;
    if (name !== known && document.activeElement !== input) input.value = name ?? "";
    known = name;
  }

  return { el, update };
}
