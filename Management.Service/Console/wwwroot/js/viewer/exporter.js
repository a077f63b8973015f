// Export of a time range as one MP4 file (the same stitched playback.mp4 a player gets), with a
// progress bar. The file is assembled in the browser before it is saved; for very long ranges,
// vmsctl export writes straight to disk and resumes.
import { ApiError, fetchApi, getJson, segment } from '../api.js';
import { html } from '../dom.js';
import { formatBytes } from '../format.js';
import { formatDuration, fromLocalInput, toDate } from '../time.js';

export class Exporter {
  /** @param parts { form, from, to, progress, status, start, cancel } elements; deviceId(): the camera */
  constructor(parts, deviceId) {
    this.parts = parts;
    this.deviceId = deviceId;
    this.controller = null;
    parts.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.run();
    });
    parts.cancel.addEventListener('click', () => this.controller?.abort());
  }

  range() {
    return [fromLocalInput(this.parts.from.value), fromLocalInput(this.parts.to.value)];
  }

  async run() {
    const { progress, status, start, cancel } = this.parts;
    const deviceId = this.deviceId();
    const [from, to] = this.range();
    if (!deviceId) return this.say('Choose a camera first.');
    if (!(to > from)) return this.say('The end of the range must be after its start.');
    this.controller = new AbortController();
    start.disabled = true;
    cancel.hidden = false;
    progress.hidden = false;
    progress.value = 0;
    try {
      const path = `devices/${segment(deviceId)}`;
      // Asked first so that an empty range reads as a sentence, not as a failed download.
      const any = await getJson(`${path}/segments`, { fromUtcMicros: from, toUtcMicros: to, limit: 1 }, this.controller.signal);
      if (any.length === 0) {
        progress.hidden = true;
        return this.say('Nothing is recorded in this range.');
      }
      this.say('Preparing…');
      const response = await fetchApi(`${path}/playback.mp4`, { fromUtcMicros: from, toUtcMicros: to }, { signal: this.controller.signal });
      if (!response.ok) {
        const problem = await response.json().catch(() => null);
        throw new ApiError(response.status, problem?.title ?? response.statusText, problem?.detail, problem);
      }
      const blob = await this.read(response);
      save(blob, `${deviceId}_${stamp(from)}_${stamp(to)}.mp4`);
      progress.value = 100;
      this.say(`Exported ${formatDuration(to - from)} of ${deviceId} (${formatBytes(blob.size)}).`);
    } catch (error) {
      progress.hidden = true;
      this.say(error.name === 'AbortError' ? 'Export cancelled.' : `Export failed: ${error.detail || error.message}`);
    } finally {
      start.disabled = false;
      cancel.hidden = true;
      this.controller = null;
    }
  }

  /** The body, with the progress bar following Content-Length (the stitched file's length is known up front). */
  async read(response) {
    const { progress } = this.parts;
    const total = Number(response.headers.get('content-length')) || 0;
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    if (!total) progress.removeAttribute('value'); // indeterminate
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      if (total) {
        progress.value = Math.min(100, (received / total) * 100);
        this.say(`${formatBytes(received)} of ${formatBytes(total)} (${Math.floor(progress.value)} %)`);
      } else {
        this.say(`${formatBytes(received)} received`);
      }
    }
    return new Blob(chunks, { type: 'video/mp4' });
  }

  say(text) {
    this.parts.status.textContent = text;
  }
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = html('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** 20260131T091950Z-style names, readable and free of characters file systems refuse. */
function stamp(micros) {
  return toDate(micros).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}
