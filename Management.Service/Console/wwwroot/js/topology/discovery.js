// Cameras found by ONVIF discovery and not yet devices, with Attach; and a directed probe of an address.
import { postJson } from '../api.js';
import { html, replaceChildren } from '../dom.js';
import { attempt, showInfo, showSuccess } from '../notify.js';
import { currentServerOf } from '../model.js';

export class DiscoveryPanel {
  constructor({ list, probeForm, refresh }) {
    this.list = list;
    this.refresh = refresh;
    this.signature = null;
    probeForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const address = new FormData(probeForm).get('address').trim();
      const button = probeForm.querySelector('button');
      button.disabled = true;
      try {
        const result = await attempt(`Could not probe ${address}`, () => postJson('discovery/probe', { address }));
        if (result) showInfo(`Probe of ${address}`, result.data.length ? `${result.data.length} camera(s) answered.` : 'No camera answered.');
        await refresh();
      } finally {
        button.disabled = false;
      }
    });
  }

  render(discovered) {
    const unattached = discovered.filter((c) => !c.attachedDeviceId);
    const signature = JSON.stringify(unattached.map((c) => [c.endpointReference, c.name, c.deviceServiceUrls]));
    if (signature === this.signature) return; // keeps focus on an Attach button between refreshes
    this.signature = signature;
    if (unattached.length === 0) {
      replaceChildren(this.list, html('li', { class: 'muted', text: 'No unattached camera. Probe an address, or set Management:Discovery.' }));
      return;
    }
    replaceChildren(this.list, unattached.map((camera) => {
      const label = camera.name ?? camera.hardware ?? camera.endpointReference;
      return html('li', { 'data-endpoint': camera.endpointReference },
        html('span', { class: 'what', title: camera.endpointReference },
          html('strong', { text: label }), html('br'),
          html('span', { class: 'muted', text: [camera.hardware, camera.location, camera.deviceServiceUrls[0]].filter(Boolean).join(' · ') })),
        html('button', { type: 'button', class: 'small', 'aria-label': `Attach ${label}`, text: 'Attach', onClick: (e) => this.attach(camera, e.currentTarget) }));
    }));
  }

  async attach(camera, button) {
    button.disabled = true;
    const result = await attempt(`Could not attach ${camera.name ?? camera.endpointReference}`,
      () => postJson('discovery/attach', { endpointReference: camera.endpointReference }));
    button.disabled = false;
    if (!result) return;
    const device = result.data.device;
    showSuccess(`Attached as ${device.device.id}`, `${result.data.alreadyKnown ? 'A camera already known; ' : ''}recording on ${currentServerOf(device) ?? 'no server'}.`);
    this.signature = null;
    await this.refresh();
  }
}
