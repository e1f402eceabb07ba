import { ContainerCapabilityType } from "@caisson/api";

/**
 * How far the operator lets tenants' containers reach into the shared kernel. OCI runs every instance in its
 * own VM; Caisson shares one kernel between tenants, so these settings are the walls between them. The
 * defaults are the strict ones; every relaxation is an explicit `caisson serve` flag (see docs/security.md).
 */
export interface IsolationPolicy {
  /** Processes (threads included) each container may have: a fork bomb stops here. */
  pidsLimit: number;
  /**
   * Capabilities that `addCapabilities: ["ALL"]` grants beyond OCI's 14 defaults, e.g. CAP_NET_ADMIN. Empty by
   * default: ALL means the 14 that OCI lists, never the engine's every capability.
   */
  extraCapabilities: string[];
  /**
   * `auto`: each instance's containers run in a user namespace of their own (Podman's userns=auto), so root in
   * a container is an unprivileged user on the host. `off`: the engine's default (Docker's daemon-wide
   * userns-remap applies when the daemon has it).
   */
  userNamespaces: "off" | "auto";
}

export const DEFAULT_PIDS_LIMIT = 1024;

export const DEFAULT_ISOLATION: IsolationPolicy = {
  pidsLimit: DEFAULT_PIDS_LIMIT,
  extraCapabilities: [],
  userNamespaces: "off",
};

/** OCI's ContainerCapabilityType without ALL: the default set of every container (Docker's default set too). */
export const OCI_DEFAULT_CAPABILITIES: readonly string[] = ContainerCapabilityType.filter((c) => c !== "ALL");

/** Capability names as engines want them: upper case, no CAP_ prefix ("ALL" stays "ALL"). */
export function capabilityName(capability: string): string {
  return capability.toUpperCase().replace(/^CAP_/, "");
}

/**
 * The exact capability set a container gets, as engine names: OCI's 14 defaults minus what it drops (ALL
 * drops every one), plus what it adds, where ALL means the 14 defaults plus only what the operator allowed.
 * Engines are then told to drop everything and add exactly this set, so Docker and Podman (whose own default
 * sets differ) give the same answer.
 */
export function effectiveCapabilities(
  add: readonly string[] = [],
  drop: readonly string[] = [],
  extra: readonly string[] = [],
): string[] {
  const defaults = OCI_DEFAULT_CAPABILITIES.map(capabilityName);
  const dropped = new Set(drop.map(capabilityName));
  const result = new Set(dropped.has("ALL") ? [] : defaults.filter((c) => !dropped.has(c)));
  for (const capability of add.map(capabilityName)) {
    if (capability === "ALL") {
      for (const c of [...defaults, ...extra.map(capabilityName)]) result.add(c);
    } else if (defaults.includes(capability) || extra.map(capabilityName).includes(capability)) {
      result.add(capability);
    }
    // Anything else never reaches the engine: the API refuses it, and this holds even if it did not.
  }
  return [...result].sort();
}

/** One line for the banner and the health endpoint. */
export function describeIsolation(policy: IsolationPolicy): string {
  const parts = [
    "no-new-privileges",
    `pids limit ${policy.pidsLimit}`,
    `capabilities: OCI's 14${policy.extraCapabilities.length ? ` + ${policy.extraCapabilities.join(",")}` : ""}`,
    `user namespaces: ${policy.userNamespaces === "auto" ? "one per instance" : "off"}`,
  ];
  return parts.join("; ");
}
