import { toRfc3339 } from "@caisson/api";
import type { Clock } from "../clock.js";
import type { EventRepository } from "../store/event-repository.js";

export interface EventRetentionPolicy {
  /** Events older than this are forgotten. */
  maxAgeMs: number;
  /** Each tenancy keeps at most this many (its newest). */
  maxPerTenancy: number;
  /** How often to prune. */
  everyMs: number;
}

/** A week of history, and no tenancy's flood of restarts can grow the table past 10,000 rows of its own. */
export const DEFAULT_EVENT_RETENTION: EventRetentionPolicy = {
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  maxPerTenancy: 10_000,
  everyMs: 10 * 60 * 1000,
};

/** Keeps the event log bounded: prunes at start, then every `everyMs`. */
export class EventRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly deps: { events: EventRepository; clock: Clock; onError?: (error: unknown) => void },
    private readonly policy: EventRetentionPolicy = DEFAULT_EVENT_RETENTION,
  ) {}

  /** One pruning pass; returns how many events were forgotten. */
  prune(): Promise<number> {
    const before = toRfc3339(new Date(this.deps.clock.now().getTime() - this.policy.maxAgeMs));
    return this.deps.events.prune(before, this.policy.maxPerTenancy);
  }

  start(): void {
    const tick = () => {
      this.running = this.prune().catch((error) => this.deps.onError?.(error));
    };
    tick();
    this.timer = setInterval(tick, this.policy.everyMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
