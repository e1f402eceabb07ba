export interface BackoffOptions {
  /** Delay before the first restart. Kubernetes' CrashLoopBackOff: 10 s. */
  baseMs?: number;
  /** Longest delay. Kubernetes: 5 min. */
  capMs?: number;
}

/**
 * Delay before restart number `attempt` (0 = first restart): base doubling per attempt, capped.
 * Pure, so the reconciler's clock decides when the time has passed and tests never sleep.
 */
export function restartBackoff(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 10_000;
  const cap = options.capMs ?? 300_000;
  if (!Number.isFinite(attempt) || attempt <= 0) return Math.min(base, cap);
  // Past 2^40 the doubling has long hit any sane cap; stop before the number overflows.
  const exponent = Math.min(Math.floor(attempt), 40);
  return Math.min(base * 2 ** exponent, cap);
}
