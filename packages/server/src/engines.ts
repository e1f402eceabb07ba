import { type DiscoveryOptions, discoveryCandidates } from "./runtime/discovery.js";
import { displayEndpoint, type EnginePing, pingEngine } from "./runtime/docker/endpoint.js";

/**
 * Which engine `caisson serve` would use, found the way it finds one but without connecting a driver (and so
 * without loading dockerode): for `caisson --version` and anything else that only wants to name it. Exported as
 * `@caisson/server/engines`, apart from the server, so that asking costs milliseconds.
 */
export async function firstEngine(
  options: Pick<DiscoveryOptions, "dockerHost" | "env" | "wellKnown"> = {},
): Promise<{ source: string; endpoint: string; ping: EnginePing } | undefined> {
  for (const candidate of discoveryCandidates(options)) {
    if (!candidate.endpoint) continue;
    const ping = await pingEngine(candidate.endpoint, 1000);
    if (ping.ok) return { source: candidate.source, endpoint: displayEndpoint(candidate.endpoint), ping };
  }
  return undefined;
}
