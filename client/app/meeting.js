// What the three meeting pages share: one Connection for the token, views updated
// on every change (batched per animation frame), a quarter-second tick for the
// countdowns, and refused commands turned into sentences on screen.
//
// A view is {el, update(ctx), tick?(ctx), always?}: hidden until the room is known,
// unless `always` (the header, which shows the connection state). ctx is
//   {room, you, me, role, steering, serverNow, connection, catalog}
// where `room` is null until the first welcome, `steering` is true for whoever
// facilitates, and `catalog` holds the round types from GET /api/methods.

import { announcements } from "../lib/announce.js";
import { fetchMethods } from "../lib/api.js";
import { Connection } from "../lib/connection.js";
import { t } from "../lib/i18n.js";
import { h } from "../lib/dom.js";
import { EMPTY_CATALOG, catalogFrom } from "../lib/rounds.js";
import { facilitates } from "../lib/store.js";
import { describeError } from "../lib/words.js";

const TICK_MS = 250;

/** The round types, fetched once; the plainer words of rounds.js if that fails. */
export async function loadCatalog() {
  try {
    return catalogFrom(await fetchMethods());
  } catch {
    return EMPTY_CATALOG;
  }
}

export function startMeeting({ token, root, views, onChange = () => {}, catalog = EMPTY_CATALOG }) {
  const connection = new Connection({ token });
  const waiting = h("p", { class: "waiting", "data-testid": "loading" }, t("meeting.connecting"));
  root.append(waiting);
  // changes in the queue, turns and time up, said to screen readers (visually hidden)
  const announcer = h("div", { class: "visually-hidden", role: "status", "aria-live": "polite", "data-testid": "announcer" });
  root.append(announcer);
  let lastRoom = null;
  for (const view of views) {
    view.el.hidden = true;
    root.append(view.el);
  }

  const context = () => {
    const { room, you } = connection.session;
    return {
      room, you, me: you?.person ?? null, role: you?.role ?? null, steering: Boolean(room && you && facilitates(you, room)),
      serverNow: connection.serverNow(), connection, catalog,
    };
  };

  let scheduled = false;
  function render() {
    scheduled = false;
    const ctx = context();
    waiting.hidden = Boolean(ctx.room) || connection.status === "stopped";
    for (const view of views) {
      view.el.hidden = !ctx.room && !view.always;
      view.update(ctx);
    }
    const said = announcements(lastRoom, ctx.room, ctx.me);
    if (said.length) announcer.textContent = said.join(" ");
    lastRoom = ctx.room;
    onChange(ctx);
  }
  connection.subscribe(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(render);
  });
  const ticker = setInterval(() => {
    if (connection.status === "stopped") clearInterval(ticker);
    if (!connection.session.room || document.hidden) return;
    const ctx = context();
    for (const view of views) view.tick?.(ctx);
  }, TICK_MS);

  connection.start();
  render();
  return connection;
}

/** `act(name, args)`: send a command; resolves true when applied, false (said on screen) when not. */
export function commander(getConnection, notices) {
  return (name, args = {}) => {
    const connection = getConnection();
    if (!connection) return Promise.resolve(false);
    return connection.send(name, args).then(
      () => true,
      (error) => {
        notices.error(describeError(error));
        return false;
      },
    );
  };
}
