// Camera history: state, current and previous owners (seed 001 table 3), and a readable log of
// assignments, moves, failovers and availability changes, with moves that failed or still run.
import { getJson } from '../api.js';
import { byId, html, replaceChildren } from '../dom.js';
import { reportConnection } from '../connection.js';
import { fillDevicePicker } from '../device-picker.js';
import { loadDevices, loadHistory } from '../model.js';
import { Poller } from '../poller.js';
import { replaceRoute, routeHref } from '../router.js';
import { formatDateTime, toDate } from '../time.js';
import { describeEvent, describeMove } from './describe.js';

const REFRESH_MS = 5000;
const MOVES_SHOWN = 200;

export class HistoryView {
  constructor() {
    this.select = byId('history-device');
    this.deviceId = null;
    this.select.addEventListener('change', () => this.choose(this.select.value));
    byId('history-refresh').addEventListener('click', () => this.poller.now());
    this.poller = new Poller(REFRESH_MS, () => this.load());
  }

  async show(params) {
    try {
      const devices = await loadDevices();
      const wanted = params.get('device') ?? this.deviceId;
      // A removed camera keeps its history: it can still be asked for by its id in the URL.
      const known = devices.some((d) => d.id === wanted) || !wanted ? devices : [...devices, { id: wanted, name: `${wanted} (removed)` }];
      this.choose(fillDevicePicker(this.select, known, wanted) || null);
      this.poller.start();
    } catch (error) {
      reportConnection(error);
    }
  }

  hide() {
    this.poller.stop();
  }

  choose(deviceId) {
    if (deviceId === this.deviceId) return;
    this.deviceId = deviceId;
    replaceRoute('history', { device: deviceId });
    replaceChildren(byId('history-log'));
    replaceChildren(byId('history-summary'));
    this.poller.now();
  }

  async load() {
    const deviceId = this.deviceId;
    if (!deviceId) {
      replaceChildren(byId('history-summary'), html('p', { class: 'muted', text: 'No camera registered yet.' }));
      return;
    }
    try {
      const [history, moves] = await Promise.all([loadHistory(deviceId), getJson('moves', { deviceId, limit: MOVES_SHOWN })]);
      if (deviceId !== this.deviceId) return;
      reportConnection(null);
      this.render(history, moves);
    } catch (error) {
      reportConnection(error);
      if (deviceId === this.deviceId) {
        replaceChildren(byId('history-summary'), html('p', { class: 'muted', text: `No history for ${deviceId}: ${error.detail || error.message}` }));
      }
    }
  }

  render(history, moves) {
    replaceChildren(byId('history-summary'), summary(history));
    const lines = [
      ...history.events.map((event) => ({ at: event.atUtcMicros, ...describeEvent(event) })),
      ...moves.map((move) => ({ at: move.endedUtcMicros ?? move.requestedUtcMicros, ...describeMove(move) })).filter((line) => line.text),
    ].sort((a, b) => b.at - a.at);
    const log = byId('history-log');
    const signature = JSON.stringify(lines);
    if (log.dataset.signature === signature) return; // unchanged: leave the reader's place alone
    log.dataset.signature = signature;
    replaceChildren(log, lines.length === 0 ? html('li', { class: 'muted', text: 'Nothing recorded yet.' }) : lines.map((line) => html('li', { 'data-kind': line.kind },
      html('time', { datetime: toDate(line.at).toISOString(), text: formatDateTime(line.at) }),
      html('span', { class: `kind ${line.kind}`, text: line.label }),
      html('span', { class: 'text', text: line.text }))));
  }
}

function summary(history) {
  const previous = history.previousOwners.map((o) => `${o.recordingServerId} (${formatDateTime(o.sinceUtcMicros)} – ${o.untilUtcMicros ? formatDateTime(o.untilUtcMicros) : 'now'})`);
  return html('div', { class: 'panel' },
    html('div', {}, html('strong', { text: history.deviceId }), ' is ', html('span', { class: `state ${history.state}`, text: history.state }),
      history.currentOwner ? ` · recorded by ${history.currentOwner}` : ' · no current recording server'),
    html('div', { class: 'muted', text: previous.length ? `Older recordings on: ${previous.join(', ')}` : 'No previous recording server.' }),
    html('div', {}, html('a', { href: routeHref('viewer', { device: history.deviceId }), text: 'View its recordings' })));
}
