// Times on the API are UTC microseconds since the Unix epoch; the console shows them in the browser's local time.
export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;

export const nowMicros = () => Date.now() * 1000;
export const toDate = (micros) => new Date(Math.floor(micros / 1000));
export const fromDate = (date) => date.getTime() * 1000;

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** YYYY-MM-DD of the local day holding the instant (the value of an input type=date). */
export function localDay(micros = nowMicros()) {
  const d = toDate(micros);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** [start, end) of a local day given as YYYY-MM-DD, in UTC microseconds (23 or 25 hours on a daylight-saving change). */
export function dayRange(day) {
  const [y, m, d] = day.split('-').map(Number);
  return [fromDate(new Date(y, m - 1, d)), fromDate(new Date(y, m - 1, d + 1))];
}

/** HH:MM:SS (with tenths when asked) in local time. */
export function formatTime(micros, { tenths = false } = {}) {
  const d = toDate(micros);
  const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return tenths ? `${base}.${Math.floor(d.getMilliseconds() / 100)}` : base;
}

export const formatDateTime = (micros) => `${localDay(micros)} ${formatTime(micros)}`;

/** The value of an input type=datetime-local (step=1) for an instant. */
export const toLocalInput = (micros) => `${localDay(micros)}T${formatTime(micros)}`;

/** An input type=datetime-local's value as UTC microseconds; NaN when empty or malformed. */
export function fromLocalInput(value) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value ?? '')) return NaN;
  return fromDate(new Date(value));
}

/** "3 h 05 min", "2 min 05 s", "12.3 s". */
export function formatDuration(micros) {
  const seconds = Math.max(0, micros) / MICROS_PER_SECOND;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${pad(Math.floor(seconds % 60))} s`;
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
}

/** "5 s ago", "3 min ago". */
export function formatAgo(micros, now = nowMicros()) {
  return now - micros < MICROS_PER_SECOND ? 'just now' : `${formatDuration(now - micros).replace(/\.\d/, '')} ago`;
}
