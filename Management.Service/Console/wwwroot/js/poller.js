// Calls a function now and then every interval while started, never two at once, paused while the tab is hidden.
export class Poller {
  constructor(intervalMs, tick) {
    this.intervalMs = intervalMs;
    this.tick = tick;
    this.timer = null;
    this.running = false;
    this.busy = null;
    document.addEventListener('visibilitychange', () => {
      if (this.running && !document.hidden) this.now();
    });
  }

  start() {
    this.running = true;
    this.now();
  }

  stop() {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** Runs the tick at once (or waits for the one under way), then schedules the next. */
  async now() {
    clearTimeout(this.timer);
    if (!this.busy) {
      this.busy = (async () => {
        try {
          await this.tick();
        } finally {
          this.busy = null;
        }
      })();
    }
    try {
      await this.busy;
    } finally {
      clearTimeout(this.timer);
      if (this.running && !document.hidden) this.timer = setTimeout(() => this.now(), this.intervalMs);
    }
  }
}
