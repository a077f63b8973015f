// What the console offers a role (pure: no DOM, no fetch). The server enforces every one of these
// (Hosting/Security/VmsPolicies); the console only leaves out what would be refused, so that a
// viewer is not shown a control that can only fail, and the page never calls an endpoint its user
// may not use.
const RANKS = { Viewer: 1, Operator: 2, Administrator: 3 };

/** The least role each action needs: watching for everyone, PTZ and export for operators, changes and storage for administrators. */
const NEEDS = {
  view: 'Viewer',
  export: 'Operator',
  ptz: 'Operator',
  move: 'Administrator',
  configure: 'Administrator',
  discover: 'Administrator',
  storage: 'Administrator', // api/archive asks every recording server: administration, as on the servers
};

/** Whether a role (as GET api/auth/me names it) may do an action; unknown roles and actions may not. */
export function allows(role, action) {
  const needed = NEEDS[action];
  return Boolean(needed && RANKS[role] && RANKS[role] >= RANKS[needed]);
}

/** The header's line about who is signed in: "name · Role", and how many cameras when limited to some. */
export function describeUser(user) {
  const limit = Array.isArray(user.devices) ? ` · ${user.devices.length === 1 ? '1 camera' : `${user.devices.length} cameras`}` : '';
  return `${user.userName} · ${user.role}${limit}`;
}
