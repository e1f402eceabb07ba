import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readLogsAsText } from "../../src/logs.js";
import { type Caisson, SHAPE, secondCompartment, startCaisson, WAIT } from "./support/caisson.js";

let caisson: Caisson;

beforeAll(async () => {
  caisson = await startCaisson();
});

afterAll(async () => {
  await caisson?.stop();
});

const OCID_INSTANCE = /^ocid1\.computecontainerinstance\.oc1\./;
const OCID_WORK_REQUEST = /^ocid1\.\w+workrequest\.oc1\./;

describe("the 18 operations against caisson serve", () => {
  test("listContainerInstanceShapes lists the flexible shapes, also per availability domain", async () => {
    const { client, compartmentId, availabilityDomain } = caisson;
    const all = await client.listContainerInstanceShapes(compartmentId);
    expect(all.status).toBe(200);
    expect(all.data.items.map((s) => s.name)).toContain(SHAPE);
    const inAd = await client.listContainerInstanceShapes(compartmentId, { availabilityDomain, limit: 1 });
    expect(inAd.data.items).toHaveLength(1);
    // More shapes than one, so a limit of 1 must leave a next page.
    expect(inAd.nextPage).toBeTruthy();
  });

  test("one instance through its whole life, every read and write the API has", async () => {
    const { client, compartmentId } = caisson;

    // createContainerInstance: 200 with the resource, its etag and the work request to follow.
    const created = await client.createContainerInstance(caisson.details("life"), { opcRequestId: "it-create" });
    expect(created.status).toBe(200);
    expect(created.requestId).toBe("it-create");
    expect(created.data.id).toMatch(OCID_INSTANCE);
    expect(created.data.displayName).toBe("life");
    expect(created.etag).toBeTruthy();
    expect(created.workRequestId).toMatch(OCID_WORK_REQUEST);
    expect(created.attempts).toBe(1);
    const id = created.data.id;
    const createWr = created.workRequestId!;

    // getWorkRequest: what the create started, before or after it ran.
    const wr = await client.getWorkRequest(createWr);
    expect(wr.data.operationType).toBe("CREATE_CONTAINER_INSTANCE");
    expect(wr.data.resources.map((r) => r.identifier)).toContain(id);
    // retry-after is sent only while the work is unfinished; the SDK lifts it into a number of seconds.
    if (wr.data.timeFinished) expect(wr.retryAfter).toBeUndefined();
    else expect(wr.retryAfter).toBeGreaterThan(0);
    await client.waiters.forWorkRequest(createWr, ["SUCCEEDED"], WAIT);
    const finished = await client.getWorkRequest(createWr);
    expect(finished.data).toMatchObject({ status: "SUCCEEDED", percentComplete: 100 });
    expect(finished.data.timeFinished).toBeTruthy();
    expect(finished.retryAfter).toBeUndefined();

    // getContainerInstance
    const active = await client.waiters.forContainerInstance(id, ["ACTIVE"], WAIT);
    const got = await client.getContainerInstance(id);
    expect(got.data).toMatchObject({ id, lifecycleState: "ACTIVE", compartmentId, shape: SHAPE });
    expect(got.etag).toBe(active?.etag);
    // The generated opc-request-id is one the server accepts and echoes.
    expect(got.requestId).toBe(got.request.headers.get("opc-request-id"));
    expect(got.data.containers).toHaveLength(1);
    const containerId = got.data.containers[0]!.containerId;

    // listContainerInstances, filtered by name and by state
    const byName = await client.listContainerInstances(compartmentId, { displayName: "life" });
    expect(byName.data.items.map((i) => i.id)).toEqual([id]);
    const inactive = await client.listContainerInstances(compartmentId, { lifecycleState: "INACTIVE" });
    expect(inactive.data.items.map((i) => i.id)).not.toContain(id);

    // listContainers and getContainer
    const containers = await client.listContainers(compartmentId, { containerInstanceId: id });
    expect(containers.data.items.map((c) => c.id)).toEqual([containerId]);
    const container = await client.getContainer(containerId);
    expect(container.data).toMatchObject({ id: containerId, containerInstanceId: id, imageUrl: "busybox" });
    expect(container.etag).toBeTruthy();

    // updateContainer: 202, no body, a work request; the change is visible once it finished.
    const renamed = await client.updateContainer(containerId, { displayName: "renamed-app" });
    expect(renamed.status).toBe(202);
    expect(renamed.data).toBeUndefined();
    await client.waiters.forWorkRequest(renamed.workRequestId!, ["SUCCEEDED"], WAIT);
    expect((await client.getContainer(containerId)).data.displayName).toBe("renamed-app");

    // updateContainerInstance with the current etag as if-match
    const before = await client.getContainerInstance(id);
    const updated = await client.updateContainerInstance(
      id,
      { freeformTags: { team: "sdk" } },
      { ifMatch: before.etag! },
    );
    expect(updated.status).toBe(202);
    await client.waiters.forWorkRequest(updated.workRequestId!, ["SUCCEEDED"], WAIT);
    const tagged = await client.getContainerInstance(id);
    expect(tagged.data.freeformTags).toEqual({ team: "sdk" });
    expect(tagged.etag).not.toBe(before.etag);

    // stop → INACTIVE, start → ACTIVE, restart → ACTIVE
    const stopped = await client.stopContainerInstance(id);
    expect(stopped.status).toBe(202);
    await client.waiters.forWorkRequest(stopped.workRequestId!, ["SUCCEEDED"], WAIT);
    expect((await client.waiters.forContainerInstance(id, ["INACTIVE"], WAIT))?.data.lifecycleState).toBe("INACTIVE");
    const started = await client.startContainerInstance(id);
    await client.waiters.forWorkRequest(started.workRequestId!, ["SUCCEEDED"], WAIT);
    expect((await client.waiters.forContainerInstance(id, ["ACTIVE"], WAIT))?.data.lifecycleState).toBe("ACTIVE");
    const restarted = await client.restartContainerInstance(id);
    const restartWr = await client.waiters.forWorkRequest(restarted.workRequestId!, ["SUCCEEDED"], WAIT);
    expect(restartWr.data.operationType).toBe("RESTART_CONTAINER_INSTANCE");

    // listWorkRequests by resource, oldest first: one per asynchronous call on the instance above (the
    // container's update is filed under the container).
    const history = await client.listWorkRequests(compartmentId, { resourceId: id, sortOrder: "ASC" });
    expect(history.data.items.map((w) => w.operationType)).toEqual([
      "CREATE_CONTAINER_INSTANCE",
      "UPDATE_CONTAINER_INSTANCE",
      "STOP_CONTAINER_INSTANCE",
      "START_CONTAINER_INSTANCE",
      "RESTART_CONTAINER_INSTANCE",
    ]);
    const ofContainer = await client.listWorkRequests(compartmentId, { resourceId: containerId });
    expect(ofContainer.data.items.map((w) => w.operationType)).toContain("UPDATE_CONTAINER");
    const one = await client.listWorkRequests(compartmentId, { workRequestId: createWr });
    expect(one.data.items.map((w) => w.id)).toEqual([createWr]);

    // listWorkRequestLogs / listWorkRequestErrors of the (successful) create
    const logs = await client.listWorkRequestLogs(createWr);
    expect(logs.data.items.length).toBeGreaterThan(0);
    expect(logs.data.items.every((entry) => entry.message && entry.timestamp)).toBe(true);
    const errors = await client.listWorkRequestErrors(createWr);
    expect(errors.data.items).toEqual([]);

    // changeContainerInstanceCompartment
    const target = await secondCompartment(caisson);
    const moved = await client.changeContainerInstanceCompartment(id, { compartmentId: target });
    expect(moved.status).toBe(202);
    const moveWr = await client.waiters.forWorkRequest(moved.workRequestId!, ["SUCCEEDED"], WAIT);
    expect(moveWr.data.operationType).toBe("MOVE_CONTAINER_INSTANCE");
    expect((await client.getContainerInstance(id)).data.compartmentId).toBe(target);
    const inTarget = await client.listContainerInstances(target, { displayName: "life" });
    expect(inTarget.data.items.map((i) => i.id)).toEqual([id]);

    // deleteContainerInstance → DELETED (kept readable for the server's retention window)
    const deleted = await client.deleteContainerInstance(id);
    expect(deleted.status).toBe(202);
    await client.waiters.forWorkRequest(deleted.workRequestId!, ["SUCCEEDED"], WAIT);
    expect((await client.getContainerInstance(id)).data.lifecycleState).toBe("DELETED");
    expect((await client.getContainer(containerId)).data.lifecycleState).toBe("DELETED");
  });

  test("names with reserved and non-ASCII characters survive the body, the signature and the query string", async () => {
    const { client, compartmentId } = caisson;
    // `&`, `+`, `#`, `%`, `=` and a space break a raw query string; the accents and the emoji make the body's
    // byte length differ from its character length, which the signed content-length must get right.
    const name = "a&b + c #1 %20=é 🚢";
    const created = await client.createContainerInstance(caisson.details(name));
    expect(created.data.displayName).toBe(name);
    const listed = await client.listContainerInstances(compartmentId, { displayName: name });
    expect(listed.data.items.map((i) => i.id)).toEqual([created.data.id]);
    const containers = await client.listContainers(compartmentId, { displayName: `${name}-app` });
    expect(containers.data.items.map((c) => c.containerInstanceId)).toEqual([created.data.id]);
  });

  test("retrieveLogs hands back a byte stream; retrieveLogsText and readLogsAsText read it to the end", async () => {
    const { client } = caisson;
    const { resource } = await client.createContainerInstanceAndWaitForState(
      caisson.details("logs"),
      ["SUCCEEDED"],
      WAIT,
    );
    const containerId = resource!.data.containers[0]!.containerId;

    const response = await client.retrieveLogs(containerId);
    expect(response.status).toBe(200);
    expect(response.data).toBeInstanceOf(ReadableStream);
    // The emulated runtime runs nothing, so its logs are empty: the point here is that the stream ends.
    expect(await readLogsAsText(response)).toBe("");
    expect(await client.retrieveLogsText(containerId)).toBe("");
    const previous = await client.retrieveLogs(containerId, { isPrevious: true });
    expect(previous.request.url).toMatch(/\/actions\/retrieveLogs\?isPrevious=true$/);
    expect(await readLogsAsText(previous)).toBe("");
  });
});
