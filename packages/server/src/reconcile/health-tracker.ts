import type { Container } from "@caisson/api";
import type { ContainerHealth } from "../store/stored-instance.js";

type HealthCheck = NonNullable<Container["healthChecks"]>[number];

/** Defaults where a health check leaves a number out (Kubernetes' probe defaults). */
export const HEALTH_DEFAULTS = {
  initialDelayInSeconds: 0,
  intervalInSeconds: 10,
  timeoutInSeconds: 1,
  failureThreshold: 3,
  successThreshold: 1,
} as const;

export interface CheckState {
  status: "HEALTHY" | "UNHEALTHY" | "UNKNOWN";
  detail: string;
  successes: number;
  failures: number;
  nextProbeAt: number;
}

/**
 * Tracks one container run's health checks: when each is due, consecutive results against its thresholds,
 * and the status reported on the Container. A new run (restart) starts from UNKNOWN again.
 */
export class HealthTracker {
  private readonly states: CheckState[];

  constructor(
    private readonly checks: HealthCheck[],
    runStartedAt: number,
  ) {
    this.states = checks.map((check) => ({
      status: "UNKNOWN",
      detail: "waiting for the first probe",
      successes: 0,
      failures: 0,
      nextProbeAt: runStartedAt + seconds(check.initialDelayInSeconds, HEALTH_DEFAULTS.initialDelayInSeconds),
    }));
  }

  /** Indexes of the checks whose probe is due at `now`. */
  due(now: number): number[] {
    return this.states.flatMap((state, i) => (state.nextProbeAt <= now ? [i] : []));
  }

  /** When the next probe of any check is due. */
  nextDueAt(): number {
    return Math.min(...this.states.map((state) => state.nextProbeAt));
  }

  timeoutMs(index: number): number {
    return seconds(this.checks[index]?.timeoutInSeconds, HEALTH_DEFAULTS.timeoutInSeconds);
  }

  /**
   * Records a probe result. Returns true when this result made the check cross its failure threshold, i.e.
   * the moment its failureAction applies.
   */
  record(index: number, ok: boolean, detail: string, now: number): boolean {
    const check = this.checks[index]!;
    const state = this.states[index]!;
    state.nextProbeAt = now + seconds(check.intervalInSeconds, HEALTH_DEFAULTS.intervalInSeconds);
    state.detail = detail;
    if (ok) {
      state.failures = 0;
      state.successes++;
      if (state.successes >= (check.successThreshold ?? HEALTH_DEFAULTS.successThreshold)) state.status = "HEALTHY";
      return false;
    }
    state.successes = 0;
    state.failures++;
    const threshold = check.failureThreshold ?? HEALTH_DEFAULTS.failureThreshold;
    if (state.failures >= threshold && state.status !== "UNHEALTHY") {
      state.status = "UNHEALTHY";
      return true;
    }
    return false;
  }

  /** The checks' current results alone, as the store keeps them. */
  results(): ContainerHealth[] {
    return this.states.map((state) => ({ status: state.status, statusDetails: state.detail }));
  }

  get(index: number): CheckState | undefined {
    return this.states[index];
  }
}

const seconds = (value: number | undefined, fallback: number) => (value ?? fallback) * 1000;
