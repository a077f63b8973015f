// The live view, and the one place that knows how it is fed.
//
// First choice: the live relay. The camera's current recording server serves
// /api/devices/{id}/live.mp4 (forwarded here by the management server): one endless fragmented MP4
// cut at every key frame, taken from the recorder's own RTSP session, so the camera sees one session
// whatever the number of viewers. The bytes are appended to a MediaSource as they arrive; fragment
// times are wall-clock time, so the position shown is the instant filmed. The stream ends when the
// camera's session ends or the device moves: the view reconnects, to wherever the camera now is.
//
// Fallback, when the relay cannot be had (no recorder session, an older server): NEAR-live, built on
// what the current recording server already committed, a segment or two behind the camera.
import { ApiError, fetchApi, getJson, segment } from '../api.js';
import { MICROS_PER_SECOND, nowMicros } from '../time.js';
import { mimeTypeOf } from './mp4.js';

const START_BEHIND_MICROS = 10 * MICROS_PER_SECOND;
const POLL_MS = 1000;
const KEEP_SECONDS = 30;
const MAX_LAG_SECONDS = 8;
const RELAY_RETRY_MS = 1000;
const RELAY_FAILURES_BEFORE_FALLBACK = 3;

/**
 * Shows a camera as live as the system allows in a video element.
 * @returns {{ stop(): void, positionUtc(): number|null, mode: string }}
 */
export function startLive(video, deviceId, { onStatus }) {
  let current = null;
  const fallback = () => {
    current = new NearLiveSession(video, deviceId, onStatus);
    current.start();
  };
  current = new RelayedLiveSession(video, deviceId, onStatus, fallback);
  current.start();
  return {
    stop: () => current.stop(),
    positionUtc: () => current.positionUtc(),
    get mode() { return current instanceof RelayedLiveSession ? 'live' : 'near-live'; },
  };
}

