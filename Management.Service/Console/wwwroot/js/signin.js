// The sign-in form: shown at start when there is no session and whenever a call answers 401. It
// posts api/auth/session, where the server checks the password and sets the session cookie, and
// resolves with who signed in. A refusal shows the server's own words; too many refusals, the wait.
import { byId } from './dom.js';
import { signIn } from './session.js';

export class SignInForm {
  constructor() {
    this.section = byId('sign-in');
    this.form = byId('sign-in-form');
    this.note = byId('sign-in-note');
    this.error = byId('sign-in-error');
    this.pending = null; // { promise, resolve } of the open() under way
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  get isOpen() {
    return !this.section.hidden;
  }

  /** Shows the form, with a note on why (a session that ended); resolves with the user once signed in. */
  open(note = '') {
    if (!this.pending) {
      let resolve;
      const promise = new Promise((r) => { resolve = r; });
      this.pending = { promise, resolve };
    }
    this.note.textContent = note;
    this.error.textContent = '';
    this.section.hidden = false;
    const { userName, password } = this.form.elements;
    (userName.value ? password : userName).focus();
    return this.pending.promise;
  }

  async submit() {
    const button = this.form.querySelector('button[type=submit]');
    const { userName, password } = this.form.elements;
    button.disabled = true;
    this.error.textContent = '';
    try {
      const user = await signIn(userName.value.trim(), password.value);
      password.value = '';
      this.section.hidden = true;
      const { resolve } = this.pending;
      this.pending = null;
      resolve(user);
    } catch (error) {
      this.error.textContent = refusal(error);
      password.select();
      password.focus();
    } finally {
      button.disabled = false;
    }
  }
}

/** Why a sign-in failed, in words for the person at the form. */
export function refusal(error) {
  if (error.status === 429) return `Too many attempts, try again in ${error.retryAfterSeconds ?? 60} s.`;
  if (error.status === 0) return `${error.title}: ${error.detail}`;
  return error.detail || error.title || error.message;
}
