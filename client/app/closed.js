// Views that only mean something while the meeting is open: a closed room refuses every
// change but a reopen, so their controls leave the page at the close and come back when
// the facilitator reopens.

/** `view`, hidden while the meeting is closed; its own `update` decides the rest. */
export function whileOpen(view) {
  let hiddenByClose = false;
  return {
    ...view,
    update(ctx) {
      const closed = ctx.room?.closed_at != null;
      if (!closed && hiddenByClose) { // reopened: give the view back, then let it decide
        view.el.hidden = false;
        hiddenByClose = false;
      }
      view.update(ctx);
      if (closed) {
        view.el.hidden = true;
        hiddenByClose = true;
      }
    },
  };
}
