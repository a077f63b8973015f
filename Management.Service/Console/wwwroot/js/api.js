// The console's only way to the system: the management server's public HTTP API (README "HTTP APIs").
// Relative to the page (served at <base>/console/), so it also works behind a proxy that mounts the server on a path.
const apiBase = new URL('../api/', document.baseURI);

/** A failed call: the RFC 9457 problem document's title and detail when the server sent one. */
export class ApiError extends Error {
  constructor(status, title, detail, problem) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.problem = problem;
  }
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

export async function request(method, path, { query, body, signal } = {}) {
  const init = { method, headers: { accept: 'application/json' }, signal };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(apiUrl(path, query), init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The management server cannot be reached', e.message);
  }
  const text = await response.text();
  const data = parseJson(text);
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : null;
    throw new ApiError(response.status, problem?.title ?? response.statusText, problem?.detail ?? text.slice(0, 300), problem);
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
