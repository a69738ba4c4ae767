// The flipchart: items grouped by the phase they were written in, each with its kind,
// author and text exactly as typed. Authors may edit and delete their own items, a
// facilitator any item. `currentOnly` (the room display) shows the current phase only.

import { h, syncList } from "../lib/dom.js";
import { ITEM_KINDS, itemsByPhase, personById } from "../lib/store.js";
import { kindLabel, phaseLabel, suggestedKind } from "../lib/words.js";

const MAX_TEXT = 2000;

function kindSelect(attrs, selected) {
  return h("select", attrs, ITEM_KINDS.map((kind) => h("option", { value: kind, selected: kind === selected }, kindLabel(kind))));
}

/** The form to add an item; it preselects the kind that fits the phase until changed. */
export function createAddItem({ act }) {
  const kind = kindSelect({ id: "add-item-kind", "data-testid": "add-item-kind" }, "note");
  const text = h("textarea", {
    id: "add-item-text", "data-testid": "add-item-text", rows: "3", maxlength: String(MAX_TEXT),
    placeholder: "A question, an idea, a lesson…", required: true,
  });
  let chosen = false; // the person picked a kind: stop following the phase
  kind.addEventListener("change", () => { chosen = true; });

  async function submit(event) {
    event.preventDefault();
    const value = text.value.trim();
    if (!value) return text.focus();
    text.value = ""; // at once: the command survives reconnects; a refusal puts it back
    const ok = await act("AddItem", { kind: kind.value, text: value });
    if (!ok && !text.value) text.value = value;
    return undefined;
  }
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(event);
  });

  const el = h("form", { class: "panel add-item", onsubmit: submit, "aria-labelledby": "add-item-heading" },
    h("h2", { id: "add-item-heading" }, "Add to the flipchart"),
    h("div", { class: "field" }, h("label", { for: "add-item-kind" }, "Kind"), kind),
    h("div", { class: "field" }, h("label", { for: "add-item-text" }, "Text"), text),
    h("button", { type: "submit", class: "primary", "data-testid": "add-item-submit" }, "Add"));

  function update({ room }) {
    if (room && !chosen) kind.value = suggestedKind(room.phase);
  }

  return { el, update };
}

/** The items, grouped by phase. */
export function createBoard({ act, moderate = false, currentOnly = false }) {
  const groups = h("div", { class: "board-groups" });
  const empty = h("p", { class: "muted board-empty" }, "Nothing on the flipchart yet.");
  const el = h("section", { class: "panel board", "data-testid": "items", "aria-labelledby": "board-heading" },
    h("h2", { id: "board-heading" }, "Flipchart"), empty, groups);
  let editing = null; // id of the item being edited here
  let last = null;

  function editor(item) {
    const kind = kindSelect({ "data-testid": "item-edit-kind", "aria-label": "Kind" }, item.kind);
    const text = h("textarea", {
      "data-testid": "item-edit-text", "aria-label": "Text", rows: "3", maxlength: String(MAX_TEXT),
    });
    text.value = item.text;
    const stop = () => {
      editing = null;
      rerender();
      el.querySelector(`[data-testid="item-edit-${item.id}"]`)?.focus();
    };
    queueMicrotask(() => text.focus());
    return h("form", {
      class: "item-editor",
      onsubmit: async (event) => {
        event.preventDefault();
        const value = text.value.trim();
        if (!value) return text.focus();
        if (await act("EditItem", { item: item.id, text: value, kind: kind.value })) stop();
        return undefined;
      },
      onkeydown: (event) => { if (event.key === "Escape") stop(); },
    }, kind, text, h("div", { class: "button-row" },
      h("button", { type: "submit", class: "primary small", "data-testid": "item-save" }, "Save"),
      h("button", { type: "button", class: "secondary small", "data-testid": "item-cancel", onclick: stop }, "Cancel")));
  }

  function itemView(item, ctx) {
    const author = personById(ctx.room, item.author)?.name ?? "someone";
    const mayChange = !currentOnly && (moderate || item.author === ctx.me);
    const mine = item.author === ctx.me;
    return h("li", { class: ["item", `kind-${item.kind}`, mine && "is-mine"], "data-testid": `item-${item.id}`, "data-kind": item.kind },
      h("div", { class: "item-meta" },
        h("span", { class: "badge", "data-kind": item.kind }, kindLabel(item.kind)),
        currentOnly ? null : h("span", { class: "item-author" }, mine ? `${author} (you)` : author),
        item.edited_at != null && !currentOnly ? h("span", { class: "muted" }, "edited") : null),
      editing === item.id ? editor(item) : h("p", { class: "item-text" }, item.text),
      mayChange && editing !== item.id ? h("div", { class: "item-actions" },
        h("button", {
          type: "button", class: "small secondary", "data-testid": `item-edit-${item.id}`, "aria-label": "Edit this item",
          onclick: () => { editing = item.id; rerender(); },
        }, "Edit"),
        h("button", {
          type: "button", class: "small danger", "data-testid": `item-delete-${item.id}`, "aria-label": "Delete this item",
          onclick: () => act("DeleteItem", { item: item.id }),
        }, "Delete")) : null);
  }

  function groupShell({ phase, current }) {
    return h("section", { class: ["board-group", current && "is-current"], "data-phase": phase },
      currentOnly ? null : h("h3", {}, phaseLabel(phase), current ? " (now)" : ""),
      h("ul", { class: "items", "aria-label": `Items from ${phaseLabel(phase)}` }));
  }

  function update(ctx) {
    last = ctx;
    const { room } = ctx;
    if (!room) return;
    if (editing && !room.items.some((item) => item.id === editing)) editing = null;
    const entries = [...itemsByPhase(room)]
      .filter(([phase, items]) => (currentOnly ? phase === room.phase : items.length > 0 || phase === room.phase))
      .map(([phase, items]) => ({ phase, items, current: phase === room.phase }));
    syncList(groups, entries, { key: (g) => g.phase, signature: (g) => String(g.current), render: groupShell });
    entries.forEach((g, index) => {
      syncList(groups.children[index].querySelector("ul.items"), g.items, {
        key: (item) => item.id,
        signature: (item) => JSON.stringify([item, editing === item.id, ctx.me, personById(room, item.author)?.name]),
        render: (item) => itemView(item, ctx),
      });
    });
    const visible = entries.reduce((n, g) => n + g.items.length, 0);
    empty.hidden = visible > 0;
    empty.textContent = currentOnly ? "Nothing on the flipchart for this phase yet." : "Nothing on the flipchart yet.";
  }

  function rerender() {
    if (last) update(last);
  }

  return { el, update };
}
