import { join } from "node:path";
import type { Clock } from "../clock.js";
import type { DiscoveryAttempt } from "../runtime/discovery.js";
import type { PullPolicy } from "../runtime/docker/images.js";
import type { RuntimeDriver } from "../runtime/driver.js";
import { EmulatedDriver } from "../runtime/emulated.js";
import type { IsolationPolicy } from "../runtime/isolation.js";

export type RuntimeChoice = "auto" | "docker" | "emulated";

export interface RuntimeSelection {
  driver: RuntimeDriver;
  /** Why this driver: shown by `serve`. */
  reason: string;
  attempts: DiscoveryAttempt[];
  warning?: string;
}

export class RuntimeUnavailableError extends Error {
  override readonly name = "RuntimeUnavailableError";
}

/**
 * `emulated` runs nothing; `docker` insists on an engine (Docker or Podman) and fails without one; `auto`
 * takes the first engine that answers and otherwise falls back to `emulated`, saying so loudly.
 */
export async function selectRuntime(
  choice: RuntimeChoice,
  options: {
    clock: Clock;
    dataDir: string;
    dockerHost?: string;
    holderImage?: string;
    pullPolicy?: PullPolicy;
    holderPool?: number;
    emulatedDelayMs?: number;
    isolation?: IsolationPolicy;
    allowedRegistries?: string[];
  },
): Promise<RuntimeSelection> {
  const emulated = () => new EmulatedDriver({ clock: options.clock, delayMs: options.emulatedDelayMs ?? 0 });
  if (choice === "emulated") return { driver: emulated(), reason: "--runtime emulated", attempts: [] };

  const { discoverEngine } = await import("../runtime/discovery.js");
  const { driver, attempts } = await discoverEngine({
    stateDir: join(options.dataDir, "runtime"),
    ...(options.dockerHost && { dockerHost: options.dockerHost }),
    ...(options.holderImage && { holderImage: options.holderImage }),
    ...(options.pullPolicy && { pullPolicy: options.pullPolicy }),
    ...(options.holderPool !== undefined && { holderPool: options.holderPool }),
    ...(options.isolation && { isolation: options.isolation }),
    ...(options.allowedRegistries && { allowedRegistries: options.allowedRegistries }),
  });
  const tried = attempts.map((a) => `${a.source}${a.endpoint ? ` (${a.endpoint})` : ""}: ${a.reason}`).join("; ");
  if (driver) {
    const used = attempts.find((a) => a.ok);
    return { driver, reason: `found ${driver.name} via ${used?.source ?? "discovery"}`, attempts };
  }
  if (choice === "docker") {
    throw new RuntimeUnavailableError(`No Docker or Podman engine answered. Tried: ${tried}`);
  }
  return {
    driver: emulated(),
    reason: "no engine answered",
    attempts,
    warning: `No Docker or Podman engine answered (${tried}); containers will NOT run: using the emulated runtime.`,
  };
}
