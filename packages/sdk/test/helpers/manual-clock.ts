import type { Clock } from "../../src/clock.js";

/**
 * A clock that only moves when told. `sleep` advances time by the requested amount at once (recording it), so
 * retry and waiter schedules run instantly and can be asserted exactly.
 */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  #now: number;
  #timers: { at: number; callback: () => void; cancelled: boolean }[] = [];

  constructor(start = Date.UTC(2026, 10, 27, 14, 13, 20)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.advance(ms);
    signal?.throwIfAborted();
  }

  setTimer(ms: number, callback: () => void): () => void {
    const timer = { at: this.#now + ms, callback, cancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#timers.filter((t) => !t.cancelled && t.at <= this.#now).sort((a, b) => a.at - b.at);
    this.#timers = this.#timers.filter((t) => !due.includes(t) && !t.cancelled);
    for (const t of due) t.callback();
  }

  get pendingTimers(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  /** Remaining delays of the armed timers, in ms (lets tests see which timeout is currently running). */
  get pendingDelays(): number[] {
    return this.#timers.filter((t) => !t.cancelled).map((t) => t.at - this.#now);
  }
}
