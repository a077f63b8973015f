// Fills a camera <select> from the device list, keeping the choice.
import { html, replaceChildren } from './dom.js';

export function fillDevicePicker(select, devices, wanted) {
  const chosen = wanted ?? select.value;
  replaceChildren(select, devices.length === 0
    ? html('option', { value: '', text: 'No camera registered' })
    : devices.map((d) => html('option', { value: d.id, text: d.name && d.name !== d.id ? `${d.id} — ${d.name}` : d.id })));
  if (devices.some((d) => d.id === chosen)) select.value = chosen;
  return select.value;
}
