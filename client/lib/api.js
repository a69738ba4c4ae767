// The JSON endpoints a browser calls besides its socket (SPEC "Links and tokens").
// Failures reject with an Error whose message is a sentence for people.

import { language, t } from "./i18n.js";

async function request(method, path, body, token, forbidden = "api.403", conflict = null) {
  const headers = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit",
    });
  } catch {
    throw new Error(t("api.unreachable"));
  }
  const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = response.status === 409 && conflict ? t(conflict) : problem(response.status, data, forbidden);
    throw Object.assign(new Error(message), { status: response.status, code: data.error });
  }
  return data;
}

function post(path, body, token) {
  return request("POST", path, body, token);
}

function problem(status, data, forbidden = "api.403") {
  // the server's own message is English: used only when the page is too
  const english = language() === "en" && typeof data.message === "string" && data.message ? data.message : null;
  if (status === 400) return english ? t("api.400_detail", { detail: english }) : t("api.400");
  if (status === 403) return t(forbidden);
  if (status === 404) return t("api.404");
  if (status === 409) return english ?? t("api.409");
  if (status === 429) return t("api.429");
  if (status >= 500) return t("api.500");
  return english ?? t("api.other", { status });
}

/** Create a meeting: {room, code, links: {facilitator, participant, display}}. */
export function createRoom(title, method) {
  return post("/api/rooms", method ? { title, method } : { title });
}

/** The meeting methods and round types (GET /api/methods, public): {methods, round_types}. */
export async function fetchMethods() {
  let response;
  try {
    response = await fetch("/api/methods", { credentials: "omit" });
  } catch {
    throw new Error(t("api.unreachable"));
  }
  if (!response.ok) throw new Error(problem(response.status, {}));
  return response.json();
}

/** Trade the shared invite token for a personal one: {token, person}. A closed meeting
 *  takes nobody in (409 wrong_state): that rejects with `closed` set on the error. */
export async function joinWithInvite(invite, name) {
  return closedAware(post("/api/join", { name }, invite));
}

/** Trade the join code shown in the room for a personal token: {token, person}. */
export function joinWithCode(code, name) {
  return closedAware(post("/api/join", { code, name }));
}

async function closedAware(joining) {
  try {
    return await joining;
  } catch (error) {
    if (error.status === 409 && error.code === "wrong_state") {
      throw Object.assign(new Error(t("api.409_closed")), { closed: true });
    }
    throw error;
  }
}

const roomPath = (room) => `/api/rooms/${encodeURIComponent(room)}`;

/** The lobby (GET /api/rooms/{room}/brief) with any live link of the meeting, before
 *  joining: {title, method, problem, objectives, context, starts_at, started, closed}. */
export function fetchBrief(room, token) {
  return request("GET", `${roomPath(room)}/brief`, undefined, token);
}

/** Replace a shared link ("participant" | "display" | "facilitator"): {link, url}. The
 *  old link stops working at once; its sockets are closed (4003). Facilitator token only. */
export function rotateLink(room, link, facilitatorToken) {
  return request("POST", `${roomPath(room)}/revoke`, { link }, facilitatorToken, "api.403_facilitator");
}

/** Remove a participant: their personal token is refused from now on: {person, revoked}. */
export function removePerson(room, person, facilitatorToken) {
  return request("POST", `${roomPath(room)}/revoke`, { person }, facilitatorToken, "api.403_facilitator");
}

/** Delete the whole meeting for everyone (204); every socket closes with 4004. */
export function deleteRoom(room, facilitatorToken) {
  return request("DELETE", roomPath(room), undefined, facilitatorToken, "api.403_facilitator");
}

// --- after the meeting ------------------------------------------------------------

/** The summary of a meeting (GET /api/rooms/{room}/summary, format peercircle.summary/1):
 *  with a facilitator link, a participant's personal token (after the close) or a
 *  read-only summary link. */
export function fetchSummary(room, token) {
  return request("GET", `${roomPath(room)}/summary`, undefined, token, "api.403_summary", "api.409_not_closed");
}

export const EXPORT_FORMATS = Object.freeze(["md", "json", "csv"]);

/** The browser's time zone (exports write times in it), or UTC. */
function timeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** One export as {blob, filename}: fetched with the token (never in the URL), for a blob download. */
export async function fetchExport(room, format, lang, token) {
  if (!EXPORT_FORMATS.includes(format)) throw new Error(t("api.400"));
  let response;
  const query = `lang=${encodeURIComponent(lang)}&tz=${encodeURIComponent(timeZone())}`;
  try {
    response = await fetch(`${roomPath(room)}/export.${format}?${query}`, {
      headers: { authorization: `Bearer ${token}` }, credentials: "omit",
    });
  } catch {
    throw new Error(t("api.unreachable"));
  }
  if (response.status === 409) throw new Error(t("api.409_not_closed"));
  if (!response.ok) throw new Error(problem(response.status, await response.json().catch(() => ({})), "api.403_export"));
  const named = /filename="?([^";]+)"?/i.exec(response.headers.get("content-disposition") ?? "")?.[1];
  return { blob: await response.blob(), filename: named || `peercircle-${room}.${format}` };
}

/** Make the read-only summary link for people who did not attend: {url}. Facilitator only. */
export function createSummaryLink(room, facilitatorToken) {
  return request("POST", `${roomPath(room)}/summary-link`, undefined, facilitatorToken, "api.403_facilitator");
}

/** Revoke the read-only summary link: it stops working at once. */
export function revokeSummaryLink(room, facilitatorToken) {
  return request("DELETE", `${roomPath(room)}/summary-link`, undefined, facilitatorToken, "api.403_facilitator");
}

/** Create the follow-up of a closed meeting: {room, code, links}, as POST /api/rooms. */
export function createFollowUp(room, facilitatorToken) {
  return request("POST", `${roomPath(room)}/follow-up`, {}, facilitatorToken, "api.403_facilitator", "api.409_not_closed");
}
