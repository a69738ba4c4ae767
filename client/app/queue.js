// The floor and the speaking queue: who speaks now, and who is next, in the server's
// order (the same on every screen). Participants raise and lower their own hand, or
// ask for a direct response (it goes ahead of plain hands), only when the round allows
// hands; otherwise the reason is said. A facilitator gives the floor (to the next hand
// or to one person), lowers hands, turns progressive ordering on or off, and ends a
// turn. The speaker ends their own turn with "Done speaking".
//
// data-testid: speaker, end-floor, queue, queue-entry (data-person, data-direct),
// queue-position, raise-hand, direct-response, lower-hand, hands-off, give-next,
// lower-all, progressive, give-<personid>, lower-<personid>.

import { formatDuration } from "../lib/clock.js";
import { t } from "../lib/i18n.js";
import { h, setText, syncList } from "../lib/dom.js";
import { currentType, handsAllowed, nameOf } from "../lib/rounds.js";
import { queuePosition, turnsView } from "../lib/selectors.js";

/** Who has the floor, prominently, with how long they have been speaking. */
export function createSpeaker({ act, moderate = false }) {
  const who = h("p", { class: "speaker-name" }, t("speaker.nobody"));
  const since = h("p", { class: "speaker-since" });
  const end = h("button", {
    type: "button", class: "secondary", "data-testid": "end-floor", hidden: true,
    onclick: () => act("EndFloor"),
  });
  const el = h("section", {
    class: "panel speaker", "data-testid": "speaker", "aria-live": "polite", "aria-label": t("speaker.label"),
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
    if (!floor) setText(who, t("speaker.nobody"));
    else setText(who, mine ? t("speaker.you") : t("speaker.other", { name: nameOf(room, floor.person) }));
    const turns = turnsView(ctx.room);
    const myTurn = mine && turns && turns.current === me; // the turns panel has Pass and Done
    end.hidden = !floor || !(mine || moderate) || Boolean(myTurn);
    setText(end, mine ? t("speaker.done") : t("speaker.end"));
    end.setAttribute("aria-label", mine ? t("speaker.done_label") : t("speaker.end_label"));
    tick(ctx);
  }

  function tick({ serverNow }) {
    setText(since, floor ? t("speaker.since", { time: formatDuration(Math.max(0, serverNow - floor.since)) }) : "");
  }

  return { el, update, tick };
}

/**
 * The queue, with positions. Options: `hands` shows this person's raise/lower buttons;
 * `moderate` adds the facilitator's buttons; `limit` shows only the first few (display).
 */
export function createQueue({ act, hands = false, moderate = false, limit = Infinity }) {
  const list = h("ol", { class: "queue", "data-testid": "queue", "aria-label": t("queue.label") });
  const empty = h("p", { class: "muted queue-empty" }, t("queue.empty"));
  const more = h("p", { class: "muted" });
  const raise = h("button", {
    type: "button", class: "primary", "data-testid": "raise-hand", onclick: () => act("RaiseHand"),
  }, t("queue.raise"));
  const direct = h("button", {
    type: "button", class: "secondary", "data-testid": "direct-response", onclick: () => act("RaiseHand", { direct: true }),
    title: t("queue.direct_title"),
  }, t("queue.direct"));
  const handsOff = h("p", { class: "muted hands-off", "data-testid": "hands-off", hidden: true });
  const progressive = h("input", {
    type: "checkbox", id: "progressive", "data-testid": "progressive",
    onchange: () => act("SetProgressive", { on: progressive.checked }),
  });
  const lower = h("button", {
    type: "button", class: "secondary", "data-testid": "lower-hand", hidden: true, onclick: () => act("LowerHand"),
  }, t("queue.lower"));
  const position = h("p", { class: "queue-position", "data-testid": "queue-position", "aria-live": "polite" });
  const giveNext = h("button", {
    type: "button", class: "primary", "data-testid": "give-next", onclick: () => act("GiveFloor"),
  }, t("queue.give_next"));
  const lowerAll = h("button", {
    type: "button", class: "secondary", "data-testid": "lower-all", onclick: () => act("LowerAllHands"),
  }, t("queue.lower_all"));
  const el = h("section", { class: "panel panel-queue", "aria-labelledby": "queue-heading" },
    h("h2", { id: "queue-heading" }, t("queue.heading")),
    hands ? h("div", { class: "hand-controls" }, raise, direct, lower, position) : null,
    hands ? handsOff : null,
    moderate ? h("div", { class: "button-row" }, giveNext, lowerAll) : null,
    moderate ? h("label", { class: "check", for: "progressive" }, progressive,
      t("queue.progressive")) : null,
    list, empty, more);

  function entry(room, hand, index, me) {
    const name = nameOf(room, hand.person);
    return h("li", {
      class: ["queue-entry", hand.person === me && "is-you", hand.direct && "is-direct"],
      "data-testid": "queue-entry", "data-person": hand.person, "data-direct": String(Boolean(hand.direct)),
    },
      h("span", { class: "queue-number", "aria-hidden": "true" }, String(index + 1)),
      h("span", { class: "person-name" }, name),
      hand.direct ? h("span", { class: "tag tag-direct" }, t("tag.direct")) : null,
      hand.person === me ? h("span", { class: "tag" }, t("tag.you")) : null,
      moderate ? h("span", { class: "entry-actions" },
        h("button", {
          type: "button", class: "small", "data-testid": `give-${hand.person}`,
          "aria-label": t("people.give_floor_to", { name }), onclick: () => act("GiveFloor", { person: hand.person }),
        }, t("queue.give")),
        h("button", {
          type: "button", class: "small secondary", "data-testid": `lower-${hand.person}`,
          "aria-label": t("people.lower_for", { name }), onclick: () => act("LowerHand", { person: hand.person }),
        }, t("queue.lower_one"))) : null);
  }

  function update({ room, me, catalog }) {
    if (!room) return;
    const shown = room.queue.slice(0, limit);
    const type = currentType(catalog, room);
    const quiet = type && ["round_robin", "silent_writing", "owner_only"].includes(type.speaking);
    el.hidden = Boolean(quiet && !moderate && !hands && room.queue.length === 0);
    progressive.checked = room.progressive;
    syncList(list, shown.map((hand, index) => ({ hand, index })), {
      key: ({ hand }) => `${hand.person}:${hand.n}`,
      signature: ({ hand, index }) => JSON.stringify([index, nameOf(room, hand.person), hand.person === me, hand.direct]),
      render: ({ hand, index }) => entry(room, hand, index, me),
    });
    empty.hidden = room.queue.length > 0 || (hands && !handsAllowed(catalog, room, me).ok);
    more.hidden = room.queue.length <= shown.length;
    setText(more, t("queue.more", { n: room.queue.length - shown.length }));
    giveNext.disabled = room.queue.length === 0;
    lowerAll.disabled = room.queue.length === 0;
    if (hands) {
      const place = queuePosition(room, me);
      const speaking = room.floor?.person === me;
      const allowed = handsAllowed(catalog, room, me);
      raise.hidden = place > 0 || speaking || !allowed.ok;
      direct.hidden = place > 0 || speaking || !allowed.ok;
      lower.hidden = place === 0;
      handsOff.hidden = allowed.ok;
      setText(handsOff, allowed.reason);
      setText(position, place === 0 ? "" : place === 1 ? t("queue.next") : t("queue.position", { n: place }));
    }
  }

  return { el, update };
}