function concat(a, b) {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** Appends to a SourceBuffer, one operation at a time. */
function whenIdle(sourceBuffer, operation) {
  return new Promise((resolve, reject) => {
    const done = () => {
      sourceBuffer.removeEventListener('error', failed);
      resolve();
    };
    const failed = () => {
      sourceBuffer.removeEventListener('updateend', done);
      reject(new Error('the browser refused the media'));
    };
    sourceBuffer.addEventListener('updateend', done, { once: true });
    sourceBuffer.addEventListener('error', failed, { once: true });
    operation();
  });
}

/** A video element fed through a MediaSource: start, stop, and staying at the newest media. */
class MediaSourceSession {
  constructor(video, deviceId, onStatus) {
    this.video = video;
    this.deviceId = deviceId;
    this.onStatus = onStatus;
    this.abort = new AbortController();
    this.sourceBuffer = null;
  }

  start(waiting) {
    this.mediaSource = new MediaSource();
    this.objectUrl = URL.createObjectURL(this.mediaSource);
    this.mediaSource.addEventListener('sourceopen', () => this.run(), { once: true });
    this.video.src = this.objectUrl;
    this.onStatus(waiting);
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

  /**
   * Stays near the newest media, keeps the buffer small, and says how far behind the camera it runs
   * (describe(seconds) words it).
   */
  async keepUp(describe) {
    const video = this.video;
    const buffered = video.buffered;
    if (!buffered.length) return;
    const last = buffered.length - 1;
    const end = buffered.end(last);
    if (end - video.currentTime > MAX_LAG_SECONDS || video.currentTime < buffered.start(last)) video.currentTime = Math.max(buffered.start(last), end - 1);
    if (video.paused) video.play().catch(() => {}); // refused without a user gesture when unmuted: the controls can start it
    const position = this.positionUtc();
    if (position !== null) this.onStatus(describe(Math.max(0, Math.round((nowMicros() - position) / MICROS_PER_SECOND))));
    const start = buffered.start(0);
    if (video.currentTime - start > KEEP_SECONDS) await whenIdle(this.sourceBuffer, () => this.sourceBuffer.remove(start, video.currentTime - KEEP_SECONDS / 2));
  }
}

class RelayedLiveSession extends MediaSourceSession {
  constructor(video, deviceId, onStatus, fallback) {
    super(video, deviceId, onStatus);
    this.fallback = fallback;
    this.failures = 0;
  }

  start() {
    super.start('Live: connecting to the camera\'s recording server…');
  }

  async run() {
    while (!this.stopped) {
      try {
        await this.stream();
        this.failures = 0; // a stream that ended normally (session over, device moved): reconnect
      } catch (error) {
        if (this.stopped) return;
        if (++this.failures >= RELAY_FAILURES_BEFORE_FALLBACK) {
          this.stop();
          this.fallback();
          return;
        }
        this.onStatus(`Live: ${error.detail || error.message} — reconnecting`);
      }
      await new Promise((resolve) => setTimeout(resolve, RELAY_RETRY_MS));
    }
  }

  async stream() {
    const response = await fetchApi(`devices/${segment(this.deviceId)}/live.mp4`, undefined, { signal: this.abort.signal });
    if (!response.ok) throw new ApiError(response.status, response.statusText, `the live relay answered ${response.status}`);
    const reader = response.body.getReader();
    let head = new Uint8Array(0); // bytes held until the init segment is whole, to learn the codec
    for (;;) {
      const { value, done } = await reader.read();
      if (done || this.stopped) return;
      let bytes = value;
      if (!this.sourceBuffer) {
        head = concat(head, value);
        const type = mimeTypeOf(head.buffer);
        if (type === 'video/mp4') {
          if (head.length > 1024 * 1024) throw new Error('the live stream did not start with an init segment');
          continue;
        }
        if (!MediaSource.isTypeSupported(type)) throw new Error(`this browser cannot play ${type}`);
        this.sourceBuffer = this.mediaSource.addSourceBuffer(type);
        bytes = head;
      }
      await whenIdle(this.sourceBuffer, () => this.sourceBuffer.appendBuffer(bytes));
      this.failures = 0;
      await this.keepUp((behind) => `Live from the camera · about ${behind} s behind`);
    }
  }

  /** Fragment times are wall-clock time (UTC seconds), so the play position is the instant filmed. */
  positionUtc() {
    return this.video.buffered.length ? this.video.currentTime * MICROS_PER_SECOND : null;
  }
}

class NearLiveSession extends MediaSourceSession {
  constructor(video, deviceId, onStatus) {
    super(video, deviceId, onStatus);
    this.nextFrom = nowMicros() - START_BEHIND_MICROS;
    this.anchors = []; // { mediaSeconds, utcMicros }: where each appended piece starts on both clocks
  }

  start() {
    super.start('Near-live: waiting for the latest recorded segments…');
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
    const response = await fetchApi(`${path}/playback.mp4`, { fromUtcMicros: this.nextFrom, toUtcMicros: to }, { signal: this.abort.signal });
    if (!response.ok) throw new ApiError(response.status, response.statusText, `playback answered ${response.status}`);
    const bytes = await response.arrayBuffer();
    if (this.stopped) return;
    await this.append(bytes, fresh[0].startUtcMicros);
    this.nextFrom = to;
    const serverId = fresh.at(-1).recordingServerId;
    await this.keepUp((behind) => `Near-live from recorded segments · about ${behind} s behind · recorded on ${serverId}`);
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
    await whenIdle(this.sourceBuffer, () => this.sourceBuffer.appendBuffer(bytes));
  }

  /** The wall-clock instant being shown, from the anchor of the piece under the play position. */
  positionUtc() {
    const t = this.video.currentTime;
    const anchor = this.anchors.findLast((a) => a.mediaSeconds <= t + 0.001);
    return anchor ? anchor.utcMicros + (t - anchor.mediaSeconds) * MICROS_PER_SECOND : null;
  }
}
