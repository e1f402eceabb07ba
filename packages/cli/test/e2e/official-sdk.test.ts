import * as common from "oci-common";
import * as ci from "oci-containerinstances";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { officialClient, officialIdentityClient } from "../support/official-clients.js";
import { type ServeProcess, startServe } from "../support/serve-process.js";

let server: ServeProcess;
let client: ci.ContainerInstanceClient;
let ad: string;

beforeAll(async () => {
  server = await startServe();
  client = officialClient(server.configFile, server.url);
  const shapes = await client.listContainerInstanceShapes({ compartmentId: server.info.compartmentId });
  expect(shapes.containerInstanceShapeCollection.items.map((s) => s.name)).toContain("CI.Standard.E4.Flex");
  ad = await firstAvailabilityDomain();
});

afterAll(async () => {
  client?.close();
  expect(await server.stop()).toBe(0);
});

async function firstAvailabilityDomain(): Promise<string> {
  const identityClient = officialIdentityClient(server.configFile, server.url);
  try {
    const ads = await identityClient.listAvailabilityDomains({ compartmentId: server.info.tenancyId });
    const first = ads.items[0]?.name;
    if (!first) throw new Error("ListAvailabilityDomains answered an empty list");
    return first;
  } finally {
    identityClient.close();
  }
}

function details(name: string): ci.models.CreateContainerInstanceDetails {
  return {
    displayName: name,
    compartmentId: server.info.compartmentId,
    availabilityDomain: ad,
    shape: "CI.Standard.E4.Flex",
    shapeConfig: { ocpus: 1, memoryInGBs: 2 },
    containers: [{ imageUrl: "busybox", displayName: `${name}-app`, environmentVariables: { A: "1" } }],
    vnics: [{ subnetId: server.info.subnetId }],
    containerRestartPolicy: ci.models.ContainerInstance.ContainerRestartPolicy.Never,
  };
}

describe("the official oci-containerinstances client against caisson serve", () => {
  test("drives all 18 operations, with the official waiters", async () => {
    const waiters = client.createWaiters();
    const created = await client.createContainerInstance({ createContainerInstanceDetails: details("interop") });
    const id = created.containerInstance.id;
    expect(created.etag).toBeTruthy();
    expect(created.opcWorkRequestId).toBeTruthy();

    const done = await waiters.forWorkRequest({ workRequestId: created.opcWorkRequestId! });
    expect(done?.workRequest.status).toBe("SUCCEEDED");
    const active = await waiters.forContainerInstance(
      { containerInstanceId: id },
      ci.models.ContainerInstance.LifecycleState.Active,
    );
    expect(active?.containerInstance.lifecycleState).toBe("ACTIVE");

    const listed = await client.listContainerInstances({
      compartmentId: server.info.compartmentId,
      displayName: "interop",
    });
    expect(listed.containerInstanceCollection.items.map((i) => i.id)).toEqual([id]);

    const containers = await client.listContainers({
      compartmentId: server.info.compartmentId,
      containerInstanceId: id,
    });
    const containerId = containers.containerCollection.items[0]!.id;
    const container = await client.getContainer({ containerId });
    expect(container.container.imageUrl).toBe("busybox");
    expect(container.etag).toBeTruthy();

    const updatedContainer = await client.updateContainer({
      containerId,
      updateContainerDetails: { displayName: "renamed" },
    });
    await waiters.forWorkRequest({ workRequestId: updatedContainer.opcWorkRequestId });
    expect((await client.getContainer({ containerId })).container.displayName).toBe("renamed");

    const logs = await client.retrieveLogs({ containerId, isPrevious: false });
    expect(logs.value).toBeDefined();

    const etag = (await client.getContainerInstance({ containerInstanceId: id })).etag!;
    const updated = await client.updateContainerInstance({
      containerInstanceId: id,
      ifMatch: etag,
      updateContainerInstanceDetails: { freeformTags: { team: "interop" } },
    });
    await waiters.forWorkRequest({ workRequestId: updated.opcWorkRequestId });

    const stopped = await client.stopContainerInstance({ containerInstanceId: id });
    await waiters.forWorkRequest({ workRequestId: stopped.opcWorkRequestId });
    await waiters.forContainerInstance(
      { containerInstanceId: id },
      ci.models.ContainerInstance.LifecycleState.Inactive,
    );
    const started = await client.startContainerInstance({ containerInstanceId: id });
    await waiters.forWorkRequest({ workRequestId: started.opcWorkRequestId });
    const restarted = await client.restartContainerInstance({ containerInstanceId: id });
    await waiters.forWorkRequest({ workRequestId: restarted.opcWorkRequestId });
    const moved = await client.changeContainerInstanceCompartment({
      containerInstanceId: id,
      changeContainerInstanceCompartmentDetails: { compartmentId: server.info.compartmentId },
    });
    await waiters.forWorkRequest({ workRequestId: moved.opcWorkRequestId });

    const requests = await client.listWorkRequests({ compartmentId: server.info.compartmentId, resourceId: id });
    const types = requests.workRequestSummaryCollection.items.map((w) => w.operationType);
    expect(types).toEqual(
      expect.arrayContaining(["CREATE_CONTAINER_INSTANCE", "UPDATE_CONTAINER_INSTANCE", "STOP_CONTAINER_INSTANCE"]),
    );
    const wrLogs = await client.listWorkRequestLogs({ workRequestId: created.opcWorkRequestId! });
    expect(wrLogs.workRequestLogEntryCollection.items.length).toBeGreaterThan(0);
    const wrErrors = await client.listWorkRequestErrors({ workRequestId: created.opcWorkRequestId! });
    expect(wrErrors.workRequestErrorCollection.items).toEqual([]);
    const wr = await client.getWorkRequest({ workRequestId: created.opcWorkRequestId! });
    expect(wr.workRequest.percentComplete).toBe(100);

    const deleted = await client.deleteContainerInstance({ containerInstanceId: id });
    await waiters.forWorkRequest({ workRequestId: deleted.opcWorkRequestId });
    const gone = await waiters.forContainerInstance(
      { containerInstanceId: id },
      ci.models.ContainerInstance.LifecycleState.Deleted,
    );
    expect(gone?.containerInstance.lifecycleState).toBe("DELETED");
  });

  test("errors surface as OciError with the service's code and request id", async () => {
    const missing = "ocid1.computecontainerinstance.oc1.iad.aaaaaaaadoesnotexist";
    const error = await client.getContainerInstance({ containerInstanceId: missing }).catch((e) => e);
    expect(error).toBeInstanceOf(common.OciError);
    expect(error.statusCode).toBe(404);
    expect(error.serviceCode).toBe("NotAuthorizedOrNotFound");
    expect(error.opcRequestId).toBeTruthy();
  });

  test("paginateResponses walks every page", async () => {
    for (let i = 0; i < 5; i++) {
      await client.createContainerInstance({ createContainerInstanceDetails: details(`page-${i}`) });
    }
    const seen: string[] = [];
    let pages = 0;
    for await (const response of common.paginateResponses(
      {
        compartmentId: server.info.compartmentId,
        limit: 2,
        sortBy: ci.requests.ListContainerInstancesRequest.SortBy.DisplayName,
        sortOrder: ci.models.SortOrder.Asc,
      },
      (request: ci.requests.ListContainerInstancesRequest) => client.listContainerInstances(request),
    )) {
      pages++;
      seen.push(
        ...response.containerInstanceCollection.items.map((i) => i.displayName).filter((n) => n.startsWith("page-")),
      );
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(["page-0", "page-1", "page-2", "page-3", "page-4"]);
  });
});
