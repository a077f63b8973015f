// A camera's storage, for administrators: how much of its recordings is on the recording servers'
// live volumes, archived, and waiting for the archiving server (GET api/archive?deviceId=, which the
// management server gathers from every server). Read when a camera is selected, then again at most
// every REFRESH_MS while it stays selected; never for other roles. A failure only leaves the line out.
import { getJson } from '../api.js';
import { formatBytes } from '../format.js';
import { can } from '../session.js';

const REFRESH_MS = 15000;

export class StorageFacts {
  /** @param changed called when a camera's line arrives, to redraw the details */
  constructor(changed) {
    this.changed = changed;
    this.current = null; // { deviceId, text, readAt, reading }
  }

  /** The line for a camera: null until it is read, when it cannot be, or when the user may not ask. */
  textFor(deviceId) {
    if (!can('storage')) return null;
    if (this.current?.deviceId !== deviceId) this.current = { deviceId, text: null, readAt: 0, reading: false };
    const state = this.current;
    if (!state.reading && Date.now() - state.readAt >= REFRESH_MS) this.read(state);
    return state.text;
  }

  async read(state) {
    state.reading = true;
    try {
      state.text = describeStorage(await getJson('archive', { deviceId: state.deviceId }));
    } catch {
      state.text = null; // quiet: storage is a detail, the rest of the panel stands
    } finally {
      state.reading = false;
      state.readAt = Date.now();
    }
    if (state === this.current) this.changed();
  }
}

/** "live 45 MB, archived 110 MB, pending 3.0 MB" over the camera's data types, and who did not answer (pure). */
export function describeStorage(report) {
  const total = (tier) => report.devices.reduce((sum, d) => sum + (Number(d[tier]?.sizeBytes) || 0), 0);
  const text = `live ${formatBytes(total('live'))}, archived ${formatBytes(total('archived'))}, pending ${formatBytes(total('pending'))}`;
  const missing = (report.unreachable ?? []).map((u) => u.recordingServerId);
  return missing.length ? `${text} (not answering: ${missing.join(', ')})` : text;
}
