import type { Leadership } from "./leadership.js";

/** The singleton loops one leader runs: adoption with orphan removal when it takes over, then the reconciler. */
export interface SingletonWork {
  /** Runs once each time this replica becomes the leader, before `start`. */
  takeOver(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Starts the singleton work when this replica becomes the leader and stops it when it no longer is. Changes
 * are applied one after the other, so a quick lose-and-regain never runs two reconcilers at once.
 */
export class SingletonRunner {
  private queue: Promise<void> = Promise.resolve();
  private running = false;
  private unsubscribe: (() => void) | undefined;
  private leaderships = 0;

  constructor(
    private readonly leadership: Leadership,
    private readonly work: SingletonWork,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** How many times this replica became the leader (a gauge for operators). */
  get takeOvers(): number {
    return this.leaderships;
  }

  start(): void {
    this.unsubscribe = this.leadership.onChange((leader) => {
      this.queue = this.queue.then(() => this.apply(leader)).catch(this.onError);
    });
  }

  /** Waits for the changes seen so far to be applied (a start waits for its first adoption). */
  async settled(): Promise<void> {
    await this.queue;
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.queue = this.queue.then(() => this.apply(false)).catch(this.onError);
    await this.queue;
  }

  private async apply(leader: boolean): Promise<void> {
    if (leader && !this.running) {
      // The leadership may have ended while earlier changes were applied; start nothing then.
      if (!this.leadership.holds()) return;
      this.leaderships++;
      await this.work.takeOver();
      if (!this.leadership.holds()) return;
      this.work.start();
      this.running = true;
    } else if (!leader && this.running) {
      this.running = false;
      await this.work.stop();
    }
  }
}
