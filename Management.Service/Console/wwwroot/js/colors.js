// One colour per recording server, the same in the topology and on the timeline. Servers are
// coloured in id order; a server no longer registered (its recordings may remain) gets a colour from its id.
const palette = ['#1f77b4', '#e6740a', '#2ca02c', '#9467bd', '#d62728', '#17becf', '#8c564b', '#e377c2', '#7f7f00', '#4e79a7'];
let known = [];

export function setKnownServers(ids) {
  known = [...ids].sort();
}

export function serverColor(id) {
  const index = known.indexOf(id);
  if (index >= 0) return palette[index % palette.length];
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length];
}
