import { join } from "node:path";
import type { DockerDriver, DockerDriverOptions } from "./docker/docker-driver.js";
import { displayEndpoint, pingEngine } from "./docker/endpoint.js";

export interface DiscoveryAttempt {
  /** Where the candidate came from: "--docker-host", "DOCKER_HOST", "Docker default socket", … */
  source: string;
  endpoint: string;
  ok: boolean;
  reason: string;
}

export interface DiscoveryResult {
  /** Undefined when no engine answered; the caller decides what to fall back to. */
  driver?: DockerDriver;
  attempts: DiscoveryAttempt[];
}

export interface DiscoveryOptions extends Omit<DockerDriverOptions, "endpoint"> {
  /** The `--docker-host` flag. When given it is the only candidate: an explicit choice never falls through. */
  dockerHost?: string;
  env?: Record<string, string | undefined>;
  /** Per-probe timeout; /_ping answers in milliseconds when an engine is there. */
  timeoutMs?: number;
  /** Called for each attempt as it completes (the server logs them). */
  onAttempt?: (attempt: DiscoveryAttempt) => void;
  /** Overrides the well-known socket paths (tests). */
  wellKnown?: { docker?: string; rootfulPodman?: string };
}

interface Candidate {
  source: string;
  endpoint?: string;
  /** Why the candidate has no endpoint (e.g. the variable is unset). */
  missing?: string;
}

export function discoveryCandidates(options: Pick<DiscoveryOptions, "dockerHost" | "env" | "wellKnown">): Candidate[] {
  const env = options.env ?? process.env;
  if (options.dockerHost) return [{ source: "--docker-host", endpoint: options.dockerHost }];
  const runtimeDir = env.XDG_RUNTIME_DIR;
  return [
    { source: "DOCKER_HOST", endpoint: env.DOCKER_HOST || undefined, missing: "DOCKER_HOST is not set" },
    { source: "Docker default socket", endpoint: options.wellKnown?.docker ?? "unix:///var/run/docker.sock" },
    { source: "rootful Podman socket", endpoint: options.wellKnown?.rootfulPodman ?? "unix:///run/podman/podman.sock" },
    {
      source: "rootless Podman socket",
      endpoint: runtimeDir ? `unix://${join(runtimeDir, "podman", "podman.sock")}` : undefined,
      missing: "XDG_RUNTIME_DIR is not set",
    },
  ];
}

/**
 * Tries each candidate in order with GET /_ping and connects to the first that answers. Every attempt is
 * recorded with its reason, so "why did it pick that / find nothing" has an answer in the log.
 */
export async function discoverEngine(options: DiscoveryOptions): Promise<DiscoveryResult> {
  const attempts: DiscoveryAttempt[] = [];
  const record = (attempt: DiscoveryAttempt) => {
    attempts.push(attempt);
    options.onAttempt?.(attempt);
  };
  const {
    dockerHost: _flag,
    env: _env,
    timeoutMs,
    onAttempt: _onAttempt,
    wellKnown: _wellKnown,
    ...driverOptions
  } = options;
  for (const candidate of discoveryCandidates(options)) {
    if (!candidate.endpoint) {
      record({ source: candidate.source, endpoint: "", ok: false, reason: candidate.missing ?? "no endpoint" });
      continue;
    }
    const ping = await pingEngine(candidate.endpoint, timeoutMs ?? 1000);
    record({
      source: candidate.source,
      endpoint: displayEndpoint(candidate.endpoint),
      ok: ping.ok,
      reason: ping.reason,
    });
    if (!ping.ok) continue;
    try {
      // Loaded only once an engine answered: dockerode is the largest module Caisson has, and start-up with the
      // emulated runtime (or no engine) should not pay for it.
      const { DockerDriver } = await import("./docker/docker-driver.js");
      const driver = await DockerDriver.connect({
        ...driverOptions,
        endpoint: candidate.endpoint,
        pingTimeoutMs: timeoutMs,
      });
      return { driver, attempts };
    } catch (error) {
      // It answered the probe a moment ago and not now: record it and keep looking.
      attempts[attempts.length - 1] = {
        ...attempts[attempts.length - 1]!,
        ok: false,
        reason: (error as Error).message,
      };
    }
  }
  return { attempts };
}
