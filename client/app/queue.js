// The floor and the speaking queue: who speaks now, and who is next, in the server's
// order (the same on every screen). Participants raise and lower their own hand; a
// facilitator gives the floor (to the next hand or to one person), lowers hands, and
// ends a turn. The speaker ends their own turn with "Done speaking".

import { formatDuration } from "../lib/clock.js";
import { h, setText, syncList } from "../lib/dom.js";
import { personById, queuePosition } from "../lib/store.js";

const nameOf = (room, id) => personById(room, id)?.name ?? "Someone";

/** Who has the floor, prominently, with how long they have been speaking. */
export function createSpeaker({ act, moderate = false }) {
  const who = h("p", { class: "speaker-name" }, "Nobody has the floor");
  const since = h("p", { class: "speaker-since" });
  const end = h("button", {
    type: "button", class: "secondary", "data-testid": "end-floor", hidden: true,
    onclick: () => act("EndFloor"),
  });
  const el = h("section", {
    class: "panel speaker", "data-testid": "speaker", "aria-live": "polite", "aria-label": "Current speaker",
  }, who, since, end);
  let floor = null;

  function update(ctx) {
    const { room, me } = ctx;
    if (!room) return;
    floor = room.floor;
    const mine = Boolean(floor && floor.person === me);
    el.classList.toggle("is-you", mine);
    el.classList.toggle("is-empty", !floor);
    el.dataset.person = floor?.person ?? "";
    if (!floor) setText(who, "Nobody has the floor");
    else setText(who, mine ? "You have the floor" : `${nameOf(room, floor.person)} has the floor`);
    end.hidden = !floor || !(mine || moderate);
    setText(end, mine ? "Done speaking" : "End turn");
    end.setAttribute("aria-label", mine ? "Done speaking: end my turn" : "End the current speaker's turn");
    tick(ctx);
  }

  function tick({ serverNow }) {
    setText(since, floor ? `speaking for ${formatDuration(Math.max(0, serverNow - floor.since))}` : "");
  }

  return { el, update, tick };
}

/**
 * The queue, with positions. Options: `hands` shows this person's raise/lower buttons;
 * `moderate` adds the facilitator's buttons; `limit` shows only the first few (display).
 */
export function createQueue({ act, hands = false, moderate = false, limit = Infinity }) {
  const list = h("ol", { class: "queue", "data-testid": "queue", "aria-label": "Speaking queue" });
  const empty = h("p", { class: "muted queue-empty" }, "No hands raised.");
  const more = h("p", { class: "muted" });
  const raise = h("button", {
    type: "button", class: "primary", "data-testid": "raise-hand", onclick: () => act("RaiseHand"),
  }, "Raise hand");
  const lower = h("button", {
    type: "button", class: "secondary", "data-testid": "lower-hand", hidden: true, onclick: () => act("LowerHand"),
  }, "Lower hand");
  const position = h("p", { class: "queue-position", "data-testid": "queue-position", "aria-live": "polite" });
  const giveNext = h("button", {
    type: "button", class: "primary", "data-testid": "give-next", onclick: () => act("GiveFloor"),
  }, "Give floor to next");
  const lowerAll = h("button", {
    type: "button", class: "secondary", "data-testid": "lower-all", onclick: () => act("LowerAllHands"),
  }, "Lower all hands");
  const el = h("section", { class: "panel panel-queue", "aria-labelledby": "queue-heading" },
    h("h2", { id: "queue-heading" }, "Speaking queue"),
    hands ? h("div", { class: "hand-controls" }, raise, lower, position) : null,
    moderate ? h("div", { class: "button-row" }, giveNext, lowerAll) : null,
    list, empty, more);

  function entry(room, hand, index, me) {
    const name = nameOf(room, hand.person);
    return h("li", { class: ["queue-entry", hand.person === me && "is-you"], "data-testid": "queue-entry", "data-person": hand.person },
      h("span", { class: "queue-number", "aria-hidden": "true" }, String(index + 1)),
      h("span", { class: "person-name" }, name),
      hand.person === me ? h("span", { class: "tag" }, "you") : null,
      moderate ? h("span", { class: "entry-actions" },
        h("button", {
          type: "button", class: "small", "data-testid": `give-${hand.person}`,
          "aria-label": `Give the floor to ${name}`, onclick: () => act("GiveFloor", { person: hand.person }),
        }, "Give floor"),
        h("button", {
          type: "button", class: "small secondary", "data-testid": `lower-${hand.person}`,
          "aria-label": `Lower ${name}'s hand`, onclick: () => act("LowerHand", { person: hand.person }),
        }, "Lower")) : null);
  }

  function update({ room, me }) {
    if (!room) return;
    const shown = room.queue.slice(0, limit);
    syncList(list, shown.map((hand, index) => ({ hand, index })), {
      key: ({ hand }) => `${hand.person}:${hand.n}`,
      signature: ({ hand, index }) => JSON.stringify([index, nameOf(room, hand.person), hand.person === me]),
      render: ({ hand, index }) => entry(room, hand, index, me),
    });
    empty.hidden = room.queue.length > 0;
    more.hidden = room.queue.length <= shown.length;
    setText(more, `and ${room.queue.length - shown.length} more`);
    giveNext.disabled = room.queue.length === 0;
    lowerAll.disabled = room.queue.length === 0;
    if (hands) {
      const place = queuePosition(room, me);
      const speaking = room.floor?.person === me;
      raise.hidden = place > 0 || speaking;
      lower.hidden = place === 0;
      setText(position, place === 0 ? "" : place === 1 ? "You are next." : `You are number ${place} in the queue.`);
    }
  }

  return { el, update };
}
