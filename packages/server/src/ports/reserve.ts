import { invalidParameter } from "../errors.js";
import type { Repositories } from "../store/store.js";
import { probeHostPort } from "./host-probe.js";
import { type PublishPolicy, requireAllowedByPolicy } from "./publish-policy.js";
import { PUBLISH_FIELD, PUBLISH_TAG, type PublishedPort, PublishRefused, publishedPortsOf } from "./publish-spec.js";

/**
 * The ports a create asks for, checked against the tag's grammar and the operator's policy: throws a 400
 * InvalidParameter naming `freeformTags.caisson.publish` and the port. Runs before anything is stored.
 */
export function requestedPorts(
  freeformTags: Record<string, string> | undefined,
  policy: PublishPolicy,
): PublishedPort[] {
  try {
    const ports = publishedPortsOf(freeformTags);
    requireAllowedByPolicy(policy, ports);
    return ports;
  } catch (error) {
    if (error instanceof PublishRefused) throw invalidParameter(PUBLISH_FIELD, error.message);
    throw error;
  }
}

/**
 * Reserves the ports for the instance inside the create's transaction, after checking that no instance holds
 * them (of any tenancy: the answer never says whose) and that the host can bind them. The unique index is the
 * backstop when two creates race for one port.
 */
export async function reservePorts(
  repos: Repositories,
  call: { instanceId: string; tenancyId: string; ports: readonly PublishedPort[]; now: string },
): Promise<void> {
  if (call.ports.length === 0) return;
  const held = await repos.ports.firstHeld(call.ports);
  if (held) throw taken(held);
  for (const port of call.ports) {
    const problem = await probeHostPort(port);
    if (problem) throw invalidParameter(PUBLISH_FIELD, problem);
  }
  try {
    await repos.ports.reserve(call.instanceId, call.tenancyId, call.ports, call.now);
  } catch (error) {
    const raced = await repos.ports.firstHeld(call.ports).catch(() => call.ports[0]);
    throw raced ? taken(raced) : error;
  }
}

const taken = (port: PublishedPort) =>
  invalidParameter(
    PUBLISH_FIELD,
    `host port ${port.hostAddress}:${port.hostPort}/${port.protocol} is already published by another instance`,
  );

/**
 * Published ports are fixed at create (they were reserved and bound then): an update that changes or drops the
 * tag is refused rather than leaving a tag that no longer says what is bound. Sending the same value is fine.
 */
export function requireSamePublishTag(
  currentTags: Record<string, string> | undefined,
  freeformTags: Record<string, string>,
): void {
  const current = currentTags?.[PUBLISH_TAG];
  if (freeformTags[PUBLISH_TAG] !== current) {
    throw invalidParameter(
      PUBLISH_FIELD,
      `published ports are fixed when the instance is created (now ${current === undefined ? "none" : `"${current}"`}); create a new instance to publish others`,
    );
  }
}
