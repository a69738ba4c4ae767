// What the three meeting pages share: one Connection for the token, views updated
// on every change (batched per animation frame), a quarter-second tick for the
// countdowns, and refused commands turned into sentences on screen.
//
// A view is {el, update(ctx), tick?(ctx), always?}: hidden until the room is known,
// unless `always` (the header, which shows the connection state). ctx is
//   {room, you, me, role, serverNow, connection}
// where `room` is null until the first welcome.

import { Connection } from "../lib/connection.js";
import { h } from "../lib/dom.js";
import { describeError } from "../lib/words.js";

const TICK_MS = 250;

export function startMeeting({ token, root, views, onChange = () => {} }) {
  const connection = new Connection({ token });
  const waiting = h("p", { class: "waiting", "data-testid": "loading" }, "Connecting to the meeting…");
  root.append(waiting);
  for (const view of views) {
    view.el.hidden = true;
    root.append(view.el);
  }

  const context = () => {
    const { room, you } = connection.session;
    return { room, you, me: you?.person ?? null, role: you?.role ?? null, serverNow: connection.serverNow(), connection };
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
