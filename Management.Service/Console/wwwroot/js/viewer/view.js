// Viewer: a camera's day on the timeline (which server holds each stretch, the gaps), playback
// from any instant across servers, near-live view, and export of a range as MP4.
import { getJson, segment } from '../api.js';
import { byId, html, replaceChildren } from '../dom.js';
import { serverColor, setKnownServers } from '../colors.js';
import { reportConnection } from '../connection.js';
import { fillDevicePicker } from '../device-picker.js';
import { plural } from '../format.js';
import { loadDevices, loadHistory } from '../model.js';
import { Poller } from '../poller.js';
import { replaceRoute } from '../router.js';
import { MICROS_PER_MINUTE, MICROS_PER_SECOND, dayRange, formatTime, fromLocalInput, localDay, nowMicros, toLocalInput } from '../time.js';
import { Exporter } from './exporter.js';
import { startLive } from './live.js';
import { RecordingPlayer } from './player.js';
import { buildRuns, findGaps, mergeSegments, recordedExtent, segmentAt } from './runs.js';
import { Timeline } from './timeline.js';

const REFRESH_MS = 5000;
const MAX_SEGMENTS_PER_DAY = 100_000;
/** Newly committed segments are asked for from a little before the newest known one (late peers' segments). */
const TAIL_OVERLAP_MICROS = MICROS_PER_MINUTE;

export class ViewerView {
  constructor() {
    this.deviceSelect = byId('viewer-device');
    this.dayInput = byId('viewer-day');
    this.video = byId('viewer-video');
    this.readout = byId('viewer-readout');
    this.positionLine = byId('viewer-position'); // not a live region: it changes ten times a second
    this.liveButton = byId('viewer-live');
    this.deviceId = null;
    this.day = null;
    this.segments = [];
    this.events = [];
    this.live = null;
    this.timeline = new Timeline(byId('timeline'), {
      onPlay: (instant) => this.playFrom(instant),
      onChange: () => this.describePosition(),
    });
    this.player = new RecordingPlayer(this.video, { onStatus: (text) => this.say(text), segments: () => this.segments });
    this.exporter = new Exporter({
      form: byId('export-form'), from: byId('export-from'), to: byId('export-to'), progress: byId('export-progress'),
      status: byId('export-status'), start: byId('export-start'), cancel: byId('export-cancel'),
    }, () => this.deviceId);
    this.poller = new Poller(REFRESH_MS, () => this.refreshTail());
    this.wire();
  }

  wire() {
    this.deviceSelect.addEventListener('change', () => this.choose(this.deviceSelect.value, this.day));
    this.dayInput.addEventListener('change', () => this.dayInput.value && this.choose(this.deviceId, this.dayInput.value));
    this.liveButton.addEventListener('click', () => (this.live ? this.stopLive() : this.startLive()));
    byId('viewer-refresh').addEventListener('click', () => this.loadDay({ fit: false }));
    byId('timeline-zoom-in').addEventListener('click', () => this.timeline.zoom(0.5));
    byId('timeline-zoom-out').addEventListener('click', () => this.timeline.zoom(2));
    byId('timeline-fit').addEventListener('click', () => this.timeline.fit());
    byId('timeline-day').addEventListener('click', () => this.timeline.showDay());
    byId('export-from-cursor').addEventListener('click', () => this.setExportEnd('export-from'));
    byId('export-to-cursor').addEventListener('click', () => this.setExportEnd('export-to'));
    for (const id of ['export-from', 'export-to']) byId(id).addEventListener('change', () => this.showExportRange());
    const follow = () => {
      if (!this.video.paused) requestAnimationFrame(follow);
      this.followPlayhead();
    };
    this.video.addEventListener('play', follow);
    this.video.addEventListener('seeked', () => this.followPlayhead());
  }

  async show(params) {
    try {
      const devices = await loadDevices();
      reportConnection(null);
      const wanted = params.get('device') ?? this.deviceId;
      const deviceId = fillDevicePicker(this.deviceSelect, devices, wanted) || null;
      await this.choose(deviceId, params.get('day') ?? this.day ?? localDay());
      this.poller.start();
    } catch (error) {
      reportConnection(error);
      this.say(`Could not list the cameras: ${error.detail || error.message}`);
    }
  }

  hide() {
    this.poller.stop();
    this.stopLive();
    this.player.stop();
  }

  async choose(deviceId, day) {
    const changed = deviceId !== this.deviceId || day !== this.day;
    this.deviceId = deviceId;
    this.day = day;
    this.dayInput.value = day;
    replaceRoute('viewer', { device: deviceId, day });
    if (!changed) return;
    this.stopLive();
    this.player.stop();
    this.timeline.setPlayhead(null);
    this.segments = [];
    this.events = [];
    await this.loadDay({ fit: true });
  }

