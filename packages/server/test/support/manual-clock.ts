import type { Clock } from "../../src/clock.js";

/** A clock that moves only when the test says so; sleepers wake when it is advanced past their time. */
export class ManualClock implements Clock {
  private sleepers: Array<{ at: number; resolve: () => void }> = [];

  constructor(private time = Date.parse("2026-11-27T12:00:00.000Z")) {}

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

  advance(ms: number): void {
    this.time += ms;
    const due = this.sleepers.filter((s) => s.at <= this.time);
    this.sleepers = this.sleepers.filter((s) => s.at > this.time);
    for (const sleeper of due) sleeper.resolve();
  }
}
