import { setTimeout as sleep } from "node:timers/promises";

/** How to wait out an engine's passing failure: how often to try, which errors pass, how long to pause. */
export interface TransientFailure {
  /** Tries in all, the first included. */
  attempts: number;
  /** Whether this error is one that a later try may not meet. */
  passes: (error: unknown) => boolean;
  /** The pause before try `attempt + 1`. */
  pauseMs: (attempt: number) => number;
}

/**
 * Runs `action`, and again after a pause while it fails with a passing error, up to `attempts` tries; the last
 * error, or any other, is thrown as it is. Engines have a few races of their own (Podman tripping over a container
 * removed or exiting during a list or an inspection, a volume still "in use" just after its container went).
 */
export async function retryTransient<T>(failure: TransientFailure, action: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= failure.attempts || !failure.passes(error)) throw error;
      await sleep(failure.pauseMs(attempt));
    }
  }
}
