// Moving a camera with the pointer (drag it onto another server's column) or the keyboard
// (Space picks it up, arrows choose the server, Space/Enter drops, Esc cancels), and selecting with a click or Enter.
import { svgPoint } from '../dom.js';

const DRAG_THRESHOLD_PX = 5;

/**
 * @param graph TopologyGraph
 * @param handlers { select(kind, id), move(deviceId, toServerId), grab(state|null), grabbed(): state|null, announce(text), rerender(),
 *                   canMove(): whether the user may move cameras (else a press or Space only selects) }
 */
export function attachInteractions(graph, handlers) {
  const svgElement = graph.svg;
  let press = null;

  svgElement.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    const device = event.target.closest('.device');
    const server = event.target.closest('.server');
    if (device) {
      press = { kind: 'device', id: device.dataset.device, from: device.dataset.server, x: event.clientX, y: event.clientY, dragging: false, pointerId: event.pointerId };
      svgElement.setPointerCapture(event.pointerId);
      event.preventDefault();
    } else if (server) {
      press = { kind: 'server', id: server.dataset.server, x: event.clientX, y: event.clientY, dragging: false, pointerId: event.pointerId };
    }
  });

  svgElement.addEventListener('pointermove', (event) => {
    if (!press || press.kind !== 'device' || event.pointerId !== press.pointerId || !handlers.canMove()) return;
    if (!press.dragging && Math.hypot(event.clientX - press.x, event.clientY - press.y) < DRAG_THRESHOLD_PX) return;
    press.dragging = true;
    graph.deviceNode(press.id)?.classList.add('dragging');
    graph.dragTo(press.id, svgPoint(svgElement, event));
  });

  const finish = (event, cancelled) => {
    if (!press || event.pointerId !== press.pointerId) return;
    const done = press;
    press = null;
    if (svgElement.hasPointerCapture(event.pointerId)) svgElement.releasePointerCapture(event.pointerId);
    if (!done.dragging) {
      if (!cancelled) handlers.select(done.kind, done.id);
      return;
    }
    const target = cancelled ? null : graph.serverAt(svgPoint(svgElement, event).x);
    graph.deviceNode(done.id)?.classList.remove('dragging');
    handlers.rerender(); // back to its place until the move is acknowledged
    if (target && target !== done.from) handlers.move(done.id, target);
  };
  svgElement.addEventListener('pointerup', (event) => finish(event, false));
  svgElement.addEventListener('pointercancel', (event) => finish(event, true));

  svgElement.addEventListener('keydown', (event) => {
    const server = event.target.closest('.server');
    if (server && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      handlers.select('server', server.dataset.server);
      return;
    }
    const device = event.target.closest('.device');
    if (device) onDeviceKey(event, device.dataset.device, device.dataset.server);
  });

  svgElement.addEventListener('focusout', (event) => {
    // Leaving a picked-up camera (Tab away) puts it back.
    const grabbed = handlers.grabbed();
    if (grabbed && event.target.closest?.('.device')?.dataset.device === grabbed.deviceId) cancelGrab('Move cancelled.');
  });

  function onDeviceKey(event, deviceId, currentServer) {
    const grabbed = handlers.grabbed();
    const holding = grabbed?.deviceId === deviceId;
    const servers = graph.serverIds();
    if (holding && ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(event.key)) {
      event.preventDefault();
      const step = event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 1;
      const index = servers.indexOf(grabbed.target);
      const target = servers[(index + step + servers.length) % servers.length];
      handlers.grab({ deviceId, target });
      handlers.announce(target === currentServer ? `${target}: where ${deviceId} records now.` : `Move ${deviceId} to ${target}? Press Space or Enter.`);
    } else if (holding && (event.key === ' ' || event.key === 'Enter')) {
      event.preventDefault();
      handlers.grab(null);
      if (grabbed.target !== currentServer) handlers.move(deviceId, grabbed.target);
      else handlers.announce(`${deviceId} stays on ${currentServer}.`);
    } else if (holding && event.key === 'Escape') {
      event.preventDefault();
      cancelGrab('Move cancelled.');
    } else if (!holding && event.key === ' ' && handlers.canMove()) {
      event.preventDefault();
      if (servers.length < 2) {
        handlers.announce('There is no other recording server to move to.');
        return;
      }
      const target = servers[(servers.indexOf(currentServer) + 1) % servers.length];
      handlers.grab({ deviceId, target });
      handlers.announce(`Picked up ${deviceId}. Choose a server with the arrow keys: ${target}. Space or Enter moves it, Escape cancels.`);
    } else if (!holding && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      handlers.select('device', deviceId);
    }
  }

  function cancelGrab(text) {
    handlers.grab(null);
    handlers.announce(text);
  }
}
