import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { CAISSON_LABELS } from "../driver.js";

/** Labels only this driver reads; the shared ones live in CAISSON_LABELS. */
export const DOCKER_LABELS = {
  /** Engine network name the holder joined, so delete can remove the network when it is unused. */
  network: "caisson.network",
  subnetId: "caisson.subnet-id",
  /** Comma-separated container ids of the spec, so inspect can report containers that vanished. */
  containerIds: "caisson.container-ids",
  volumeName: "caisson.volume-name",
  /** On a pooled holder: which process's pool made it (a token per driver), so each removes only its own. */
  pool: "caisson.pool",
  /**
   * On a pooled holder: the process whose pool made it, as `host/pid-namespace/pid`. Replicas sharing an installation's engine
   * objects remove another pool's holders only once its process is gone (see HolderPool's sweep).
   */
  poolMaker: "caisson.pool-maker",
  /** On an app whose holder came from the pool: the name the holder was claimed under. */
  pooledHolder: "caisson.pooled-holder",
  /**
   * Which Caisson installation (data directory) made the object. Several installations may share one engine
   * (a developer's Docker, CI): each adopts and garbage-collects only its own objects.
   */
  owner: "caisson.owner",
} as const;

export type ObjectRole = "holder" | "app" | "volume" | "network";

export function managedLabels(role: ObjectRole, instanceId?: string, owner?: string): Record<string, string> {
  return {
    [CAISSON_LABELS.managed]: "true",
    [CAISSON_LABELS.role]: role,
    ...(owner === undefined ? {} : { [DOCKER_LABELS.owner]: owner }),
    ...(instanceId === undefined ? {} : { [CAISSON_LABELS.instanceId]: instanceId }),
  };
}

/** A `filters` value for list endpoints: every label must match. */
export function labelFilter(labels: Record<string, string>): { label: string[] } {
  return { label: Object.entries(labels).map(([key, value]) => `${key}=${value}`) };
}

export function instanceFilter(instanceId: string): { label: string[] } {
  return labelFilter({ [CAISSON_LABELS.managed]: "true", [CAISSON_LABELS.instanceId]: instanceId });
}

/**
 * Engine object names allow [a-zA-Z0-9][a-zA-Z0-9_.-]*. OCIDs fit already; anything else is made to fit.
 * Names make concurrent creates collide in the engine (which is what we want: the loser adopts).
 */
export function objectName(...parts: string[]): string {
  return ["caisson", ...parts].map((part) => part.replace(/[^a-zA-Z0-9_.-]/g, "_")).join("-");
}

/** The unique tail of an OCID (`ocid1.subnet.oc1..aaaa…` → `aaaa…`); other ids pass through. */
export function ocidSuffix(id: string): string {
  const tail = id.split(".").pop();
  return tail ? tail : id;
}

/** The owner label of an installation: derived from its state directory, which no two installations share. */
export const ownerOf = (stateDir: string): string =>
  createHash("sha256").update(resolve(stateDir)).digest("hex").slice(0, 16);

/** The owner label of an installation whose replicas share one store, whatever their state directories. */
export const installationOwner = (installationId: string): string =>
  createHash("sha256").update(`installation:${installationId}`).digest("hex").slice(0, 16);
