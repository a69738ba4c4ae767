// What this browser remembers about meetings, in localStorage:
//   peercircle:<room>        the participant's personal token (their identity)
//   peercircle:links:<room>  the three links, saved by the page that created the meeting
// A token is `<room id>.<secret>`; its room id is public, its secret is not.

const PREFIX = "peercircle:";

/** The room id of a token (or of a bare room id), or null. */
export function roomOf(token) {
  if (typeof token !== "string" || !token) return null;
  const room = token.split(".", 1)[0];
  return room || null;
}

/** The token (or room id) in the URL fragment, without `#`. */
export function fragment(loc = globalThis.location) {
  try {
    return decodeURIComponent(loc.hash.replace(/^#/, "")).trim();
  } catch {
    return "";
  }
}

function storage(store) {
  try {
    return store ?? globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled: we simply remember nothing
  }
}

function read(key, store) {
  try {
    return storage(store)?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key, value, store) {
  try {
    if (value == null) storage(store)?.removeItem(key);
    else storage(store)?.setItem(key, value);
  } catch {
    // full or disabled storage: the session still works, it just won't survive a reload
  }
}

export function loadPersonalToken(room, store) {
  return read(`${PREFIX}${room}`, store);
}

export function savePersonalToken(room, token, store) {
  write(`${PREFIX}${room}`, token, store);
}

export function forgetPersonalToken(room, store) {
  write(`${PREFIX}${room}`, null, store);
}

export function saveLinks(room, created, store) {
  write(`${PREFIX}links:${room}`, JSON.stringify({ code: created.code, links: created.links }), store);
}

export function forgetLinks(room, store) {
  write(`${PREFIX}links:${room}`, null, store);
}

/** {code, links: {facilitator, participant, display}} saved at creation, or null. */
export function loadLinks(room, store) {
  try {
    const data = JSON.parse(read(`${PREFIX}links:${room}`, store) ?? "null");
    return data && typeof data.links === "object" ? data : null;
  } catch {
    return null;
  }
}
