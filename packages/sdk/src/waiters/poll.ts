import type { Clock } from "../clock.js";
import { WaiterTimeoutError } from "../errors.js";

export interface WaiterOptions {
  /** Give up after this long (default 1200 s, the OCI SDKs' default). */
  maxWaitSeconds?: number;
  /** Cap of the exponential polling delay (default 30 s). */
  maxDelaySeconds?: number;
  signal?: AbortSignal;
}

export type PollResult<T> = { done: true; value: T } | { done: false; state: string | undefined };

/**
 * Polls `check` until it reports done: immediately, then after min(2^n, maxDelay) s (1, 2, 4, … 30, 30 s; no
 * jitter, as oci-common's waiters). The last sleep is shortened to end at the deadline so the final poll happens
 * exactly at `maxWaitSeconds`. `check` fails fast by throwing.
 */
export async function poll<T>(
  clock: Clock,
  resourceId: string,
  options: WaiterOptions,
  check: () => Promise<PollResult<T>>,
): Promise<T> {
  const start = clock.now();
  const deadline = start + (options.maxWaitSeconds ?? 1200) * 1000;
  const maxDelayMs = (options.maxDelaySeconds ?? 30) * 1000;
  for (let n = 0; ; n++) {
    options.signal?.throwIfAborted();
    const result = await check();
    if (result.done) return result.value;
    const now = clock.now();
    if (now >= deadline) throw new WaiterTimeoutError(resourceId, now - start, result.state);
    await clock.sleep(Math.min(2 ** n * 1000, maxDelayMs, deadline - now), options.signal);
  }
}
