import * as ci from "oci-containerinstances";
import type * as core from "oci-core";
import type * as identity from "oci-identity";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { officialClient, officialCoreClient, officialIdentityClient } from "../support/official-clients.js";
import { type ServeProcess, startServe } from "../support/serve-process.js";
import {
  type ProviderClients,
  type ProviderRead,
  pollUntil,
  readLikeProvider,
  updateVnicDetailsFromState,
  waitForWorkRequest,
} from "../support/terraform-replay.js";

/**
 * The Terraform OCI provider's call sequences for oci_container_instances_container_instance and the
 * oci_container_instances_container_instances data source (docs/terraform.md lists them), replayed against a
 * real `caisson serve` with the official SDKs: apply, plan, data source, in-place update, stop/start, move,
 * destroy. Each step asserts what the provider reads from the answers.
 */
let server: ServeProcess;
let clients: ProviderClients;
let identityClient: identity.IdentityClient;
let ad: string;

beforeAll(async () => {
  server = await startServe();
  clients = {
    instances: officialClient(server.configFile, server.url),
    network: officialCoreClient(server.configFile, server.url),
  };
  identityClient = officialIdentityClient(server.configFile, server.url);
  // data "oci_identity_availability_domains" in main.tf
  const ads = await identityClient.listAvailabilityDomains({ compartmentId: server.info.tenancyId });
  ad = ads.items[0]!.name!;
});

afterAll(async () => {
  clients?.instances.close();
  clients?.network.close();
  identityClient?.close();
  expect(await server.stop()).toBe(0);
});

/** The body the provider builds from the main.tf in docs/terraform.md. */
function createDetails(displayName: string): ci.models.CreateContainerInstanceDetails {
  return {
    availabilityDomain: ad,
    compartmentId: server.info.compartmentId,
    containerRestartPolicy: ci.models.ContainerInstance.ContainerRestartPolicy.Always,
    containers: [
      {
        displayName: "web",
        imageUrl: "nginx:1.27-alpine",
        environmentVariables: { NGINX_PORT: "80" },
        resourceConfig: { vcpusLimit: 0.5, memoryLimitInGBs: 1 },
        freeformTags: { role: "web" },
      },
      {
        displayName: "ticker",
        imageUrl: "busybox:1.36",
        command: ["sh", "-c"],
        arguments: ["while true; do date; sleep 5; done"],
      },
    ],
    displayName,
    freeformTags: { env: "dev" },
    gracefulShutdownTimeoutInSeconds: 10,
    shape: "CI.Standard.E4.Flex",
    shapeConfig: { ocpus: 1, memoryInGBs: 4 },
    vnics: [{ subnetId: server.info.subnetId, displayName: `${displayName}-vnic` }],
  };
}

/** The attributes a plan compares: what main.tf sets, plus the computed ids the state keeps. */
function planned(read: ProviderRead) {
  return {
    displayName: read.instance.displayName,
    compartmentId: read.instance.compartmentId,
    state: read.instance.lifecycleState,
    freeformTags: read.instance.freeformTags,
    shape: read.instance.shape,
    shapeConfig: read.instance.shapeConfig,
    restartPolicy: read.instance.containerRestartPolicy,
    gracefulShutdown: read.instance.gracefulShutdownTimeoutInSeconds,
    containers: read.containers.map((c) => ({
      id: c.id,
      displayName: c.displayName,
      imageUrl: c.imageUrl,
      command: c.command,
      arguments: c.arguments,
      environmentVariables: c.environmentVariables,
      resourceConfig: c.resourceConfig,
      freeformTags: c.freeformTags,
    })),
    vnics: read.vnics.map((v: core.models.Vnic) => ({
      id: v.id,
      subnetId: v.subnetId,
      displayName: v.displayName,
      hostnameLabel: v.hostnameLabel,
      privateIp: v.privateIp,
      skipSourceDestCheck: v.skipSourceDestCheck,
      nsgIds: v.nsgIds,
      freeformTags: v.freeformTags,
      definedTags: v.definedTags,
    })),
  };
}

async function apply(
  displayName: string,
  details: ci.models.CreateContainerInstanceDetails = createDetails(displayName),
): Promise<string> {
  const created = await clients.instances.createContainerInstance({
    createContainerInstanceDetails: details,
    opcRetryToken: `tf-${displayName}`,
  });
  expect(created.containerInstance.lifecycleState).toBe(ci.models.ContainerInstance.LifecycleState.Creating);
  const id = await waitForWorkRequest(
    clients.instances,
    created.opcWorkRequestId!,
    "containerinstance",
    ci.models.ActionType.Created,
  );
  expect(id).toBe(created.containerInstance.id);
  // CreateResource then waits for CreatedTarget (ACTIVE) by polling GetContainerInstance.
  await pollUntil(
    () => clients.instances.getContainerInstance({ containerInstanceId: id }),
    (r) => r.containerInstance.lifecycleState === ci.models.ContainerInstance.LifecycleState.Active,
    `instance ${id} ACTIVE`,
  );
  return id;
}

