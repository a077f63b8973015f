// Views are addressed by the URL's fragment: #/topology, #/viewer?device=cam-1&day=2026-01-31, #/history?device=cam-1.
export function routeHref(view, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
  return `#/${view}${query ? `?${query}` : ''}`;
}

/** Updates the fragment without showing the view again (a choice made inside the view). */
export function replaceRoute(view, params) {
  history.replaceState(null, '', routeHref(view, params));
}

export function currentRoute() {
  const [name, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  return { name, params: new URLSearchParams(query) };
}
