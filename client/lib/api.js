// The JSON endpoints a browser calls besides its socket (SPEC "Links and tokens").
// Failures reject with an Error whose message is a sentence for people.

import { language, t } from "./i18n.js";

async function post(path, body, token) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method: "POST", headers, body: JSON.stringify(body), credentials: "omit" });
  } catch {
    throw new Error(t("api.unreachable"));
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(problem(response.status, data));
  return data;
}

function problem(status, data) {
  // the server's own message is English: used only when the page is too
  const english = language() === "en" && typeof data.message === "string" && data.message ? data.message : null;
  if (status === 400) return english ? t("api.400_detail", { detail: english }) : t("api.400");
  if (status === 403) return t("api.403");
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

/** Trade the shared invite token for a personal one: {token, person}. */
export function joinWithInvite(invite, name) {
  return post("/api/join", { name }, invite);
}

/** Trade the join code shown in the room for a personal token: {token, person}. */
export function joinWithCode(code, name) {
  return post("/api/join", { code, name });
}
