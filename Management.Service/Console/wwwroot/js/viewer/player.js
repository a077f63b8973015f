// Plays recordings from any instant: one playback.mp4 per window of time, stitched by the camera's
// current recording server from the segments of every server that holds them (seed 000 FIG. 4/5),
// so a range across a move or a failover plays as one file. The next window follows when one ends.
import { apiUrl, segment } from '../api.js';
import { MICROS_PER_MINUTE, MICROS_PER_SECOND, formatTime } from '../time.js';
import { playbackZero } from './runs.js';

const WINDOW_MICROS = 30 * MICROS_PER_MINUTE;
const NEXT_PIECE_SLACK_MICROS = 100_000;

export class RecordingPlayer {
  /** @param handlers { onStatus(text), segments(): the day's sorted segments } */
  constructor(video, handlers) {
    this.video = video;
    this.handlers = handlers;
    this.current = null; // { deviceId, from, to, zero }
    this.loads = 0;
    video.addEventListener('ended', () => this.continueAfterWindow());
    video.addEventListener('error', () => {
      if (this.current && video.error) this.handlers.onStatus(`Playback failed: ${video.error.message || `media error ${video.error.code}`}`);
    });
  }

  /**
   * Plays from an instant; in a gap, from the next recording. playback.mp4 keeps real time: its
   * decode time 0 is the start of the first segment it holds, and a gap stays a gap.
   * @returns false when nothing is recorded from there on (in the loaded list)
   */
  play(deviceId, instant) {
    const from = Math.floor(instant); // the API takes whole microseconds
    const to = from + WINDOW_MICROS;
    const zero = playbackZero(this.handlers.segments(), from, to);
    if (zero === null) {
      this.handlers.onStatus(`Nothing is recorded from ${formatTime(instant)} on.`);
      return false;
    }
    this.current = { deviceId, from, to, zero };
    const video = this.video;
    video.src = apiUrl(`devices/${segment(deviceId)}/playback.mp4`, { fromUtcMicros: from, toUtcMicros: to }).href;
    video.dataset.zeroUtcMicros = String(zero);
    const offsetSeconds = Math.max(0, (from - zero) / MICROS_PER_SECOND);
    const load = ++this.loads;
    video.addEventListener('loadedmetadata', () => {
      if (load !== this.loads) return; // a later play() replaced this load
      if (offsetSeconds > 0) video.currentTime = offsetSeconds;
      video.play().catch(() => {}); // a newer load interrupted it
    }, { once: true });
    if (zero > from) this.handlers.onStatus(`No video at ${formatTime(from)}: playing from the next recording at ${formatTime(zero)}.`);
    return true;
  }

  stop() {
    this.current = null;
    delete this.video.dataset.zeroUtcMicros;
    this.video.removeAttribute('src');
    this.video.load();
  }

  /** The wall-clock instant on screen, or null when nothing recorded is loaded. */
  positionUtc() {
    return this.current ? this.current.zero + this.video.currentTime * MICROS_PER_SECOND : null;
  }

  continueAfterWindow() {
    if (!this.current) return;
    const playedTo = this.current.zero + this.video.duration * MICROS_PER_SECOND;
    const next = this.handlers.segments().find((s) => s.startUtcMicros >= playedTo - NEXT_PIECE_SLACK_MICROS);
    if (next) this.play(this.current.deviceId, Math.max(next.startUtcMicros, playedTo));
    else this.handlers.onStatus(`End of the recordings at ${formatTime(playedTo)}. Press Live for what is being recorded now.`);
  }
}
