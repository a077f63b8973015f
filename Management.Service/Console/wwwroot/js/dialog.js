// Confirmation in a modal <dialog> (focus stays inside it; Esc cancels), rather than window.confirm.
import { byId } from './dom.js';

export function confirmAction(message, actionLabel) {
  const dialog = byId('confirm-dialog');
  byId('confirm-text').textContent = message;
  byId('confirm-ok').textContent = actionLabel;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}
