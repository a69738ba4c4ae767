// The flipchart: items grouped by the round they were written in, each with its kind,
// author and text exactly as typed. Authors may edit and delete their own items, a
// facilitator any public item. `currentOnly` (the room display) shows the current
// round only. A hidden item (private writing, not revealed yet) is shown to its author
// with a "private" badge; to everyone else as "Ann wrote a card" (they have no text).
// The add form offers only the kinds the round allows (all of them to a facilitator or
// scribe), and says when what you write stays private.
//
// data-testid: add-item-kind, add-item-text, add-item-submit, add-item-private, items,
// item-<id> (data-hidden), item-private (the badge), item-placeholder,
// item-edit-<id>, item-delete-<id>, item-edit-kind, item-edit-text, item-save,
// item-cancel; with `outcomes` (who may write lessons and actions): item-lesson-<id>,
// item-action-<id> ("Make lesson", "Make action": the item's text becomes an outcome
// drawn from it, see outcomes.js).

import { t } from "../lib/i18n.js";
import { h, setText, syncList } from "../lib/dom.js";
import { currentType, kindsAllowed, roundName } from "../lib/rounds.js";
import { drawnFrom, fromItem, mayEdit } from "../lib/outcomes.js";
import { ITEM_KINDS } from "../lib/store.js";
import { itemsByRound, personById } from "../lib/selectors.js";
import { kindLabel } from "../lib/words.js";

const MAX_TEXT = 2000;

function kindSelect(attrs, selected) {
  return h("select", attrs, ITEM_KINDS.map((kind) => h("option", { value: kind, selected: kind === selected }, kindLabel(kind))));
}

/** The form to add an item, its kinds limited to the round's; the first one preselected. */
export function createAddItem({ act }) {
  const kind = kindSelect({ id: "add-item-kind", "data-testid": "add-item-kind" }, "note");
  const text = h("textarea", {
    id: "add-item-text", "data-testid": "add-item-text", rows: "3", maxlength: String(MAX_TEXT),
    placeholder: t("board.placeholder"), required: true,
  });
  const privateNote = h("p", { class: "hint private-note", "data-testid": "add-item-private", hidden: true },
    t("board.private_note"));
  let offered = "";

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
    h("h2", { id: "add-item-heading" }, t("board.add_heading")),
    privateNote,
    h("div", { class: "field" }, h("label", { for: "add-item-kind" }, t("board.kind")), kind),
    h("div", { class: "field" }, h("label", { for: "add-item-text" }, t("board.text")), text),
    h("button", { type: "submit", class: "primary", "data-testid": "add-item-submit" }, t("board.add")));

  function update({ room, me, steering, catalog }) {
    if (!room) return;
    const kinds = kindsAllowed(catalog, room, me, steering);
    const type = currentType(catalog, room);
    privateNote.hidden = type?.visibility !== "private";
    const key = JSON.stringify([kinds, room.current]);
    if (key === offered) return;
    offered = key; // a new round (or new rights): offer its kinds, the round's first kind chosen
    const preferred = type?.kinds.find((k) => kinds.includes(k)) ?? kinds[0];
    kind.replaceChildren(...kinds.map((k) => h("option", { value: k }, kindLabel(k))));
    kind.value = preferred;
    kind.disabled = kinds.length <= 1;
  }

  return { el, update };
}

