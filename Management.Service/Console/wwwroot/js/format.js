// Human-readable quantities.
const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

export function formatBytes(bytes) {
  let value = Number(bytes) || 0;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}

export function formatBitRate(bitsPerSecond) {
  const mbit = (Number(bitsPerSecond) || 0) / 1e6;
  return mbit >= 10 ? `${mbit.toFixed(0)} Mbit/s` : `${mbit.toFixed(1)} Mbit/s`;
}

export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Shortens a label to fit a fixed space; the full text goes in a title. */
export const truncate = (text, max) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
