import { SdkError } from "../errors.js";

/**
 * Decides whether and when a failed attempt is tried again. `attempt` is the 1-based number of the attempt that
 * just failed. Strategies are stateless so one instance can serve concurrent calls.
 */
export interface RetryStrategy {
  /** Upper bound on attempts; `opc-client-retries: true` is sent when it is above 1. */
  readonly maxAttempts: number;
  shouldRetry(attempt: number, error: unknown): boolean;
  /** Delay before the next attempt, in milliseconds. */
  delayMs(attempt: number): number;
}

/** The OCI SDK retry condition: server faults, throttling, transient conflicts and client-side failures. */
export function isRetryableError(error: unknown): boolean {
  return error instanceof SdkError && error.isRetryable;
}

export interface ExponentialRetryOptions {
  maxAttempts?: number;
  /** First delay; doubles per attempt. Default 1000 ms. */
  baseDelayMs?: number;
  /** Cap of the exponential part. Default 30 000 ms. */
  maxDelayMs?: number;
  /** Uniform jitter added to every delay, in [0, jitterMs). Default 1000 ms. */
  jitterMs?: number;
  /** Source of randomness in [0, 1); injectable so schedules are testable. */
  random?: () => number;
  /** Which errors to retry; defaults to `isRetryableError`. */
  retryOn?: (error: unknown) => boolean;
}

/** Exponential back-off with full-millisecond jitter, the shape of oci-common's default retry configuration. */
export class ExponentialRetryStrategy implements RetryStrategy {
  readonly maxAttempts: number;
  readonly #base: number;
  readonly #max: number;
  readonly #jitter: number;
  readonly #random: () => number;
  readonly #retryOn: (error: unknown) => boolean;

  constructor(options: ExponentialRetryOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.#base = options.baseDelayMs ?? 1000;
    this.#max = options.maxDelayMs ?? 30_000;
    this.#jitter = options.jitterMs ?? 1000;
    this.#random = options.random ?? Math.random;
    this.#retryOn = options.retryOn ?? isRetryableError;
  }

  shouldRetry(attempt: number, error: unknown): boolean {
    return attempt < this.maxAttempts && this.#retryOn(error);
  }

  /** Before retry n (attempt n failed, n ≥ 1): min(base·2^(n-1), max) + jitter → ≈1, 2, 4, 8, 16, 30, 30 s. */
  delayMs(attempt: number): number {
    const exponential = Math.min(this.#base * 2 ** (attempt - 1), this.#max);
    return exponential + Math.floor(this.#random() * this.#jitter);
  }
}

/** One attempt, never retried. */
export class NoneRetryStrategy implements RetryStrategy {
  readonly maxAttempts = 1;
  shouldRetry(): boolean {
    return false;
  }
  delayMs(): number {
    return 0;
  }
}

/** oci-common's `OciSdkDefaultRetryConfiguration`: 8 attempts, min(2^n, 30) s + [0, 1) s jitter. */
export const DEFAULT_RETRY_STRATEGY: RetryStrategy = new ExponentialRetryStrategy();
export const NO_RETRY: RetryStrategy = new NoneRetryStrategy();
