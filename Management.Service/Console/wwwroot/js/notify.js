// Notices in the top right (an aria-live region): errors stay until dismissed, others go after a while.
import { byId, html } from './dom.js';

const MAX_NOTICES = 4;
const TRANSIENT_MS = 6000;

function show(kind, title, detail) {
  const region = byId('notices');
  const notice = html('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-kind': kind },
    html('strong', { text: title }),
    detail ? html('p', { text: detail }) : null,
    html('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', text: '×', onClick: () => notice.remove() }));
  region.append(notice);
  while (region.children.length > MAX_NOTICES) region.firstElementChild.remove();
  if (kind !== 'error') setTimeout(() => notice.remove(), TRANSIENT_MS);
  return notice;
}

/** An error as a notice; not a 401: a lost session is answered once, by the sign-in form. */
export const showError = (title, error) => (error?.status === 401 ? null : show('error', title, typeof error === 'string' ? error : describeError(error)));
export const showSuccess = (title, detail) => show('success', title, detail);
export const showInfo = (title, detail) => show('info', title, detail);

/** A problem document's detail (or title), else the error's message. */
export function describeError(error) {
  if (!error) return '';
  if (error.status === 0) return `${error.title}: ${error.detail}`;
  const status = error.status ? ` (HTTP ${error.status})` : '';
  return `${error.detail || error.title || error.message}${status}`;
}

/** Runs an action, showing its error as a notice; returns the action's result, or undefined when it failed. */
export async function attempt(title, action) {
  try {
    return await action();
  } catch (error) {
    showError(title, error);
    return undefined;
  }
}
