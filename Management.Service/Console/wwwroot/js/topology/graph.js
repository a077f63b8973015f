// Draws the topology as SVG. Server cards and camera nodes are kept by id between refreshes
// (only their attributes change), so keyboard focus and an operator's place survive every poll.
import { setAttrs, svg } from '../dom.js';
import { serverColor } from '../colors.js';
import { formatBitRate, formatBytes, plural, truncate } from '../format.js';
import { formatAgo } from '../time.js';
import { ICON_RADIUS, columnAt, layoutTopology } from './layout.js';

const CAMERA_GLYPH = 'M-12 -7h15v14h-15z M4 -3l8 -5v16l-8 -5z';

export class TopologyGraph {
  constructor(svgElement) {
    this.svg = svgElement;
    this.layers = Object.fromEntries(['zones', 'links', 'servers', 'devices'].map((name) => [name, svg('g', { class: name })]));
    svgElement.append(...Object.values(this.layers));
    this.serverNodes = new Map();
    this.deviceNodes = new Map();
    this.layout = null;
  }

  /**
   * @param model { servers, devices, pending: Map(deviceId -> target server id), selection: {kind, id}|null,
   *               grabbed: {deviceId, target}|null, width }
   */
  render(model) {
    this.model = model;
    const layout = layoutTopology(model.servers, model.devices, model.width);
    this.layout = layout;
    setAttrs(this.svg, { viewBox: `0 0 ${layout.width} ${layout.height}`, width: layout.width, height: layout.height });
    this.renderZones(layout, model.grabbed?.target);
    this.renderServers(layout, model);
    this.renderDevices(layout, model);
    this.renderLinks(layout, model.pending);
  }

  renderZones(layout, target) {
    this.layers.zones.replaceChildren(...layout.columns.filter((c) => c.server).map((c) => svg('rect', {
      class: `drop-zone${c.key === target ? ' target' : ''}`, 'data-server': c.key, x: c.x + 4, y: 4, width: c.width - 8, height: layout.height - 8, rx: 10,
    })));
  }

  renderServers(layout, model) {
    const seen = new Set();
    for (const column of layout.columns.filter((c) => c.server)) {
      const server = column.server;
      seen.add(server.id);
      const node = keptNode(this.serverNodes, this.layers.servers, server.id, 'data-server');
      const selected = model.selection?.kind === 'server' && model.selection.id === server.id;
      const isTarget = model.grabbed?.target === server.id;
      setAttrs(node, { transform: `translate(${column.card.x} ${column.card.y})`, 'data-state': server.state, 'aria-label': describeServer(server) });
      node.setAttribute('class', `server${selected ? ' selected' : ''}${isTarget ? ' target' : ''}`);
      node.setAttribute('aria-pressed', String(selected));
      node.replaceChildren(...serverCard(server, column.card).filter(Boolean));
    }
    this.removeStale(this.serverNodes, seen);
  }

  renderDevices(layout, model) {
    const seen = new Set();
    for (const column of layout.columns) {
      for (const cell of column.cells) {
        const device = cell.device;
        seen.add(device.id);
        const node = keptNode(this.deviceNodes, this.layers.devices, device.id, 'data-device');
        const pendingTo = model.pending.get(device.id);
        const selected = model.selection?.kind === 'device' && model.selection.id === device.id;
        const grabbed = model.grabbed?.deviceId === device.id;
        node.setAttribute('class', ['device', selected && 'selected', grabbed && 'grabbed', pendingTo && 'pending'].filter(Boolean).join(' '));
        setAttrs(node, {
          transform: `translate(${cell.x} ${cell.y})`,
          'data-server': device.currentServerId ?? '',
          'data-pending-to': pendingTo ?? '',
          'aria-label': describeDevice(device, pendingTo),
        });
        node.setAttribute('aria-pressed', String(selected));
        if (!pendingTo) node.removeAttribute('data-pending-to');
        node.replaceChildren(...deviceIcon(device, pendingTo).filter(Boolean));
      }
    }
    this.removeStale(this.deviceNodes, seen);
  }

  renderLinks(layout, pending) {
    const anchors = new Map(layout.columns.filter((c) => c.server).map((c) => [c.key, c.anchor]));
    const lines = [];
    for (const column of layout.columns.filter((c) => c.server)) {
      for (const cell of column.cells) {
        lines.push(svg('line', {
          class: 'link', 'data-device': cell.device.id, 'data-server': column.key,
          x1: column.anchor.x, y1: column.anchor.y, x2: cell.x, y2: cell.y - ICON_RADIUS,
        }));
        const to = anchors.get(pending.get(cell.device.id));
        if (to) {
          lines.push(svg('line', {
            class: 'link pending', 'data-device': cell.device.id, 'data-server': pending.get(cell.device.id),
            x1: to.x, y1: to.y, x2: cell.x, y2: cell.y - ICON_RADIUS,
          }));
        }
      }
    }
    this.layers.links.replaceChildren(...lines);
  }

