// A camera's day as SVG: an overview of the whole day and a zoomable detail below it. Video is
// drawn in the colour of the server that holds it, gaps are hatched, moves and availability
// changes are marked; a click (or Enter on the cursor) plays from that instant.
import { setAttrs, svg, svgPoint } from '../dom.js';
import { serverColor } from '../colors.js';
import { MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND, formatDuration, formatTime, nowMicros } from '../time.js';
import { describeEvent } from '../history/describe.js';
import { recordedExtent, segmentAt } from './runs.js';

const HEIGHT = 118;
const PAD = 12;
const OVERVIEW = { y: 4, height: 12 };
const DETAIL = { y: 50, height: 40 };
const MIN_SPAN = 10 * MICROS_PER_SECOND;
const DRAG_THRESHOLD_PX = 4;
const TICK_STEPS = [
  ...[1, 2, 5, 10, 15, 30].map((s) => s * MICROS_PER_SECOND),
  ...[1, 2, 5, 10, 15, 30].map((m) => m * MICROS_PER_MINUTE),
  ...[1, 2, 3, 6].map((h) => h * MICROS_PER_HOUR),
];
const MIN_TICK_SPACING_PX = 90;

export class Timeline {
  /** @param handlers { onPlay(instant), onChange() } */
  constructor(svgElement, handlers) {
    this.svg = svgElement;
    this.handlers = handlers;
    this.day = [0, 24 * MICROS_PER_HOUR];
    this.window = [...this.day];
    this.segments = [];
    this.runs = [];
    this.events = [];
    this.cursor = null;
    this.playhead = null;
    this.exportRange = null;
    this.width = 800;
    this.content = svg('g');
    this.playheadLine = svg('line', { class: 'playhead', y1: DETAIL.y - 4, y2: DETAIL.y + DETAIL.height + 4, visibility: 'hidden' });
    svgElement.append(hatchDefinition(), this.content, this.playheadLine);
    this.attachPointer();
    this.attachKeyboard();
    new ResizeObserver(() => this.render()).observe(svgElement);
  }

  setData({ day, segments, runs, events }) {
    this.day = day;
    this.segments = segments;
    this.runs = runs;
    this.events = events;
    this.render();
  }

  /** Shows the day's recordings, or the whole day when there are none. */
  fit() {
    const extent = recordedExtent(this.segments);
    if (!extent) return this.showDay();
    const pad = Math.max((extent[1] - extent[0]) * 0.04, 2 * MICROS_PER_SECOND);
    this.setWindow(extent[0] - pad, extent[1] + pad);
  }

  showDay() {
    this.setWindow(...this.day);
  }

  setWindow(from, to) {
    const daySpan = this.day[1] - this.day[0];
    const span = Math.min(Math.max(to - from, MIN_SPAN), daySpan);
    const start = Math.min(Math.max(from + (to - from - span) / 2, this.day[0]), this.day[1] - span);
    this.window = [start, start + span];
    this.render();
  }

  zoom(factor, center = this.cursor ?? (this.window[0] + this.window[1]) / 2) {
    const [from, to] = this.window;
    const ratio = (center - from) / (to - from);
    const span = (to - from) * factor;
    this.setWindow(center - ratio * span, center - ratio * span + span);
  }

  /** Moves the cursor (the instant Enter plays from), scrolling the window to keep it in view. */
  setCursor(instant) {
    this.cursor = Math.round(Math.min(Math.max(instant, this.day[0]), this.day[1] - 1)); // the API takes whole microseconds
    const [from, to] = this.window;
    if (this.cursor < from || this.cursor > to) {
      const span = to - from;
      this.setWindow(this.cursor - span / 2, this.cursor + span / 2);
    } else {
      this.render();
    }
    this.handlers.onChange();
  }

  /** Where the player is (null: nowhere); the window follows a playhead that runs off its end. */
  setPlayhead(instant) {
    this.playhead = instant;
    const [from, to] = this.window;
    if (instant !== null && instant > to && instant - to < (to - from) / 4) this.setWindow(instant - (to - from) * 0.1, instant + (to - from) * 0.9);
    this.placePlayhead();
  }

  setExportRange(range) {
    this.exportRange = range;
    this.render();
  }

  xOf(t) {
    const [from, to] = this.window;
    return PAD + ((t - from) / (to - from)) * (this.width - 2 * PAD);
  }

  tOf(x) {
    const [from, to] = this.window;
    return from + ((x - PAD) / (this.width - 2 * PAD)) * (to - from);
  }

  dayX(t) {
    return PAD + ((t - this.day[0]) / (this.day[1] - this.day[0])) * (this.width - 2 * PAD);
  }

