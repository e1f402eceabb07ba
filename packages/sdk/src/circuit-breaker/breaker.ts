import type { Clock } from "../clock.js";

export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitBreakerStrategy {
  /** Percentage of failed requests in the window at or above which the breaker opens. */
  failureRateThreshold: number;
  /** The breaker never opens before this many requests were recorded in the window. */
  minimumRequests: number;
  /** Length of the rolling window that failure rates are computed over. */
  rollingWindowMs: number;
  /** How long the breaker stays open before letting one trial request through (half-open). */
  resetTimeoutMs: number;
}

/** oci-common's client breaker (opossum): 80 % over a 120 s window, at least 10 requests, half-open after 30 s. */
export const DEFAULT_CIRCUIT_BREAKER_STRATEGY: Readonly<CircuitBreakerStrategy> = Object.freeze({
  failureRateThreshold: 80,
  minimumRequests: 10,
  rollingWindowMs: 120_000,
  resetTimeoutMs: 30_000,
});

/** Pass as `circuitBreakerStrategy` to disable the breaker (same as `null`). */
export const NoCircuitBreakerStrategy = null;

export type CircuitBreakerCallback = (state: CircuitState, previous: CircuitState) => void;

/**
 * A rolling-window circuit breaker. Callers `acquire()` before sending and report the outcome with `record()`.
 * In half-open state exactly one trial is let through; its outcome closes or re-opens the breaker.
 */
export class CircuitBreaker {
  #state: CircuitState = "closed";
  #outcomes: { at: number; failed: boolean }[] = [];
  #openedAt = 0;
  #trialInFlight = false;

  constructor(
    readonly strategy: CircuitBreakerStrategy,
    private readonly clock: Clock,
    private readonly callback?: CircuitBreakerCallback,
  ) {}

  get state(): CircuitState {
    return this.#state;
  }

  /** Returns true if the request may be sent. Moves open → half-open once the reset timeout has passed. */
  acquire(): boolean {
    if (this.#state === "open" && this.clock.now() - this.#openedAt >= this.strategy.resetTimeoutMs) {
      this.#transition("half-open");
    }
    if (this.#state === "closed") return true;
    if (this.#state === "half-open" && !this.#trialInFlight) {
      this.#trialInFlight = true;
      return true;
    }
    return false;
  }

  /**
   * Records the outcome of a request let through by `acquire()`. `"ignored"` (the caller aborted) only frees the
   * half-open trial slot, so a cancelled trial neither closes nor re-opens the breaker.
   */
  record(outcome: "success" | "failure" | "ignored"): void {
    const now = this.clock.now();
    const failed = outcome === "failure";
    if (outcome === "ignored") {
      this.#trialInFlight = false;
      return;
    }
    if (this.#state === "half-open") {
      this.#trialInFlight = false;
      if (failed) {
        this.#open(now);
      } else {
        this.#outcomes = [];
        this.#transition("closed");
      }
      return;
    }
    if (this.#state === "open") return; // a request that started before the breaker opened
    this.#outcomes.push({ at: now, failed });
    this.#outcomes = this.#outcomes.filter((o) => now - o.at < this.strategy.rollingWindowMs);
    const failures = this.#outcomes.filter((o) => o.failed).length;
    const total = this.#outcomes.length;
    if (
      failed &&
      total >= this.strategy.minimumRequests &&
      (failures / total) * 100 >= this.strategy.failureRateThreshold
    ) {
      this.#open(now);
    }
  }

  #open(now: number): void {
    this.#openedAt = now;
    this.#outcomes = [];
    this.#transition("open");
  }

  #transition(next: CircuitState): void {
    const previous = this.#state;
    if (previous === next) return;
    this.#state = next;
    this.callback?.(next, previous);
  }
}
