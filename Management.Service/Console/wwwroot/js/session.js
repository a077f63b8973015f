// Who is signed in, from the server's point of view. The session is the HttpOnly cookie vms_session
// that POST api/auth/session sets and DELETE api/auth/session clears: this page never sees, keeps or
// sends the token itself (no storage), so a script injected into it could not carry the session away.
import { remove, request } from './api.js';
import { allows } from './permissions.js';

let user = null;

/** { userName, role, devices (null: all) } of the signed-in user, or null. */
export const currentUser = () => user;

/** Whether the signed-in user may do an action (permissions.js). */
export const can = (action) => allows(user?.role, action);

/** GET api/auth/me: the user the cookie names, or null when there is no valid session (401). */
export async function whoAmI() {
  try {
    user = pick((await request('GET', 'auth/me', { signingIn: true })).data);
  } catch (error) {
    if (error.status !== 401) throw error;
    user = null;
  }
  return user;
}

/** POST api/auth/session; rejects with the server's ApiError (401 wrong password, 429 too many attempts). */
export async function signIn(userName, password) {
  const { data } = await request('POST', 'auth/session', { body: { userName, password }, signingIn: true });
  user = pick(data); // the answer also holds the token: only who signed in is kept
  return user;
}

export async function signOut() {
  await remove('auth/session');
  user = null;
}

const pick = ({ userName, role, devices }) => ({ userName, role, devices: devices ?? null });
