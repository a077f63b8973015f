// Adding cameras and recording servers (POST /api/devices, POST /api/recording-servers).
import { postJson } from '../api.js';
import { html } from '../dom.js';
import { attempt, showSuccess } from '../notify.js';
import { currentServerOf } from '../model.js';

/** Form fields as an object, leaving out empty optional ones (the API refuses unknown members, not missing ones). */
function fields(form) {
  return Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v).trim()]).filter(([, v]) => v !== ''));
}

function onSubmit(form, action) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      if (await action(fields(form))) form.reset();
    } finally {
      button.disabled = false;
    }
  });
}

/** @param refresh called after a change so the topology shows it at once */
export function attachForms({ cameraForm, serverForm, refresh }) {
  onSubmit(cameraForm, async (body) => {
    const result = await attempt(`Could not add camera ${body.id ?? ''}`, () => postJson('devices', body));
    if (!result) return false;
    showSuccess(`Camera ${result.data.device.id} added`, `Recording on ${currentServerOf(result.data) ?? 'no server'}.`);
    await refresh();
    return true;
  });
  onSubmit(serverForm, async (body) => {
    const result = await attempt(`Could not add recording server ${body.id ?? ''}`, () => postJson('recording-servers', body));
    if (!result) return false;
    showSuccess(`Recording server ${result.data.id} added`, 'It takes cameras once it runs and is heard from.');
    await refresh();
    return true;
  });
}

/** Keeps the "Recording server" choice of the camera form in step with the servers. */
export function updateServerChoices(select, servers) {
  const chosen = select.value;
  const options = [html('option', { value: '', text: 'Automatic (most capacity left)' }),
    ...servers.map((s) => html('option', { value: s.id, text: `${s.id} (${s.state})` }))];
  const signature = options.map((o) => o.value + o.textContent).join('|');
  if (select.dataset.signature === signature) return;
  select.dataset.signature = signature;
  select.replaceChildren(...options);
  select.value = servers.some((s) => s.id === chosen) ? chosen : '';
}
