import type { Container, CreateContainerInstanceDetails } from "@caisson/api";

/** Seconds given to containers to stop after SIGTERM when the caller does not say; Docker's default. */
export const DEFAULT_GRACEFUL_SHUTDOWN_SECONDS = 10;

/** The private part of an instance: everything the runtime needs, including pull-secret credentials. */
export interface InstanceSpec {
  details: CreateContainerInstanceDetails;
  /** Container OCIDs, in the order of `details.containers`. */
  containerIds: string[];
  vnicId: string;
  /** The address the engine gave the instance, recorded once it runs (GetVnic reports it). */
  privateIp?: string;
}

export type HealthCheck = NonNullable<Container["healthChecks"]>[number];

/** Seconds an instance's containers get between SIGTERM and SIGKILL. */
export const gracefulShutdownSeconds = (spec: InstanceSpec): number =>
  spec.details.gracefulShutdownTimeoutInSeconds ?? DEFAULT_GRACEFUL_SHUTDOWN_SECONDS;

/** The instance's container restart policy, as the caller asked at create (OCI's default is ALWAYS). */
export const restartPolicy = (spec: InstanceSpec): string => spec.details.containerRestartPolicy ?? "ALWAYS";

/**
 * The health checks of one container as the caller declared them, with OCI's default failure action (KILL) made
 * explicit, in the shape the Container reports them; none when the container is not the instance's.
 */
export function healthChecks(spec: InstanceSpec, containerId: string): HealthCheck[] {
  const index = spec.containerIds.indexOf(containerId);
  const declared = index === -1 ? undefined : spec.details.containers[index]?.healthChecks;
  return (declared ?? []).map((check) => ({ failureAction: "KILL", ...check }) as HealthCheck);
}
