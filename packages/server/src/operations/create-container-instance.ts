import {
  type Container,
  type ContainerInstance,
  type CreateContainerDetails,
  type CreateContainerInstanceDetails,
  checkCreateContainerInstanceLimits,
  checkShapeConfig,
  makeOcid,
  OCID_RESOURCE_TYPES,
  type OPERATIONS,
  toRfc3339,
} from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { ApiError, invalidParameter } from "../errors.js";
import { oncePerRetryToken } from "../http/retry-token.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { availabilityDomains, FAULT_DOMAINS } from "../identity/availability-domains.js";
import { requireActiveCompartment } from "../identity/compartment-access.js";
import { createAction, createPayload } from "../instances/actions/create.js";
import { defaultInstanceName } from "../instances/default-name.js";
import type { ContainerDoc, InstanceDoc } from "../instances/documents.js";
import { instanceFromStored } from "../instances/representation.js";
import { DEFAULT_GRACEFUL_SHUTDOWN_SECONDS, type InstanceSpec } from "../instances/spec.js";
import { requireWithinLimits } from "../limits/enforce.js";
import { requireFreeHostnameLabel } from "../network/hostname-labels.js";
import { refuseNetworkSecurityGroups, refusePublicIp } from "../network/unsupported-vnic-features.js";
import { DEFAULT_PUBLISH_POLICY } from "../ports/publish-policy.js";
import { requestedPorts, reservePorts } from "../ports/reserve.js";
import { registryAllowed } from "../runtime/image-reference.js";
import { newEtag } from "../store/etag.js";
import type { StoredContainer, StoredInstance } from "../store/stored-instance.js";
import { acceptWork, instanceResource } from "../work/accept.js";

/** CreateContainerInstance: validates, records the instance (CREATING) and its work request, answers 200. */
export async function createContainerInstance(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof OPERATIONS.CreateContainerInstance>,
): Promise<RouteResult> {
  const details = input.body;
  const limitErrors = checkCreateContainerInstanceLimits(details);
  if (limitErrors.length > 0) {
    throw new ApiError("InvalidParameter", limitErrors.map((e) => `${e.path}: ${e.message}`).join("; "));
  }
  const fss = (details.volumes ?? []).findIndex((volume) => volume.volumeType === "OCI_FSS_FILE_SYSTEM");
  if (fss !== -1) {
    // A self-hosted engine cannot mount OCI File Storage; dropping the volume silently would hide that.
    throw invalidParameter(
      `volumes[${fss}].volumeType`,
      "OCI_FSS_FILE_SYSTEM volumes need OCI File Storage, which Caisson cannot mount; use EMPTYDIR or CONFIGFILE",
    );
  }
  const shape = checkShapeConfig(details.shape, details.shapeConfig.ocpus, details.shapeConfig.memoryInGBs);
  if (!shape.ok) throw invalidParameter(shape.field, shape.message);
  const refused = details.containers.findIndex((c) => !registryAllowed(c.imageUrl, deps.allowedRegistries));
  if (refused !== -1) {
    throw invalidParameter(
      `containers[${refused}].imageUrl`,
      `images must come from one of the registries this server allows: ${deps.allowedRegistries.join(", ")}`,
    );
  }

  const { tenancyId } = ctx.principal;
  const ads = availabilityDomains(tenancyId, deps.region);
  if (!ads.includes(details.availabilityDomain)) {
    throw invalidParameter("availabilityDomain", `must be one of ${ads.join(", ")}`);
  }
  if (details.faultDomain !== undefined && !(FAULT_DOMAINS as readonly string[]).includes(details.faultDomain)) {
    throw invalidParameter("faultDomain", `must be one of ${FAULT_DOMAINS.join(", ")}`);
  }
  const [vnic] = details.vnics;
  if (details.vnics.length !== 1 || !vnic) {
    throw invalidParameter("vnics", "exactly one VNIC is supported by every shape");
  }
  refuseNetworkSecurityGroups("vnics[0].nsgIds", vnic.nsgIds);
  refusePublicIp("vnics[0].isPublicIpAssigned", vnic.isPublicIpAssigned);
  const ports = requestedPorts(details.freeformTags, deps.publishPolicy ?? DEFAULT_PUBLISH_POLICY);

  const result = await oncePerRetryToken(
    deps.store,
    {
      tenancyId,
      token: input.headers["opc-retry-token"],
      operation: "CreateContainerInstance",
      request: input.rawBody,
      now: ctx.now,
    },
    async (repos) => {
      await requireActiveCompartment(repos, tenancyId, details.compartmentId, "compartmentId");
      const subnet = await repos.network.getSubnet(tenancyId, vnic.subnetId);
      if (subnet?.lifecycle_state !== "AVAILABLE") {
        throw new ApiError(
          "RelatedResourceNotAuthorizedOrNotFound",
          `vnics[0].subnetId: subnet ${vnic.subnetId} does not exist or is not authorized.`,
        );
      }
      await requireWithinLimits(repos, tenancyId, {
        availabilityDomain: details.availabilityDomain,
        ocpus: shape.shapeConfig.ocpus,
        memoryGBs: shape.memoryInGBs,
      });
      if (vnic.hostnameLabel) {
        await requireFreeHostnameLabel(repos, {
          tenancyId,
          subnetId: vnic.subnetId,
          label: vnic.hostnameLabel,
          field: "vnics[0].hostnameLabel",
        });
      }
      const { instance, containers } = newInstanceRows(deps, ctx, details, shape.shapeConfig);
      await repos.instances.insert(instance, containers);
      const { id, time_created, etag } = instance.columns;
      await reservePorts(repos, { instanceId: id, tenancyId, ports, now: time_created });
      const workRequestId = await acceptWork(repos, {
        tenancyId,
        compartmentId: details.compartmentId,
        operation: createAction.operation,
        resources: [instanceResource(id, "IN_PROGRESS")],
        payload: createPayload(id),
        now: ctx.now,
        region: deps.region,
      });
      return {
        status: 200,
        body: instanceFromStored(instance),
        headers: { etag, "opc-work-request-id": workRequestId },
      };
    },
  );
  deps.onWorkAccepted?.();
  return result;
}

