// The side panel: the selected camera's or server's facts, and what can be done with it.
// The facts are redrawn on every refresh; the actions only when they change, so focus in them stays.
import { html, replaceChildren } from '../dom.js';
import { formatBitRate, formatBytes } from '../format.js';
import { formatAgo, formatDateTime } from '../time.js';
import { routeHref } from '../router.js';
import { can } from '../session.js';
import { StorageFacts } from './storage.js';

export class DetailsPanel {
  /** @param actions { move(deviceId, to), removeDevice(id), removeServer(id) } */
  constructor(container, actions) {
    this.container = container;
    this.actions = actions;
    this.facts = html('dl', { class: 'facts' });
    this.buttons = html('div', { class: 'details-actions' });
    this.signature = null;
    this.shown = null;
    this.storage = new StorageFacts(() => this.shown && this.render(...this.shown));
  }

  render(selection, model) {
    const device = selection?.kind === 'device' ? model.devices.find((d) => d.id === selection.id) : null;
    const server = selection?.kind === 'server' ? model.servers.find((s) => s.id === selection.id) : null;
    if (!device && !server) {
      this.signature = null;
      this.shown = null;
      replaceChildren(this.container, html('p', { class: 'muted', text: 'Select a camera or a recording server.' }));
      return;
    }
    this.shown = [selection, model];
    if (!this.container.contains(this.facts)) replaceChildren(this.container, this.facts, this.buttons);
    replaceChildren(this.facts, device ? deviceFacts(device, model.pending.get(device.id), this.storage.textFor(device.id)) : serverFacts(server));
    const signature = JSON.stringify(device
      ? ['device', device.id, device.currentServerId, model.servers.map((s) => s.id), model.pending.has(device.id)]
      : ['server', server.id]);
    if (signature !== this.signature) {
      this.signature = signature;
      replaceChildren(this.buttons, device ? this.deviceActions(device, model) : this.serverActions(server));
    }
  }

  deviceActions(device, model) {
    // Moving and removing are administration: other roles get the facts and the links only.
    const others = can('move') ? model.servers.filter((s) => s.id !== device.currentServerId) : [];
    const select = html('select', { id: 'details-move-target', 'aria-label': `Move ${device.id} to` },
      others.map((s) => html('option', { value: s.id, text: s.name && s.name !== s.id ? `${s.id} — ${s.name}` : s.id })));
    const pending = model.pending.has(device.id);
    return [
      others.length ? html('div', { class: 'form inline' },
        html('label', { for: 'details-move-target', text: 'Move to' }), select,
        html('button', { type: 'button', disabled: pending, onClick: () => this.actions.move(device.id, select.value), text: 'Move' })) : null,
      html('p', { class: 'buttons' },
        html('a', { href: routeHref('viewer', { device: device.id }), text: 'View recordings' }),
        html('a', { href: routeHref('history', { device: device.id }), text: 'History' })),
      can('configure') ? html('button', { type: 'button', class: 'danger', onClick: () => this.actions.removeDevice(device.id), text: 'Remove camera' }) : null,
    ];
  }

  serverActions(server) {
    return can('configure') ? [html('button', { type: 'button', class: 'danger', onClick: () => this.actions.removeServer(server.id), text: 'Remove server' })] : [];
  }
}

function fact(term, value) {
  return value === null || value === undefined || value === '' ? [] : [html('dt', { text: term }), html('dd', { text: value })];
}

function deviceFacts(device, pendingTo, storage) {
  return [
    ...fact('Camera', device.id),
    ...fact('Name', device.name),
    ...fact('Stream', device.streamUrl),
    ...fact('Recording on', device.currentServerId ?? 'no server'),
    ...fact('Moving to', pendingTo),
    ...fact('Older recordings on', device.previousServerIds.join(', ')),
    ...fact('Credentials', device.credentialsRef),
    ...fact('Address', device.address),
    ...fact('Storage', storage),
  ];
}

function serverFacts(server) {
  const load = server.load;
  const limits = load && [
    load.maxStreams ? `${load.maxStreams} streams` : null,
    load.maxBitsPerSecond ? formatBitRate(load.maxBitsPerSecond) : null,
    load.minFreeDiskBytes ? `${formatBytes(load.minFreeDiskBytes)} disk kept free` : null,
  ].filter(Boolean).join(', ');
  return [
    ...fact('Server', server.id),
    ...fact('Name', server.name),
    ...fact('Address', server.address),
    ...fact('State', server.state),
    ...fact('Last heard', server.lastSeenUtcMicros ? `${formatDateTime(server.lastSeenUtcMicros)} (${formatAgo(server.lastSeenUtcMicros)})` : 'never'),
    ...fact('Cameras', String(server.devices)),
    ...fact('Recording', load ? `${load.streams} streams, ${formatBitRate(load.bitsPerSecond)}` : null),
    ...fact('Disk', load && load.diskTotalBytes ? `${formatBytes(load.diskFreeBytes)} free of ${formatBytes(load.diskTotalBytes)}` : null),
    ...fact('Limits', limits || (load ? 'none' : null)),
  ];
}
