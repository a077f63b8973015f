// The live view, and the one place that knows how it is fed.
//
// There is no live endpoint yet: this is NEAR-live, built on what the camera's current recording
// server has already committed. Every second it asks for the segments newer than what it showed,
// fetches them as one playback.mp4 and appends them to a MediaSource in "sequence" mode, so the
// pieces play back to back (across a move as well). It runs a segment or two behind the camera
// (Recording:SegmentTargetDuration, 4 s by default). A real live relay (fMP4 over HTTP or LL-HLS
// from the current recording server) replaces this module behind the same startLive() contract.
import { ApiError, apiUrl, getJson, segment } from '../api.js';
import { MICROS_PER_SECOND, nowMicros } from '../time.js';
import { mimeTypeOf } from './mp4.js';

const START_BEHIND_MICROS = 10 * MICROS_PER_SECOND;
const POLL_MS = 1000;
const KEEP_SECONDS = 30;
const MAX_LAG_SECONDS = 8;

/**
 * Shows a camera as live as the system allows in a video element.
 * @returns {{ stop(): void, positionUtc(): number|null, mode: string }}
 */
export function startLive(video, deviceId, { onStatus }) {
  const session = new NearLiveSession(video, deviceId, onStatus);
  session.start();
  return { stop: () => session.stop(), positionUtc: () => session.positionUtc(), mode: 'near-live' };
}

class NearLiveSession {
  constructor(video, deviceId, onStatus) {
    this.video = video;
    this.deviceId = deviceId;
    this.onStatus = onStatus;
    this.abort = new AbortController();
    this.nextFrom = nowMicros() - START_BEHIND_MICROS;
    this.anchors = []; // { mediaSeconds, utcMicros }: where each appended piece starts on both clocks
    this.sourceBuffer = null;
  }

  start() {
    this.mediaSource = new MediaSource();
    this.objectUrl = URL.createObjectURL(this.mediaSource);
    this.mediaSource.addEventListener('sourceopen', () => this.run(), { once: true });
    this.video.src = this.objectUrl;
    this.onStatus('Near-live: waiting for the latest recorded segments…');
  }

  stop() {
    this.abort.abort();
    this.video.removeAttribute('src');
    this.video.load();
    URL.revokeObjectURL(this.objectUrl);
  }

  get stopped() {
    return this.abort.signal.aborted;
  }

  async run() {
    while (!this.stopped) {
      try {
        await this.pull();
      } catch (error) {
        if (this.stopped) return;
        this.onStatus(`Near-live: ${error.detail || error.message} — retrying`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Appends whatever was committed since the last pull. */
  async pull() {
    const path = `devices/${segment(this.deviceId)}`;
    const listed = await getJson(`${path}/segments`, { fromUtcMicros: this.nextFrom, toUtcMicros: nowMicros() + MICROS_PER_SECOND, limit: 1000 }, this.abort.signal);
    const fresh = listed.filter((s) => s.endUtcMicros > this.nextFrom).sort((a, b) => a.startUtcMicros - b.startUtcMicros);
    if (fresh.length === 0) return;
    const to = Math.max(...fresh.map((s) => s.endUtcMicros));
    const response = await fetch(apiUrl(`${path}/playback.mp4`, { fromUtcMicros: this.nextFrom, toUtcMicros: to }), { signal: this.abort.signal });
    if (!response.ok) throw new ApiError(response.status, response.statusText, `playback answered ${response.status}`);
    const bytes = await response.arrayBuffer();
    if (this.stopped) return;
    await this.append(bytes, fresh[0].startUtcMicros);
    this.nextFrom = to;
    await this.keepUp(fresh.at(-1).recordingServerId);
  }

  async append(bytes, utcMicros) {
    if (!this.sourceBuffer) {
      const type = mimeTypeOf(bytes);
      if (!MediaSource.isTypeSupported(type)) throw new Error(`this browser cannot play ${type}`);
      this.sourceBuffer = this.mediaSource.addSourceBuffer(type);
      this.sourceBuffer.mode = 'sequence'; // pieces back to back, whatever their own timestamps
    }
    const buffered = this.video.buffered;
    this.anchors.push({ mediaSeconds: buffered.length ? buffered.end(buffered.length - 1) : 0, utcMicros });
    await this.whenIdle(() => this.sourceBuffer.appendBuffer(bytes));
  }

  /** Stays near the newest media, keeps the buffer small, and says how far behind it runs. */
  async keepUp(serverId) {
    const video = this.video;
    const buffered = video.buffered;
    if (!buffered.length) return;
    const end = buffered.end(buffered.length - 1);
    if (end - video.currentTime > MAX_LAG_SECONDS || video.currentTime < buffered.start(0)) video.currentTime = Math.max(buffered.start(0), end - 1);
    if (video.paused) video.play().catch(() => {}); // refused without a user gesture when unmuted: the controls can start it
    const position = this.positionUtc();
    if (position !== null) this.onStatus(`Near-live from recorded segments · about ${Math.max(0, Math.round((nowMicros() - position) / MICROS_PER_SECOND))} s behind · recorded on ${serverId}`);
    const start = buffered.start(0);
    if (video.currentTime - start > KEEP_SECONDS) await this.whenIdle(() => this.sourceBuffer.remove(start, video.currentTime - KEEP_SECONDS / 2));
  }

  /** The wall-clock instant being shown, from the anchor of the piece under the play position. */
  positionUtc() {
    const t = this.video.currentTime;
    const anchor = this.anchors.findLast((a) => a.mediaSeconds <= t + 0.001);
    return anchor ? anchor.utcMicros + (t - anchor.mediaSeconds) * MICROS_PER_SECOND : null;
  }

  whenIdle(operation) {
    return new Promise((resolve, reject) => {
      const sb = this.sourceBuffer;
      const done = () => {
        sb.removeEventListener('error', failed);
        resolve();
      };
      const failed = () => {
        sb.removeEventListener('updateend', done);
        reject(new Error('the browser refused the media'));
      };
      sb.addEventListener('updateend', done, { once: true });
      sb.addEventListener('error', failed, { once: true });
      operation();
    });
  }
}
