// Reading a day's segment list (pure: no DOM). Segments come from every server that holds the
// camera's recordings, each naming its recordingServerId; times are UTC microseconds, [start, end).

/** Holes shorter than this between segments of one server are clock noise, not missing video. */
export const GAP_TOLERANCE_MICROS = 500_000;

export const byStart = (a, b) => a.startUtcMicros - b.startUtcMicros || a.recordingServerId.localeCompare(b.recordingServerId);

/**
 * Stretches of continuous video, one server each, in start order: a stretch ends where its server's
 * next segment follows a gap (afterGap, or a hole), and another server's stretch may overlap it
 * (a move records on both servers for a moment, make-before-break).
 */
export function buildRuns(segments) {
  const open = new Map();
  const runs = [];
  for (const s of [...segments].sort(byStart)) {
    const run = open.get(s.recordingServerId);
    if (run && !s.afterGap && s.startUtcMicros - run.end <= GAP_TOLERANCE_MICROS) {
      run.end = Math.max(run.end, s.endUtcMicros);
      continue;
    }
    const next = { serverId: s.recordingServerId, start: s.startUtcMicros, end: s.endUtcMicros };
    open.set(s.recordingServerId, next);
    runs.push(next);
  }
  return runs;
}

/** The stretches of [from, to) that no run covers. */
export function findGaps(runs, from, to) {
  const gaps = [];
  let covered = from;
  for (const run of [...runs].sort((a, b) => a.start - b.start)) {
    if (run.start - covered > GAP_TOLERANCE_MICROS && run.start > from) gaps.push({ start: covered, end: Math.min(run.start, to) });
    covered = Math.max(covered, run.end);
    if (covered >= to) break;
  }
  if (to - covered > GAP_TOLERANCE_MICROS) gaps.push({ start: covered, end: to });
  return gaps.filter((g) => g.end > g.start);
}

/**
 * The segment shown at an instant: of those covering it, the one that started last (a later
 * recording takes over from its start, as playback plans it), or null in a gap.
 */
export function segmentAt(segments, instant) {
  let found = null;
  for (const s of segments) {
    if (s.startUtcMicros <= instant && instant < s.endUtcMicros && (!found || s.startUtcMicros > found.startUtcMicros)) found = s;
  }
  return found;
}

/** Where playback.mp4 of [from, to) starts (its decode time 0): the earliest segment overlapping the range, or null. */
export function playbackZero(segments, from, to) {
  let zero = null;
  for (const s of segments) {
    if (s.endUtcMicros > from && s.startUtcMicros < to && (zero === null || s.startUtcMicros < zero)) zero = s.startUtcMicros;
  }
  return zero;
}

/** [first start, last end] of the segments, or null when there are none. */
export function recordedExtent(segments) {
  if (segments.length === 0) return null;
  let start = Infinity;
  let end = -Infinity;
  for (const s of segments) {
    start = Math.min(start, s.startUtcMicros);
    end = Math.max(end, s.endUtcMicros);
  }
  return [start, end];
}

/** Adds newly listed segments to a sorted list (the same server and start is the same segment). */
export function mergeSegments(known, fresh) {
  const key = (s) => `${s.recordingServerId}@${s.startUtcMicros}`;
  const seen = new Set(known.map(key));
  const added = fresh.filter((s) => !seen.has(key(s)));
  return added.length ? [...known, ...added].sort(byStart) : known;
}
