import type { Clock } from "../../src/clock.js";

/**
 * The one test clock: it moves only when the test says so, and sleepers wake when it is advanced past their time.
 * It starts at the real time by default, in whole seconds: `x-date` has second precision, so a request signed at
 * the clock's time carries exactly that time, and the server (which rejects dates more than five minutes off its
 * clock) agrees with any client signing at real time. Tests that jump further must send `dateHeader(clock)`.
 */
export class ManualClock implements Clock {
  private sleepers: Array<{ at: number; resolve: () => void }> = [];

  constructor(private time = Math.floor(Date.now() / 1000) * 1000) {}

  now(): Date {
    return new Date(this.time);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const sleeper = { at: this.time + ms, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener("abort", () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal.reason);
      });
    });
  }

  /** Moves time by `ms`, waking the sleepers now due; a negative value moves it back (to date one request before another). */
  advance(ms: number): void {
    this.time += ms;
    const due = this.sleepers.filter((s) => s.at <= this.time);
    this.sleepers = this.sleepers.filter((s) => s.at > this.time);
    for (const sleeper of due) sleeper.resolve();
  }
}
