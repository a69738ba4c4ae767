// Who is here: everyone who joined, online or not (said in words, not only by colour).
// For a facilitator, each person not waiting in the queue gets a "Give floor" button
// (queued people get theirs in the queue, so `give-<id>` names exactly one button).

import { h, syncList } from "../lib/dom.js";

export function createPeople({ act, moderate = false }) {
  const list = h("ul", { class: "people", "data-testid": "people", "aria-label": "People in this meeting" });
  const count = h("span", { class: "count" });
  const el = h("section", { class: "panel panel-people", "aria-labelledby": "people-heading" },
    h("h2", { id: "people-heading" }, "People ", count), list);

  function update({ room, me }) {
    if (!room) return;
    const online = room.people.filter((p) => p.online).length;
    count.textContent = `(${online} of ${room.people.length} online)`;
    const queued = new Set(room.queue.map((hand) => hand.person));
    const speaker = room.floor?.person ?? null;
    const rows = room.people.map((p) => ({
      ...p, you: p.id === me, queued: queued.has(p.id), speaking: p.id === speaker,
    }));
    syncList(list, rows, {
      key: (p) => p.id,
      signature: (p) => JSON.stringify([p.name, p.role, p.online, p.you, p.queued, p.speaking]),
      render: (p) => h("li", {
        class: ["person", p.online ? "is-online" : "is-offline"],
        "data-testid": `person-${p.id}`,
        "data-online": String(p.online),
      },
      h("span", { class: "presence-dot", "aria-hidden": "true" }),
      h("span", { class: "person-name" }, p.name),
      p.you ? h("span", { class: "tag" }, "you") : null,
      p.role === "facilitator" ? h("span", { class: "tag tag-role" }, "facilitator") : null,
      p.speaking ? h("span", { class: "tag tag-speaking" }, "speaking") : null,
      p.queued ? h("span", { class: "tag" }, "hand up") : null,
      h("span", { class: "presence-text" }, p.online ? "online" : "offline"),
      moderate && !p.queued && !p.speaking
        ? h("button", {
          type: "button", class: "small", "data-testid": `give-${p.id}`,
          "aria-label": `Give the floor to ${p.name}`,
          onclick: () => act("GiveFloor", { person: p.id }),
        }, "Give floor")
        : null),
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
  h("label", { for: "rename-input" }, "Your name"),
  h("div", { class: "inline-field" }, input,
    h("button", { type: "submit", class: "secondary", "data-testid": "rename-submit" }, "Rename")));

  function update({ room, me }) {
    const name = room?.people.find((p) => p.id === me)?.name ?? null;
    if (name !== known && document.activeElement !== input) input.value = name ?? "";
    known = name;
  }

  return { el, update };
}
