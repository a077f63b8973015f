// The console's only way to the system: the management server's public HTTP API (README "HTTP APIs").
// Relative to the page (served at <base>/console/), so it also works behind a proxy that mounts the server on a path.
const apiBase = new URL('../api/', document.baseURI);

/** A failed call: the RFC 9457 problem document's title and detail when the server sent one. */
export class ApiError extends Error {
  constructor(status, title, detail, problem, retryAfterSeconds = null) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.problem = problem;
    /** From Retry-After (a refused sign-in, 429): how long to wait before trying again. */
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

let unauthorized = () => {};

/**
 * Who to tell when a call answers 401: the session is gone (expired, signed out elsewhere) and the
 * page must sign in again. One listener, the app's; the API module knows nothing of the form.
 */
export function onUnauthorized(listener) {
  unauthorized = listener;
}

/** Path segment for an id (ids are already restricted by the server; this keeps a URL well-formed whatever they hold). */
export const segment = (id) => encodeURIComponent(id);

export function apiUrl(path, query = {}) {
  const url = new URL(path, apiBase);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  return url;
}

/**
 * fetch() of an API URL, for the calls that read the body themselves (media streams and files).
 * The session is the server's HttpOnly cookie: same-origin requests carry it, said outright here
 * so that no call goes without it; the page never sees the token. A 401 is reported (above).
 * @param signingIn a 401 is the answer to a sign-in (wrong password), not a lost session
 */
export async function fetchApi(path, query, { signingIn = false, ...init } = {}) {
  const response = await fetch(apiUrl(path, query), { ...init, credentials: 'same-origin' });
  if (response.status === 401 && !signingIn) unauthorized();
  return response;
}

export async function request(method, path, { query, body, signal, signingIn } = {}) {
  const init = { method, headers: { accept: 'application/json' }, signal, signingIn };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetchApi(path, query, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The management server cannot be reached', e.message);
  }
  const text = await response.text();
  const data = parseJson(text);
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : null;
    const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
    throw new ApiError(response.status, problem?.title ?? response.statusText, problem?.detail ?? text.slice(0, 300), problem,
      Number.isFinite(retryAfter) ? retryAfter : null);
  }
  return { status: response.status, data };
}

export const getJson = async (path, query, signal) => (await request('GET', path, { query, signal })).data;
export const postJson = (path, body) => request('POST', path, { body });
export const remove = (path) => request('DELETE', path);

function parseJson(text) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
