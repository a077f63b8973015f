// Topology view: recording servers (state, load, disk, cameras), cameras joined to their current
// server, moves by drag and drop or keyboard, adding and removing, and discovered cameras.
import { getJson, remove, segment } from '../api.js';
import { byId } from '../dom.js';
import { setKnownServers } from '../colors.js';
import { reportConnection } from '../connection.js';
import { confirmAction } from '../dialog.js';
import { attempt, showError, showInfo, showSuccess } from '../notify.js';
import { isRunningMove, loadDevices } from '../model.js';
import { Poller } from '../poller.js';
import { can } from '../session.js';
import { TopologyGraph } from './graph.js';
import { attachInteractions } from './interaction.js';
import { moveDevice } from './mover.js';
import { DetailsPanel } from './details.js';
import { DiscoveryPanel } from './discovery.js';
import { attachForms, updateServerChoices } from './forms.js';

const REFRESH_MS = 2000;

export class TopologyView {
  constructor() {
    this.model = { servers: [], devices: [], discovered: [], serverMoves: new Map() };
    this.requested = new Map(); // moves asked from this page, until acknowledged: deviceId -> target
    this.selection = null;
    this.grabbed = null;
    this.loaded = false;
    this.graph = new TopologyGraph(byId('topology-graph'));
    this.canvas = byId('topology-graph').parentElement;
    this.details = new DetailsPanel(byId('selection-body'), {
      move: (id, to) => this.move(id, to),
      removeDevice: (id) => this.removeDevice(id),
      removeServer: (id) => this.removeServer(id),
    });
    const refresh = () => this.poller.now();
    this.discovery = new DiscoveryPanel({ list: byId('discovered-list'), probeForm: byId('probe-form'), refresh });
    attachForms({ cameraForm: byId('add-camera-form'), serverForm: byId('add-server-form'), refresh });
    attachInteractions(this.graph, {
      select: (kind, id) => this.select(kind, id),
      move: (id, to) => this.move(id, to),
      grab: (state) => {
        this.grabbed = state;
        this.render();
      },
      grabbed: () => this.grabbed,
      announce: (text) => { byId('topology-status').textContent = text; },
      canMove: () => can('move'),
      rerender: () => this.render(),
    });
    this.poller = new Poller(REFRESH_MS, () => this.load());
    new ResizeObserver(() => this.render()).observe(this.canvas);
  }

  show() {
    this.poller.start();
  }

  hide() {
    this.poller.stop();
    this.grabbed = null;
  }

  async load() {
    try {
      const [servers, devices, discovered, moves] = await Promise.all([
        getJson('recording-servers/status'),
        loadDevices(),
        // Discovery is administration: other roles are not shown it, so it is not asked for.
        can('discover') ? getJson('discovery') : [],
        getJson('moves', { limit: 50 }),
      ]);
      setKnownServers(servers.map((s) => s.id));
      this.model = {
        servers,
        devices,
        discovered,
        serverMoves: new Map(moves.filter(isRunningMove).map((m) => [m.deviceId, m.toRecordingServerId])),
      };
      this.loaded = true;
      reportConnection(null);
      this.render();
      updateServerChoices(byId('add-camera-form').elements.recordingServerId, servers);
      if (can('discover')) this.discovery.render(discovered);
    } catch (error) {
      reportConnection(error);
      // Once per outage, not at every refresh.
      if (error.status !== 0 && !this.failing) showError('Could not read the topology', error);
      this.failing = true;
      return;
    }
    this.failing = false;
  }

  /** Moves asked from this page and moves under way on the server (failover, rebalancing, other operators). */
  pending() {
    return new Map([...this.model.serverMoves, ...this.requested]);
  }

  render() {
    if (!this.loaded || this.canvas.querySelector('.device.dragging')) return;
    const model = { ...this.model, pending: this.pending() };
    byId('topology-empty').hidden = model.servers.length > 0 || model.devices.length > 0;
    this.graph.render({ ...model, selection: this.selection, grabbed: this.grabbed, width: this.canvas.clientWidth });
    this.details.render(this.selection, model);
  }

  select(kind, id) {
    this.selection = { kind, id };
    this.render();
  }

  /** One action: the camera shows as moving until the management server acknowledges, then its line is redrawn. */
  async move(deviceId, toServerId) {
    if (!can('move') || this.requested.has(deviceId)) return;
    this.requested.set(deviceId, toServerId);
    this.render();
    try {
      await moveDevice(deviceId, toServerId);
      showSuccess(`${deviceId} moved to ${toServerId}`);
    } catch (error) {
      showError(`${deviceId} was not moved to ${toServerId}`, error);
    } finally {
      this.requested.delete(deviceId);
      await this.poller.now();
    }
  }

  async removeDevice(id) {
    if (!await confirmAction(`Remove camera ${id}? It stops being recorded; its recordings stay until retention removes them.`, 'Remove camera')) return;
    if (await attempt(`Could not remove camera ${id}`, () => remove(`devices/${segment(id)}`))) {
      showInfo(`Camera ${id} removed`);
      this.selection = null;
      await this.poller.now();
    }
  }

  async removeServer(id) {
    if (!await confirmAction(`Remove recording server ${id}? It is refused while the server still has cameras or recordings.`, 'Remove server')) return;
    if (await attempt(`Could not remove recording server ${id}`, () => remove(`recording-servers/${segment(id)}`))) {
      showInfo(`Recording server ${id} removed`);
      this.selection = null;
      await this.poller.now();
    }
  }
}
