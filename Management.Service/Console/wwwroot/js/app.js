// The operator console's entry point: signs in, then shows the view the URL names to what the
// user's role allows.
import { onUnauthorized } from './api.js';
import { byId } from './dom.js';
import { showError } from './notify.js';
import { describeUser } from './permissions.js';
import { currentRoute } from './router.js';
import { can, currentUser, signOut, whoAmI } from './session.js';
import { SignInForm } from './signin.js';
import { TopologyView } from './topology/view.js';
import { ViewerView } from './viewer/view.js';
import { HistoryView } from './history/view.js';

const views = { topology: new TopologyView(), viewer: new ViewerView(), history: new HistoryView() };
const signInForm = new SignInForm();
let active = null;
let entered = false; // signed in and shown the views; false while the sign-in form asks

function showRoute({ focus = false } = {}) {
  if (!entered) return; // the view the URL names is shown once signed in
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
  // After a navigation or a sign-in, a keyboard or screen-reader user lands on the view's heading.
  if (focus || (switched && document.activeElement?.closest('nav'))) byId(`${name}-title`).focus();
}

/** The signed-in user sees who they are, the controls their role may use, and the view the URL names. */
function enter({ focus }) {
  entered = true;
  byId('session-user').textContent = describeUser(currentUser());
  setSignedIn(true);
  for (const element of document.querySelectorAll('[data-requires]')) element.hidden = !can(element.dataset.requires);
  for (const element of document.querySelectorAll('[data-lacks]')) element.hidden = can(element.dataset.lacks);
  document.body.classList.toggle('can-move', can('move')); // cameras look draggable only to who may move them
  showRoute({ focus });
}

/** No session (at start, or a call answered 401): the views stop and hide until someone signs in. */
async function signInAgain(note) {
  if (signInForm.isOpen) return;
  const before = currentUser();
  entered = false;
  active?.hide();
  active = null;
  for (const key of Object.keys(views)) byId(`view-${key}`).hidden = true;
  setSignedIn(false);
  const user = await signInForm.open(note);
  // Someone else: nothing the page holds for the one before may show, so it starts afresh (signed in).
  if (before && JSON.stringify(before) !== JSON.stringify(user)) location.reload();
  else enter({ focus: true });
}

function setSignedIn(signedIn) {
  for (const id of ['session', 'views-nav', 'connection']) byId(id).hidden = !signedIn;
}

byId('sign-out').addEventListener('click', async () => {
  try {
    await signOut();
  } catch (error) {
    showError('Could not sign out', error);
    return;
  }
  // Nothing the user saw stays in the page: it starts again, at the sign-in form.
  location.reload();
});

onUnauthorized(() => signInAgain('Your session has ended: sign in again to go on.'));
window.addEventListener('hashchange', () => showRoute());

let user = null;
let note = '';
try {
  user = await whoAmI();
} catch (error) {
  note = `${error.title}: ${error.detail || error.message}`;
}
if (user) enter({ focus: false });
else signInAgain(note);