function newInstanceRows(
  deps: OperationDeps,
  ctx: CallContext,
  details: CreateContainerInstanceDetails,
  shapeConfig: ContainerInstance["shapeConfig"],
): { instance: StoredInstance; containers: StoredContainer[] } {
  const now = toRfc3339(ctx.now);
  const instanceId = makeOcid(OCID_RESOURCE_TYPES.containerInstance, deps.region);
  const faultDomain = details.faultDomain ?? FAULT_DOMAINS[Math.floor(Math.random() * FAULT_DOMAINS.length)]!;
  const containerIds = details.containers.map(() => makeOcid(OCID_RESOURCE_TYPES.container, deps.region));
  const names = details.containers.map(
    (c, i) => c.displayName ?? `${details.displayName ?? "container-instance"}-${i}`,
  );
  const vnicId = makeOcid(OCID_RESOURCE_TYPES.vnic, deps.region);
  const displayName = details.displayName ?? defaultInstanceName(now);

  const doc: InstanceDoc = {
    tenantId: ctx.principal.tenancyId,
    freeformTags: details.freeformTags ?? {},
    definedTags: details.definedTags ?? {},
    systemTags: {},
    faultDomain,
    lifecycleDetails: `Accepted; the ${deps.runtime.name} runtime will create it.`,
    volumes: details.volumes ?? [],
    volumeCount: details.volumes?.length ?? 0,
    containers: containerIds.map((containerId, i) => ({ containerId, displayName: names[i]! })),
    containerCount: containerIds.length,
    shape: details.shape,
    shapeConfig,
    vnics: [{ vnicId }],
    gracefulShutdownTimeoutInSeconds: details.gracefulShutdownTimeoutInSeconds ?? DEFAULT_GRACEFUL_SHUTDOWN_SECONDS,
    containerRestartPolicy: details.containerRestartPolicy ?? "ALWAYS",
  };
  if (details.dnsConfig) doc.dnsConfig = details.dnsConfig;
  if (details.imagePullSecrets) {
    doc.imagePullSecrets = details.imagePullSecrets.map((secret) =>
      secret.secretType === "VAULT"
        ? { secretType: "VAULT", registryEndpoint: secret.registryEndpoint, secretId: secret.secretId }
        : { secretType: "BASIC", registryEndpoint: secret.registryEndpoint },
    );
  }
  if (details.securityContext) doc.securityContext = details.securityContext;

  const spec: InstanceSpec = { details, containerIds, vnicId };
  const columns: StoredInstance["columns"] = {
    id: instanceId,
    tenancy_id: ctx.principal.tenancyId,
    compartment_id: details.compartmentId,
    display_name: displayName,
    availability_domain: details.availabilityDomain,
    lifecycle_state: "CREATING",
    time_created: now,
    time_updated: now,
    etag: newEtag(),
    purge_after: null,
  };
  const containers = details.containers.map(
    (container, i): StoredContainer => ({
      columns: {
        id: containerIds[i]!,
        tenancy_id: ctx.principal.tenancyId,
        compartment_id: details.compartmentId,
        container_instance_id: instanceId,
        display_name: names[i]!,
        availability_domain: details.availabilityDomain,
        lifecycle_state: "CREATING",
        // Containers are ordered as given: distinct creation times keep that order under sorting.
        time_created: toRfc3339(new Date(ctx.now.getTime() + i)),
        time_updated: now,
        etag: newEtag(),
        purge_after: null,
      },
      doc: containerDoc(container, faultDomain),
    }),
  );
  return { instance: { columns, doc, spec }, containers };
}

function containerDoc(container: CreateContainerDetails, faultDomain: string): ContainerDoc {
  const doc: ContainerDoc = {
    freeformTags: container.freeformTags ?? {},
    definedTags: container.definedTags ?? {},
    systemTags: {},
    faultDomain,
    imageUrl: container.imageUrl,
    environmentVariables: container.environmentVariables ?? {},
    volumeMounts: container.volumeMounts ?? [],
    healthChecks: (container.healthChecks ?? []).map((check): NonNullable<Container["healthChecks"]>[number] => ({
      failureAction: "KILL",
      ...check,
      status: "UNKNOWN",
    })),
    isResourcePrincipalDisabled: container.isResourcePrincipalDisabled ?? false,
    containerRestartAttemptCount: 0,
  };
  if (container.command) doc.command = container.command;
  if (container.arguments) doc.arguments = container.arguments;
  if (container.workingDirectory) doc.workingDirectory = container.workingDirectory;
  if (container.resourceConfig) doc.resourceConfig = container.resourceConfig;
  if (container.securityContext) doc.securityContext = container.securityContext;
  return doc;
}
