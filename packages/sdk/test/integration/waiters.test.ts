import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ServiceError, WaiterFailedError, WaiterTimeoutError } from "../../src/errors.js";
import { type Caisson, rejection, secondCompartment, startCaisson, WAIT } from "./support/caisson.js";

let caisson: Caisson;

beforeAll(async () => {
  caisson = await startCaisson();
});

afterAll(async () => {
  await caisson?.stop();
});

/** A well-formed instance id that the server never issued. */
const UNKNOWN_INSTANCE = "ocid1.computecontainerinstance.oc1.iad.aaaaaaaaneverissuedneverissued";

describe("waiters against caisson serve", () => {
  test("forContainerInstance waits for ACTIVE, INACTIVE and DELETED; forWorkRequest for the end of the work", async () => {
    const { client } = caisson;
    const created = await client.createContainerInstance(caisson.details("waited"));
    const id = created.data.id;

    const active = await client.waiters.forContainerInstance(id, ["ACTIVE"], WAIT);
    expect(active?.data).toMatchObject({ id, lifecycleState: "ACTIVE" });

    // Without target statuses the work request waiter stops once the work is finished, whatever its outcome.
    const createWr = await client.waiters.forWorkRequest(created.workRequestId!, undefined, WAIT);
    expect(createWr.data.timeFinished).toBeTruthy();
    expect(createWr.data.status).toBe("SUCCEEDED");

    const stop = await client.stopContainerInstance(id);
    const inactive = await client.waiters.forContainerInstance(id, ["INACTIVE"], WAIT);
    expect(inactive?.data.lifecycleState).toBe("INACTIVE");
    expect((await client.waiters.forWorkRequest(stop.workRequestId!, ["SUCCEEDED"], WAIT)).data.status).toBe(
      "SUCCEEDED",
    );

    await client.deleteContainerInstance(id);
    // The server keeps deleted instances readable for an hour, so the waiter sees DELETED rather than a 404.
    const deleted = await client.waiters.forContainerInstance(id, ["DELETED"], WAIT);
    expect(deleted?.data.lifecycleState).toBe("DELETED");
  });

  test("forContainer waits for the container of an instance", async () => {
    const { client } = caisson;
    const created = await client.createContainerInstance(caisson.details("container-waited"));
    const containerId = created.data.containers[0]!.containerId;
    const container = await client.waiters.forContainer(containerId, ["ACTIVE"], WAIT);
    expect(container?.data).toMatchObject({ id: containerId, containerInstanceId: created.data.id });
  });

  test("a 404 counts as DELETED, and only when DELETED is a target", async () => {
    const { client } = caisson;
    expect(await client.waiters.forContainerInstance(UNKNOWN_INSTANCE, ["DELETED"], WAIT)).toBeNull();
    const error = await rejection(client.waiters.forContainerInstance(UNKNOWN_INSTANCE, ["ACTIVE"], WAIT));
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ status: 404, code: "NotAuthorizedOrNotFound" });
  });

  test("a state that never comes ends in WaiterTimeoutError naming the last state seen", async () => {
    const { client } = caisson;
    const { resource } = await client.createContainerInstanceAndWaitForState(
      caisson.details("stays-active"),
      undefined,
      WAIT,
    );
    const id = resource!.data.id;
    // Nothing stops the instance, so INACTIVE cannot come: the outcome does not depend on the server's speed.
    const error = await rejection(
      client.waiters.forContainerInstance(id, ["INACTIVE"], { maxWaitSeconds: 1, maxDelaySeconds: 1 }),
    );
    expect(error).toBeInstanceOf(WaiterTimeoutError);
    expect(error).toMatchObject({ resourceId: id, lastState: "ACTIVE" });
  });

  test("a finished work request outside the targets fails fast with WaiterFailedError", async () => {
    const { client } = caisson;
    const created = await client.createContainerInstance(caisson.details("finished"));
    await client.waiters.forWorkRequest(created.workRequestId!, ["SUCCEEDED"], WAIT);
    const error = await rejection(client.waiters.forWorkRequest(created.workRequestId!, ["FAILED"], WAIT));
    expect(error).toBeInstanceOf(WaiterFailedError);
    expect(error).toMatchObject({ resourceId: created.workRequestId, state: "SUCCEEDED" });
  });

  test("an aborted signal stops the waiter with the caller's reason", async () => {
    const { client } = caisson;
    const { resource } = await client.createContainerInstanceAndWaitForState(caisson.details("abort"), undefined, WAIT);
    const controller = new AbortController();
    const waiting = client.waiters.forContainerInstance(resource!.data.id, ["INACTIVE"], {
      ...WAIT,
      signal: controller.signal,
    });
    controller.abort(new Error("caller gave up"));
    await expect(waiting).rejects.toThrow("caller gave up");
  });
});