  /** The whole day's segments (from every holder, through the current server) and the camera's events. */
  async loadDay({ fit }) {
    if (!this.deviceId) {
      this.timeline.setData({ day: dayRange(this.day), segments: [], runs: [], events: [] });
      return this.say('No camera registered yet.');
    }
    const [from, to] = dayRange(this.day);
    const deviceId = this.deviceId;
    try {
      const [segments, history, servers] = await Promise.all([
        getJson(`devices/${segment(deviceId)}/segments`, { fromUtcMicros: from, toUtcMicros: to, limit: MAX_SEGMENTS_PER_DAY }),
        loadHistory(deviceId).catch(() => ({ events: [] })),
        getJson('recording-servers'),
      ]);
      if (deviceId !== this.deviceId) return;
      setKnownServers(servers.map((s) => s.id));
      this.segments = [...segments].sort((a, b) => a.startUtcMicros - b.startUtcMicros);
      this.events = history.events.filter((e) => e.atUtcMicros >= from && e.atUtcMicros < to);
      this.update();
      if (fit) this.timeline.fit();
      this.defaultExportRange();
      if (!this.player.current && !this.live) {
        this.say(this.segments.length ? 'Click the timeline (or press Enter on it) to play from that instant.' : `Nothing of ${deviceId} is recorded on ${this.day}.`);
      }
    } catch (error) {
      reportConnection(error);
      this.say(`Could not read the recordings of ${deviceId}: ${error.detail || error.message}`);
    }
  }

  /** Today: adds what was committed since the last look, so the timeline grows while one watches. */
  async refreshTail() {
    const [from, to] = dayRange(this.day ?? localDay());
    if (!this.deviceId || nowMicros() < from || nowMicros() >= to + MICROS_PER_MINUTE) return;
    const newest = recordedExtent(this.segments)?.[1] ?? from;
    const deviceId = this.deviceId;
    try {
      const fresh = await getJson(`devices/${segment(deviceId)}/segments`, { fromUtcMicros: Math.max(from, newest - TAIL_OVERLAP_MICROS), toUtcMicros: to, limit: MAX_SEGMENTS_PER_DAY });
      if (deviceId !== this.deviceId) return;
      const history = await loadHistory(deviceId).catch(() => ({ events: this.events }));
      this.segments = mergeSegments(this.segments, fresh);
      this.events = history.events.filter((e) => e.atUtcMicros >= from && e.atUtcMicros < to);
      this.update();
      reportConnection(null);
    } catch (error) {
      reportConnection(error);
    }
  }

  update() {
    const runs = buildRuns(this.segments);
    this.timeline.setData({ day: dayRange(this.day), segments: this.segments, runs, events: this.events });
    const servers = [...new Set(runs.map((r) => r.serverId))].sort();
    const extent = recordedExtent(this.segments);
    const gaps = extent ? findGaps(runs, ...extent).length : 0;
    replaceChildren(byId('timeline-legend'),
      servers.map((id) => html('li', { 'data-server': id }, swatch(serverColor(id)), id)),
      html('li', { 'data-gaps': gaps }, html('span', { class: 'swatch gap', 'aria-hidden': 'true' }),
        gaps ? `no video (${plural(gaps, 'gap')} between recordings)` : 'no video'));
  }

  playFrom(instant) {
    this.stopLive();
    if (this.deviceId) this.player.play(this.deviceId, instant);
  }

  startLive() {
    if (!this.deviceId) return;
    this.player.stop();
    this.live = startLive(this.video, this.deviceId, { onStatus: (text) => this.say(text) });
    this.liveButton.setAttribute('aria-pressed', 'true');
    this.liveButton.textContent = 'Stop live';
  }

  stopLive() {
    if (!this.live) return;
    this.live.stop();
    this.live = null;
    this.liveButton.setAttribute('aria-pressed', 'false');
    this.liveButton.textContent = 'Live';
    this.timeline.setPlayhead(null);
  }

  followPlayhead() {
    const position = this.live ? this.live.positionUtc() : this.player.positionUtc();
    this.timeline.setPlayhead(position);
    const at = position === null ? null : segmentAt(this.segments, position);
    const text = position === null ? ''
      : `${this.live ? 'Near-live' : 'Playing'} ${formatTime(position, { tenths: true })}${at ? ` · ${at.recordingServerId}` : ''}`;
    if (this.positionLine.textContent !== text) this.positionLine.textContent = text;
  }

  describePosition() {
    if (this.player.current || this.live) return;
    const t = this.timeline.cursor;
    if (t === null) return;
    const at = segmentAt(this.segments, t);
    this.say(`Cursor ${formatTime(t)} · ${at ? `recorded on ${at.recordingServerId}` : 'no video'}`);
  }

  setExportEnd(inputId) {
    const t = this.timeline.cursor ?? this.player.positionUtc();
    if (t === null) return this.say('Put the cursor on the timeline first (click it, or use the arrow keys).');
    byId(inputId).value = toLocalInput(t);
    this.showExportRange();
  }

  /** The last minute recorded, until the operator chooses. */
  defaultExportRange() {
    const extent = recordedExtent(this.segments);
    if (!extent || byId('export-from').value || byId('export-to').value) return this.showExportRange();
    byId('export-from').value = toLocalInput(Math.max(extent[0], extent[1] - MICROS_PER_MINUTE));
    byId('export-to').value = toLocalInput(extent[1] + MICROS_PER_SECOND);
    this.showExportRange();
  }

  showExportRange() {
    const from = fromLocalInput(byId('export-from').value);
    const to = fromLocalInput(byId('export-to').value);
    this.timeline.setExportRange(to > from ? [from, to] : null);
  }

  say(text) {
    this.readout.textContent = text;
  }
}

function swatch(color) {
  const span = html('span', { class: 'swatch', 'aria-hidden': 'true' });
  span.style.background = color; // CSSOM, allowed by the page's style-src 'self'
  return span;
}