  render() {
    this.width = this.svg.clientWidth || 800;
    setAttrs(this.svg, { viewBox: `0 0 ${this.width} ${HEIGHT}`, 'data-window-from': Math.round(this.window[0]), 'data-window-to': Math.round(this.window[1]) });
    this.content.replaceChildren(...this.overview(), ...this.detail(), ...this.axis(), ...this.marks());
    this.placePlayhead();
    this.describeCursor();
  }

  overview() {
    const [from, to] = this.window;
    const right = this.width - PAD;
    return [
      svg('g', { class: 'overview' },
        svg('rect', { class: 'track', x: PAD, y: OVERVIEW.y, width: right - PAD, height: OVERVIEW.height, fill: 'url(#gap-hatch)' },
          svg('title', { text: 'The whole day: click to show that part below' })),
        this.runs.map((run) => runRect(run, this.dayX(run.start), this.dayX(run.end), OVERVIEW)),
        svg('rect', { class: 'window', x: this.dayX(from), y: OVERVIEW.y - 2, width: Math.max(2, this.dayX(to) - this.dayX(from)), height: OVERVIEW.height + 4 })),
      svg('text', { class: 'label', x: PAD, y: 29, text: formatTime(this.day[0]).slice(0, 5) }),
      svg('text', { class: 'label', x: right, y: 29, 'text-anchor': 'end', text: 'end of day' }),
      svg('text', { class: 'label', x: this.width / 2, y: 29, 'text-anchor': 'middle', text: `${formatTime(from)} – ${formatTime(to)} (${formatDuration(to - from)} shown)` }),
    ];
  }

  detail() {
    const [from, to] = this.window;
    const visible = this.runs.filter((r) => r.end > from && r.start < to);
    const now = nowMicros();
    const future = now < to ? svg('rect', { class: 'future', x: this.xOf(Math.max(now, from)), y: DETAIL.y, width: this.xOf(to) - this.xOf(Math.max(now, from)), height: DETAIL.height, fill: '#f4f6f9' },
      svg('title', { text: 'Not recorded yet' })) : null;
    const band = this.exportRange && this.exportRange[1] > from && this.exportRange[0] < to
      ? svg('rect', { class: 'export-band', x: this.xOf(Math.max(this.exportRange[0], from)), y: DETAIL.y - 6, height: DETAIL.height + 12,
        width: Math.max(2, this.xOf(Math.min(this.exportRange[1], to)) - this.xOf(Math.max(this.exportRange[0], from))) }, svg('title', { text: 'Range to export' }))
      : null;
    return [svg('g', { class: 'detail' },
      svg('rect', { class: 'track', x: PAD, y: DETAIL.y, width: this.width - 2 * PAD, height: DETAIL.height, fill: 'url(#gap-hatch)' }, svg('title', { text: 'No video' })),
      future,
      band, // under the video, so the servers' colours stay true
      visible.map((run) => runRect(run, this.xOf(Math.max(run.start, from)), this.xOf(Math.min(run.end, to)), DETAIL)))];
  }

  axis() {
    const [from, to] = this.window;
    const step = TICK_STEPS.find((s) => ((to - from) / s) * MIN_TICK_SPACING_PX <= this.width - 2 * PAD) ?? TICK_STEPS.at(-1);
    const ticks = [];
    // Counted from the local midnight that starts the day, so ticks fall on round local times.
    for (let t = this.day[0] + Math.ceil((from - this.day[0]) / step) * step; t <= to; t += step) {
      const x = this.xOf(t);
      ticks.push(svg('line', { class: 'tick', x1: x, x2: x, y1: DETAIL.y + DETAIL.height, y2: DETAIL.y + DETAIL.height + 5 }),
        svg('text', { class: 'tick-label', x, y: DETAIL.y + DETAIL.height + 17, 'text-anchor': 'middle', text: step < MICROS_PER_MINUTE ? formatTime(t) : formatTime(t).slice(0, 5) }));
    }
    return ticks;
  }

  marks() {
    const [from, to] = this.window;
    const marks = this.events.filter((e) => e.atUtcMicros >= from && e.atUtcMicros <= to).map((event) => {
      const x = this.xOf(event.atUtcMicros);
      const text = describeEvent(event);
      return svg('path', { class: `marker ${event.kind}`, d: `M${x - 5} ${DETAIL.y - 11} h10 l-5 8 z`, 'data-kind': event.kind, 'data-at': event.atUtcMicros },
        svg('title', { text: `${formatTime(event.atUtcMicros)} ${text.label}: ${text.text}` }));
    });
    if (this.cursor !== null && this.cursor >= from && this.cursor <= to) {
      const x = this.xOf(this.cursor);
      marks.push(svg('line', { class: 'cursor', x1: x, x2: x, y1: DETAIL.y - 4, y2: DETAIL.y + DETAIL.height + 4 }));
    }
    return marks;
  }