  /** During a drag: the camera and its line follow the pointer; the column under it is highlighted. */
  dragTo(deviceId, point) {
    this.deviceNodes.get(deviceId)?.setAttribute('transform', `translate(${point.x} ${point.y})`);
    const line = this.layers.links.querySelector(`line.link:not(.pending)[data-device="${CSS.escape(deviceId)}"]`);
    if (line) setAttrs(line, { x2: point.x, y2: point.y - ICON_RADIUS });
    const target = this.serverAt(point.x);
    for (const zone of this.layers.zones.children) zone.classList.toggle('target', zone.dataset.server === target);
  }

  /** The recording server whose column holds x, or null. */
  serverAt(x) {
    return this.layout ? columnAt(this.layout, x)?.key ?? null : null;
  }

  /** Server ids left to right (the keyboard's targets). */
  serverIds() {
    return this.layout ? this.layout.columns.filter((c) => c.server).map((c) => c.key) : [];
  }

  deviceNode(deviceId) {
    return this.deviceNodes.get(deviceId);
  }

  removeStale(nodes, seen) {
    for (const [id, node] of nodes) {
      if (!seen.has(id)) {
        node.remove();
        nodes.delete(id);
      }
    }
  }
}

/** The focusable group drawn for an id: the same element from one refresh to the next. */
function keptNode(nodes, layer, id, idAttribute) {
  let node = nodes.get(id);
  if (!node) {
    node = svg('g', { [idAttribute]: id, tabindex: 0, role: 'button' });
    nodes.set(id, node);
    layer.append(node);
  }
  return node;
}

function serverCard(server, card) {
  const load = server.load;
  const used = load && load.diskTotalBytes > 0 ? 1 - load.diskFreeBytes / load.diskTotalBytes : null;
  const barWidth = card.width - 28;
  const title = server.name && server.name !== server.id ? `${server.name} (${server.id})` : server.id;
  return [
    svg('title', { text: `${title}\n${server.address}` }),
    svg('rect', { class: 'card', width: card.width, height: card.height, rx: 8 }),
    svg('rect', { class: 'accent', width: 6, height: card.height, rx: 3, fill: serverColor(server.id) }),
    svg('text', { class: 'title', x: 14, y: 21, text: truncate(title, 22) }),
    svg('text', { x: 14, y: 39, class: `state-${server.state}`, text: `● ${server.state}` }),
    svg('text', { x: 14, y: 56, text: `${plural(server.devices, 'camera')} · ${load ? load.streams : '?'} recording` }),
    svg('text', { x: 14, y: 73, text: load ? `${formatBitRate(load.bitsPerSecond)} written` : 'no load reported yet' }),
    svg('text', { x: 14, y: 90, text: used === null ? 'disk: not reported' : `Disk ${Math.round(used * 100)} % used · ${formatBytes(load.diskFreeBytes)} free` }),
    svg('rect', { class: 'bar-bg', x: 14, y: 96, width: barWidth, height: 6, rx: 3 }),
    used === null ? null : svg('rect', { class: `bar${used > 0.9 ? ' full' : ''}`, x: 14, y: 96, width: Math.max(1, barWidth * used), height: 6, rx: 3 }),
    svg('text', { x: 14, y: 117, class: 'seen', text: server.lastSeenUtcMicros ? `heard ${formatAgo(server.lastSeenUtcMicros)}` : 'never heard from' }),
  ];
}

function deviceIcon(device, pendingTo) {
  return [
    svg('title', { text: `${device.name} (${device.id})\n${device.streamUrl}` }),
    svg('circle', { class: 'icon', r: ICON_RADIUS }),
    svg('path', { class: 'glyph', d: CAMERA_GLYPH }),
    svg('text', { class: 'label', y: ICON_RADIUS + 15, text: truncate(device.id, 15) }),
    device.name && device.name !== device.id ? svg('text', { class: 'sublabel', y: ICON_RADIUS + 28, text: truncate(device.name, 14) }) : null,
    pendingTo ? svg('text', { class: 'badge', y: -ICON_RADIUS - 6, 'text-anchor': 'middle', text: `moving to ${truncate(pendingTo, 10)}…` }) : null,
  ];
}

function describeServer(server) {
  const load = server.load;
  const disk = load && load.diskTotalBytes > 0 ? `, disk ${Math.round((1 - load.diskFreeBytes / load.diskTotalBytes) * 100)} % used` : '';
  return `Recording server ${server.name} (${server.id}), ${server.state}, ${plural(server.devices, 'camera')}${load ? `, ${load.streams} recording` : ''}${disk}`;
}

function describeDevice(device, pendingTo) {
  const where = device.currentServerId ? `recording on ${device.currentServerId}` : 'not assigned';
  return `Camera ${device.name} (${device.id}), ${where}${pendingTo ? `, moving to ${pendingTo}` : ''}`;
}