/** The items, grouped by round. */
export function createBoard({ act, moderate = false, currentOnly = false, outcomes = false }) {
  const groups = h("div", { class: "board-groups" });
  const empty = h("p", { class: "muted board-empty" }, t("board.empty"));
  const el = h("section", { class: "panel board", "data-testid": "items", "aria-labelledby": "board-heading" },
    h("h2", { id: "board-heading" }, t("board.heading")), empty, groups);
  let editing = null; // id of the item being edited here
  let last = null;

  function editor(item) {
    const kind = kindSelect({ "data-testid": "item-edit-kind", "aria-label": t("board.kind") }, item.kind);
    const text = h("textarea", {
      "data-testid": "item-edit-text", "aria-label": t("board.text"), rows: "3", maxlength: String(MAX_TEXT),
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
      h("button", { type: "submit", class: "primary small", "data-testid": "item-save" }, t("board.save")),
      h("button", { type: "button", class: "secondary small", "data-testid": "item-cancel", onclick: stop }, t("board.cancel"))));
  }

  function itemView(item, ctx) {
    const author = personById(ctx.room, item.author)?.name ?? t("someone");
    const mine = item.author === ctx.me;
    const sealed = item.hidden && !mine; // someone else's private card: no text here at all
    const closed = ctx.room.closed_at != null; // a closed room takes no edits
    const mayChange = !currentOnly && !sealed && !closed && (moderate || mine);
    if (sealed) {
      return h("li", {
        class: ["item", "is-sealed"], "data-testid": `item-${item.id}`, "data-kind": item.kind, "data-hidden": "true",
      }, h("p", { class: "item-placeholder", "data-testid": "item-placeholder" }, t("board.wrote_card", { name: author })));
    }
    return h("li", {
      class: ["item", `kind-${item.kind}`, mine && "is-mine", item.hidden && "is-private"],
      "data-testid": `item-${item.id}`, "data-kind": item.kind, "data-hidden": String(item.hidden),
    },
      h("div", { class: "item-meta" },
        h("span", { class: "badge", "data-kind": item.kind }, kindLabel(item.kind)),
        item.hidden ? h("span", { class: "badge badge-private", "data-testid": "item-private" }, t("board.private")) : null,
        h("span", { class: "item-author" }, mine ? t("board.by_you", { name: author }) : author),
        item.edited_at != null && !currentOnly ? h("span", { class: "muted" }, t("board.edited")) : null),
      editing === item.id ? editor(item) : h("p", { class: "item-text" }, item.text),
      editing === item.id || !(mayChange || drawable(ctx)) ? null : h("div", { class: "item-actions" },
        mayChange ? [
          h("button", {
            type: "button", class: "small secondary", "data-testid": `item-edit-${item.id}`, "aria-label": t("board.edit_label"),
            onclick: () => { editing = item.id; rerender(); },
          }, t("board.edit")),
          h("button", {
            type: "button", class: "small danger", "data-testid": `item-delete-${item.id}`, "aria-label": t("board.delete_label"),
            onclick: () => act("DeleteItem", { item: item.id }),
          }, t("board.delete"))] : null,
        drawable(ctx) ? outcomeButtons(item, ctx) : null));
  }

  const drawable = (ctx) => outcomes && !currentOnly && mayEdit(ctx.room, ctx.me, ctx.steering);

  const WORDS = {
    lesson: { make: "board.make_lesson", made: "board.made_lesson", label: "board.make_lesson_label" },
    action: { make: "board.make_action", made: "board.made_action", label: "board.make_action_label" },
  };

  function outcomeButtons(item, ctx) {
    const made = drawnFrom(ctx.room, item.id);
    return ["lesson", "action"].map((kind) => h("button", {
      type: "button", class: ["small", "secondary", made.includes(kind) && "is-made"], "data-testid": `item-${kind}-${item.id}`,
      "aria-label": t(WORDS[kind].label, { text: item.text.slice(0, 60) }),
      onclick: () => act("AddOutcome", fromItem(item, kind)),
    }, t(made.includes(kind) ? WORDS[kind].made : WORDS[kind].make)));
  }

  function groupShell({ round, name, current }) {
    return h("section", { class: ["board-group", current && "is-current"], "data-round": round ?? "" },
      currentOnly ? null : h("h3", {}, name, current ? t("board.now") : ""),
      h("ul", { class: "items", "aria-label": t("board.items_from", { name }) }));
  }

  function update(ctx) {
    last = ctx;
    const { room } = ctx;
    if (!room) return;
    if (editing && !room.items.some((item) => item.id === editing)) editing = null;
    const kindOf = new Map(room.agenda.map((r) => [r.id, r.kind]));
    const entries = [...itemsByRound(room)]
      .filter(([round, items]) => (currentOnly ? round === room.current : items.length > 0 || (round === room.current && round != null)))
      .map(([round, items]) => ({
        round, items, current: round === room.current && room.closed_at == null,
        name: round == null ? t("board.before_start") : kindOf.has(round) ? roundName(ctx.catalog, kindOf.get(round)) : t("board.removed_round"),
      }));
    syncList(groups, entries, { key: (g) => String(g.round), signature: (g) => JSON.stringify([g.current, g.name]), render: groupShell });
    entries.forEach((g, index) => {
      syncList(groups.children[index].querySelector("ul.items"), g.items, {
        key: (item) => item.id,
        signature: (item) => JSON.stringify([item, editing === item.id, ctx.me, personById(room, item.author)?.name,
          drawable(ctx) && drawnFrom(room, item.id)]),
        render: (item) => itemView(item, ctx),
      });
    });
    const visible = entries.reduce((n, g) => n + g.items.length, 0);
    empty.hidden = visible > 0;
    setText(empty, currentOnly ? t("board.empty_round") : t("board.empty"));
  }

  function rerender() {
    if (last) update(last);
  }

  return { el, update };
}