  placePlayhead() {
    const [from, to] = this.window;
    const visible = this.playhead !== null && this.playhead >= from && this.playhead <= to;
    const x = visible ? this.xOf(this.playhead) : 0;
    setAttrs(this.playheadLine, { x1: x, x2: x, visibility: visible ? 'visible' : 'hidden' });
  }

  /** What a screen reader says of the slider: the cursor's time and which server recorded it. */
  describeCursor() {
    const t = this.cursor ?? this.window[0];
    const at = segmentAt(this.segments, t);
    const percent = Math.round(((t - this.day[0]) / (this.day[1] - this.day[0])) * 100);
    setAttrs(this.svg, { 'aria-valuenow': percent, 'aria-valuetext': `${formatTime(t)}, ${at ? `recorded on ${at.recordingServerId}` : 'no video'}` });
  }

  attachPointer() {
    let press = null;
    this.svg.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      const p = svgPoint(this.svg, event);
      press = { x: p.x, overview: p.y < DETAIL.y - 14, window: [...this.window], dragged: false, id: event.pointerId };
      this.svg.setPointerCapture(event.pointerId);
    });
    this.svg.addEventListener('pointermove', (event) => {
      if (!press || event.pointerId !== press.id) return;
      const p = svgPoint(this.svg, event);
      if (!press.dragged && Math.abs(p.x - press.x) < DRAG_THRESHOLD_PX) return;
      press.dragged = true;
      if (press.overview) this.centerAt(this.dayTimeOf(p.x));
      else {
        const shift = ((press.x - p.x) / (this.width - 2 * PAD)) * (press.window[1] - press.window[0]);
        this.setWindow(press.window[0] + shift, press.window[1] + shift);
      }
    });
    this.svg.addEventListener('pointerup', (event) => {
      if (!press || event.pointerId !== press.id) return;
      const done = press;
      press = null;
      if (done.dragged) return;
      if (done.overview) this.centerAt(this.dayTimeOf(done.x));
      else {
        this.setCursor(this.tOf(done.x));
        this.handlers.onPlay(this.cursor);
      }
    });
    this.svg.addEventListener('pointercancel', () => { press = null; });
    this.svg.addEventListener('wheel', (event) => {
      event.preventDefault();
      this.zoom(event.deltaY > 0 ? 1.25 : 0.8, this.tOf(svgPoint(this.svg, event).x));
    }, { passive: false });
  }

  attachKeyboard() {
    this.svg.addEventListener('keydown', (event) => {
      const [from, to] = this.window;
      const span = to - from;
      const at = this.cursor ?? (from + to) / 2;
      const extent = recordedExtent(this.segments);
      const actions = {
        ArrowLeft: () => this.setCursor(at - span / (event.shiftKey ? 5 : 50)),
        ArrowRight: () => this.setCursor(at + span / (event.shiftKey ? 5 : 50)),
        PageUp: () => this.setWindow(from - span, from),
        PageDown: () => this.setWindow(to, to + span),
        Home: () => extent && this.setCursor(extent[0]),
        End: () => extent && this.setCursor(extent[1] - MICROS_PER_SECOND),
        Enter: () => this.handlers.onPlay(this.cursor ?? at),
        ' ': () => this.handlers.onPlay(this.cursor ?? at),
        '+': () => this.zoom(0.5),
        '=': () => this.zoom(0.5),
        '-': () => this.zoom(2),
        0: () => this.fit(),
        d: () => this.showDay(),
      };
      const action = actions[event.key];
      if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      action();
    });
  }

  centerAt(t) {
    const span = this.window[1] - this.window[0];
    this.setWindow(t - span / 2, t + span / 2);
  }

  dayTimeOf(x) {
    return this.day[0] + ((x - PAD) / (this.width - 2 * PAD)) * (this.day[1] - this.day[0]);
  }
}

function runRect(run, x1, x2, row) {
  return svg('rect', {
    class: 'run', x: x1, y: row.y, width: Math.max(1, x2 - x1), height: row.height, fill: serverColor(run.serverId),
    'data-server': run.serverId, 'data-start': run.start, 'data-end': run.end,
  }, svg('title', { text: `${run.serverId}: ${formatTime(run.start)} – ${formatTime(run.end)}` }));
}

function hatchDefinition() {
  return svg('defs', {},
    svg('pattern', { id: 'gap-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 6, height: 6, fill: '#ffffff' }),
      svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#d9dee5', 'stroke-width': 3 })));
}