describe("…AndWaitForState composite operations against caisson serve", () => {
  test("every composite runs its operation, waits for its work request and reads the resource back", async () => {
    const { client } = caisson;

    const create = await client.createContainerInstanceAndWaitForState(
      caisson.details("composite"),
      ["SUCCEEDED"],
      WAIT,
    );
    expect(create.response?.status).toBe(200);
    expect(create.workRequest?.data).toMatchObject({ operationType: "CREATE_CONTAINER_INSTANCE", status: "SUCCEEDED" });
    expect(create.resource?.data.lifecycleState).toBe("ACTIVE");
    const id = create.resource!.data.id;
    const containerId = create.resource!.data.containers[0]!.containerId;

    const update = await client.updateContainerInstanceAndWaitForState(
      id,
      { displayName: "composite-renamed" },
      undefined,
      { ...WAIT, ifMatch: create.resource!.etag! },
    );
    expect(update.response?.status).toBe(202);
    expect(update.workRequest?.data).toMatchObject({ operationType: "UPDATE_CONTAINER_INSTANCE", status: "SUCCEEDED" });
    expect(update.resource?.data.displayName).toBe("composite-renamed");

    const container = await client.updateContainerAndWaitForState(
      containerId,
      { freeformTags: { role: "app" } },
      undefined,
      WAIT,
    );
    expect(container.workRequest?.data.operationType).toBe("UPDATE_CONTAINER");
    expect(container.resource?.data).toMatchObject({ id: containerId, freeformTags: { role: "app" } });

    const stop = await client.stopContainerInstanceAndWaitForState(id, undefined, WAIT);
    expect(stop.workRequest?.data.operationType).toBe("STOP_CONTAINER_INSTANCE");
    expect(stop.resource?.data.lifecycleState).toBe("INACTIVE");

    const start = await client.startContainerInstanceAndWaitForState(id, undefined, WAIT);
    expect(start.workRequest?.data.operationType).toBe("START_CONTAINER_INSTANCE");
    expect(start.resource?.data.lifecycleState).toBe("ACTIVE");

    const restart = await client.restartContainerInstanceAndWaitForState(id, undefined, WAIT);
    expect(restart.workRequest?.data.operationType).toBe("RESTART_CONTAINER_INSTANCE");
    expect(restart.resource?.data.lifecycleState).toBe("ACTIVE");

    const target = await secondCompartment(caisson);
    const move = await client.changeContainerInstanceCompartmentAndWaitForState(
      id,
      { compartmentId: target },
      undefined,
      WAIT,
    );
    expect(move.workRequest?.data.operationType).toBe("MOVE_CONTAINER_INSTANCE");
    expect(move.resource?.data.compartmentId).toBe(target);

    const remove = await client.deleteContainerInstanceAndWaitForState(id, undefined, WAIT);
    expect(remove.response?.status).toBe(202);
    expect(remove.workRequest?.data).toMatchObject({ operationType: "DELETE_CONTAINER_INSTANCE", status: "SUCCEEDED" });
    expect(remove.resource?.data.lifecycleState).toBe("DELETED");
  });

  test("deleting an instance that does not exist is already done", async () => {
    const result = await caisson.client.deleteContainerInstanceAndWaitForState(UNKNOWN_INSTANCE, undefined, WAIT);
    expect(result).toEqual({ response: null, workRequest: null, resource: null });
  });

  test("a composite whose work request ends outside the requested statuses fails with WaiterFailedError", async () => {
    // Asking for FAILED only: the successful work request is finished and not a target, so the waiter fails
    // instead of polling until maxWaitSeconds.
    const error = await rejection(
      caisson.client.createContainerInstanceAndWaitForState(caisson.details("wants-failure"), ["FAILED"], WAIT),
    );
    expect(error).toBeInstanceOf(WaiterFailedError);
    expect(error).toMatchObject({ state: "SUCCEEDED" });
  });
});
