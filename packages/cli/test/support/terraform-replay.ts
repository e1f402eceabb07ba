import * as ci from "oci-containerinstances";
import type * as core from "oci-core";

/**
 * The Terraform OCI provider's container-instance resource (internal/service/container_instances/ in
 * oracle/terraform-provider-oci), replayed call for call with the official TypeScript SDKs. Only the calls and
 * the fields the provider reads are reproduced; what it does with them (state, diffs) is Terraform's business.
 */
export interface ProviderClients {
  instances: ci.ContainerInstanceClient;
  network: core.VirtualNetworkClient;
}

const DEADLINE_MS = 30_000;

/** Polls `read` with back-off until `done` holds, or fails at the deadline with the last value seen. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  let delay = 50;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 1_000);
  }
}

/**
 * containerInstanceWaitForWorkRequest: GetWorkRequest until `timeFinished` is set, then the identifier of the
 * resource whose entity type contains `entityType` (lower-cased) with `action`. A failed work request, or
 * one without such a resource, is an error built from ListWorkRequestErrors, as the provider builds it.
 */
export async function waitForWorkRequest(
  client: ci.ContainerInstanceClient,
  workRequestId: string,
  entityType: "containerinstance" | "container",
  action: ci.models.ActionType,
): Promise<string> {
  const finished = await pollUntil(
    () => client.getWorkRequest({ workRequestId }),
    (response) => response.workRequest.timeFinished !== undefined && response.workRequest.timeFinished !== null,
    `work request ${workRequestId}`,
  );
  const resource = finished.workRequest.resources.find(
    (r) => r.entityType.toLowerCase().includes(entityType) && r.actionType === action,
  );
  if (!resource || finished.workRequest.status !== ci.models.OperationStatus.Succeeded) {
    const errors = await client.listWorkRequestErrors({ workRequestId });
    const messages = errors.workRequestErrorCollection.items.map((e) => e.message).join("\n");
    throw new Error(`work request did not succeed, workId: ${workRequestId}, action: ${action}. Message: ${messages}`);
  }
  return resource.identifier;
}

/** What SetData reads after every create, update and refresh: the instance, each container, each VNIC. */
export interface ProviderRead {
  instance: ci.models.ContainerInstance;
  containers: ci.models.Container[];
  vnics: core.models.Vnic[];
}

export async function readLikeProvider(clients: ProviderClients, containerInstanceId: string): Promise<ProviderRead> {
  const { containerInstance: instance } = await clients.instances.getContainerInstance({ containerInstanceId });
  const containers: ci.models.Container[] = [];
  for (const item of instance.containers) {
    containers.push((await clients.instances.getContainer({ containerId: item.containerId })).container);
  }
  const vnics: core.models.Vnic[] = [];
  for (const item of instance.vnics) {
    if (item.vnicId) vnics.push((await clients.network.getVnic({ vnicId: item.vnicId })).vnic);
  }
  return { instance, containers, vnics };
}

/**
 * mapToUpdateVnicDetailsInstance: the VNIC's fields as the state holds them, sent back whole. `nsgIds` is
 * always sent (an empty list when none), `hostnameLabel` only when not empty.
 */
export function updateVnicDetailsFromState(vnic: core.models.Vnic): core.models.UpdateVnicDetails {
  return {
    definedTags: vnic.definedTags ?? {},
    displayName: vnic.displayName,
    freeformTags: vnic.freeformTags ?? {},
    ...(vnic.hostnameLabel && { hostnameLabel: vnic.hostnameLabel }),
    nsgIds: vnic.nsgIds ?? [],
    skipSourceDestCheck: vnic.skipSourceDestCheck ?? false,
  };
}
