// The header's line about the management server: reachable (and when last heard) or not.
import { byId } from './dom.js';
import { formatTime, nowMicros } from './time.js';

export function reportConnection(error) {
  const line = byId('connection');
  const offline = error?.status === 0;
  line.classList.toggle('offline', offline);
  line.textContent = offline ? 'Management server unreachable — retrying' : `Connected · updated ${formatTime(nowMicros())}`;
}