describe("the Terraform OCI provider's container-instance lifecycle, replayed", () => {
  test("apply, plan with no diff, data source by display_name, in-place rename, stop/start, move, destroy", async () => {
    // terraform apply
    const id = await apply("tf-demo");
    const applied = await readLikeProvider(clients, id);
    expect(applied.instance).toMatchObject({ displayName: "tf-demo", containerCount: 2, volumeCount: 0 });
    expect(applied.containers.map((c) => [c.displayName, c.imageUrl, c.lifecycleState])).toEqual([
      ["web", "nginx:1.27-alpine", "ACTIVE"],
      ["ticker", "busybox:1.36", "ACTIVE"],
    ]);
    expect(applied.containers[0]).toMatchObject({
      containerInstanceId: id,
      environmentVariables: { NGINX_PORT: "80" },
      resourceConfig: { vcpusLimit: 0.5, memoryLimitInGBs: 1 },
      freeformTags: { role: "web" },
    });
    expect(applied.containers[1]).toMatchObject({
      command: ["sh", "-c"],
      arguments: ["while true; do date; sleep 5; done"],
    });
    expect(applied.vnics).toHaveLength(1);
    expect(applied.vnics[0]).toMatchObject({
      id: applied.instance.vnics[0]!.vnicId,
      subnetId: server.info.subnetId,
      displayName: "tf-demo-vnic",
      skipSourceDestCheck: false,
      nsgIds: [],
      isPrimary: true,
      lifecycleState: "AVAILABLE",
    });
    expect(applied.vnics[0]!.privateIp).toMatch(/^10\.0\.0\.\d+$/);

    // terraform plan: a refresh reads the same thing again
    expect(planned(await readLikeProvider(clients, id))).toEqual(planned(applied));

    // data "oci_container_instances_container_instances" filtered by display_name, every page
    const items: ci.models.ContainerInstanceSummary[] = [];
    let page: string | undefined;
    do {
      const listed = await clients.instances.listContainerInstances({
        compartmentId: server.info.compartmentId,
        displayName: "tf-demo",
        ...(page && { page }),
      });
      items.push(...listed.containerInstanceCollection.items);
      page = listed.opcNextPage;
    } while (page);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id,
      displayName: "tf-demo",
      availabilityDomain: ad,
      containerCount: 2,
      shape: "CI.Standard.E4.Flex",
      shapeConfig: { ocpus: 1, memoryInGBs: 4 },
      lifecycleState: "ACTIVE",
      freeformTags: { env: "dev" },
    });

    // terraform apply after renaming the instance and a container and changing tags: Update() calls
    // UpdateVnic with the VNIC as the state holds it (the 405 of issue 19), UpdateContainer for every
    // container, then UpdateContainerInstance, and reads everything back.
    const vnic = applied.vnics[0]!;
    const vnicUpdate = await clients.network.updateVnic({
      vnicId: vnic.id,
      updateVnicDetails: updateVnicDetailsFromState(vnic),
    });
    expect(vnicUpdate.etag).toBeTruthy();
    expect(vnicUpdate.vnic).toMatchObject({ id: vnic.id, displayName: "tf-demo-vnic", nsgIds: [] });
    const renamedContainers: ci.models.UpdateContainerDetails[] = [
      { displayName: "web-v2", freeformTags: { role: "web", rev: "2" } },
      { displayName: "ticker", freeformTags: {} },
    ];
    for (const [i, container] of applied.containers.entries()) {
      const updated = await clients.instances.updateContainer({
        containerId: container.id,
        updateContainerDetails: { ...renamedContainers[i]!, definedTags: {} },
      });
      await waitForWorkRequest(clients.instances, updated.opcWorkRequestId!, "container", ci.models.ActionType.Updated);
    }
    const updated = await clients.instances.updateContainerInstance({
      containerInstanceId: id,
      updateContainerInstanceDetails: {
        displayName: "tf-demo-renamed",
        freeformTags: { env: "prod" },
        definedTags: {},
      },
    });
    expect(
      await waitForWorkRequest(
        clients.instances,
        updated.opcWorkRequestId!,
        "containerinstance",
        ci.models.ActionType.Updated,
      ),
    ).toBe(id);
    const afterUpdate = await readLikeProvider(clients, id);
    expect(afterUpdate.instance).toMatchObject({
      displayName: "tf-demo-renamed",
      freeformTags: { env: "prod" },
      lifecycleState: "ACTIVE",
    });
    expect(afterUpdate.containers.map((c) => [c.id, c.displayName, c.freeformTags])).toEqual([
      [applied.containers[0]!.id, "web-v2", { role: "web", rev: "2" }],
      [applied.containers[1]!.id, "ticker", {}],
    ]);
    // The VNIC keeps its own name: renaming the instance does not rename it.
    expect(afterUpdate.vnics[0]).toMatchObject({ id: vnic.id, displayName: "tf-demo-vnic", privateIp: vnic.privateIp });
    expect(planned(await readLikeProvider(clients, id))).toEqual(planned(afterUpdate));
    // A second apply with the same change sends the same calls again; they converge.
    await clients.network.updateVnic({
      vnicId: vnic.id,
      updateVnicDetails: updateVnicDetailsFromState(afterUpdate.vnics[0]!),
    });
    expect(planned(await readLikeProvider(clients, id))).toEqual(planned(afterUpdate));

    // state = "INACTIVE", then "ACTIVE": Stop/StartContainerInstance, then GetContainerInstance until the state
    await clients.instances.stopContainerInstance({ containerInstanceId: id });
    await pollUntil(
      () => clients.instances.getContainerInstance({ containerInstanceId: id }),
      (r) => r.containerInstance.lifecycleState === ci.models.ContainerInstance.LifecycleState.Inactive,
      `instance ${id} INACTIVE`,
    );
    await clients.instances.startContainerInstance({ containerInstanceId: id });
    await pollUntil(
      () => clients.instances.getContainerInstance({ containerInstanceId: id }),
      (r) => r.containerInstance.lifecycleState === ci.models.ContainerInstance.LifecycleState.Active,
      `instance ${id} ACTIVE again`,
    );

    // compartment_id changed: ChangeContainerInstanceCompartment, then the work request's UPDATED resource
    const target = await identityClient.createCompartment({
      createCompartmentDetails: { compartmentId: server.info.tenancyId, name: "tf-moved", description: "terraform" },
    });
    const moved = await clients.instances.changeContainerInstanceCompartment({
      containerInstanceId: id,
      changeContainerInstanceCompartmentDetails: { compartmentId: target.compartment.id },
    });
    expect(
      await waitForWorkRequest(
        clients.instances,
        moved.opcWorkRequestId!,
        "containerinstance",
        ci.models.ActionType.Updated,
      ),
    ).toBe(id);
    const afterMove = await readLikeProvider(clients, id);
    expect(afterMove.instance.compartmentId).toBe(target.compartment.id);
    expect(afterMove.vnics[0]).toMatchObject({ id: vnic.id, displayName: "tf-demo-vnic" });

    // terraform destroy: DeleteContainerInstance, the work request's DELETED resource, then DELETED by Get
    const deleted = await clients.instances.deleteContainerInstance({ containerInstanceId: id });
    expect(
      await waitForWorkRequest(
        clients.instances,
        deleted.opcWorkRequestId!,
        "containerinstance",
        ci.models.ActionType.Deleted,
      ),
    ).toBe(id);
    await pollUntil(
      () => clients.instances.getContainerInstance({ containerInstanceId: id }),
      (r) => r.containerInstance.lifecycleState === ci.models.ContainerInstance.LifecycleState.Deleted,
      `instance ${id} DELETED`,
    );
    expect((await clients.network.getVnic({ vnicId: vnic.id })).vnic.lifecycleState).toBe("TERMINATED");
  });

  test("issue 19: renaming an instance whose VNIC has no name of its own, as the provider does it", async () => {
    // No display_name on the vnics block: the VNIC is named after the instance at create.
    const id = await apply("tf-issue", { ...createDetails("tf-issue"), vnics: [{ subnetId: server.info.subnetId }] });
    const applied = await readLikeProvider(clients, id);
    const vnicId = applied.vnics[0]!.id;
    expect(applied.vnics[0]!.displayName).toBe("tf-issue");
    const before = await clients.network.getVnic({ vnicId });

    // The request of the issue, byte for byte in meaning: the old name, empty tags, empty nsgIds.
    const answer = await clients.network.updateVnic({
      vnicId,
      updateVnicDetails: {
        definedTags: {},
        displayName: "tf-issue",
        freeformTags: {},
        nsgIds: [],
        skipSourceDestCheck: false,
      },
    });
    expect(answer.vnic).toEqual(before.vnic);
    expect(answer.etag).toBeTruthy();
    expect(answer.etag).not.toBe(before.etag);

    const updated = await clients.instances.updateContainerInstance({
      containerInstanceId: id,
      updateContainerInstanceDetails: {
        displayName: "tf-issue-renamed",
        freeformTags: { env: "dev" },
        definedTags: {},
      },
    });
    await waitForWorkRequest(
      clients.instances,
      updated.opcWorkRequestId!,
      "containerinstance",
      ci.models.ActionType.Updated,
    );
    const afterUpdate = await readLikeProvider(clients, id);
    expect(afterUpdate.instance.displayName).toBe("tf-issue-renamed");
    expect(afterUpdate.vnics[0]!.displayName).toBe("tf-issue");
    // The next plan reads the same again.
    expect(planned(await readLikeProvider(clients, id))).toEqual(planned(afterUpdate));

    const deleted = await clients.instances.deleteContainerInstance({ containerInstanceId: id });
    await waitForWorkRequest(
      clients.instances,
      deleted.opcWorkRequestId!,
      "containerinstance",
      ci.models.ActionType.Deleted,
    );
  });
});
