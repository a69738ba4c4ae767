// The JSON endpoints a browser calls besides its socket (SPEC "Links and tokens").
// Failures reject with an Error whose message is a sentence for people.

async function post(path, body, token) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method: "POST", headers, body: JSON.stringify(body), credentials: "omit" });
  } catch {
    throw new Error("The server cannot be reached. Check your connection and try again.");
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(problem(response.status, data));
  return data;
}

function problem(status, data) {
  if (status === 400) return `That was not accepted: ${data.message ?? "check what you typed"}.`;
  if (status === 403) return "This invitation or code is not valid. Ask the facilitator for a new one.";
  if (status === 404) return "This meeting no longer exists.";
  if (status === 409) return data.message || "This meeting cannot take more people.";
  if (status === 429) return "Too many attempts. Wait a moment and try again.";
  if (status >= 500) return "The server is having trouble. Please try again in a moment.";
  return data.message || `The server answered ${status}.`;
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
    throw new Error("The server cannot be reached. Check your connection and try again.");
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
