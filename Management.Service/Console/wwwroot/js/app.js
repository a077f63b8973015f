// The operator console's entry point: shows the view the URL names.
import { byId } from './dom.js';
import { currentRoute } from './router.js';
import { TopologyView } from './topology/view.js';
import { ViewerView } from './viewer/view.js';
import { HistoryView } from './history/view.js';

const views = { topology: new TopologyView(), viewer: new ViewerView(), history: new HistoryView() };
let active = null;

function showRoute() {
  const route = currentRoute();
  const name = views[route.name] ? route.name : 'topology';
  const view = views[name];
  const switched = active !== view;
  if (switched && active) active.hide();
  for (const [key] of Object.entries(views)) byId(`view-${key}`).hidden = key !== name;
  for (const link of document.querySelectorAll('.top-bar nav a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${byId(`${name}-title`).textContent} · VmsServices console`;
  active = view;
  view.show(route.params);
  // After a navigation, a keyboard or screen-reader user lands on the new view's heading.
  if (switched && document.activeElement?.closest('nav')) byId(`${name}-title`).focus();
}

window.addEventListener('hashchange', showRoute);
showRoute();
