import { validate, WorkRequest, WorkRequestErrorCollection, WorkRequestLogEntryCollection } from "@caisson/api";
import { afterEach, describe, expect, test } from "vitest";
import { systemClock } from "../../src/clock.js";
import { RuntimeError, type RuntimeInstanceSpec, type RuntimeInstanceStatus } from "../../src/runtime/driver.js";
import { EmulatedDriver } from "../../src/runtime/emulated.js";
import { type Harness, startHarness } from "../support/harness.js";
import { action, createInstance, expectError, getInstance, listAll, ManualClock, V } from "./helpers.js";

let h: Harness;
afterEach(() => h.close());

/** The emulated driver, except that creating an instance fails the way an unreachable registry does. */
class PullFailingDriver extends EmulatedDriver {
  override async createInstance(spec: RuntimeInstanceSpec): Promise<RuntimeInstanceStatus> {
    throw new RuntimeError(`pulling ${spec.containers[0]?.image}: manifest unknown`, "ImagePullFailed");
  }
}

const getWorkRequest = (id: string) => h.call({ method: "GET", path: `${V}/workRequests/${id}` });

function expectValid(schema: Parameters<typeof validate>[0], body: unknown) {
  const checked = validate(schema, body);
  expect(checked.ok ? [] : checked.errors).toEqual([]);
}

describe("work requests", () => {
  test("ACCEPTED with retry-after until run; then SUCCEEDED, 100%, with times, resources and logs", async () => {
    const clock = new ManualClock();
    h = await startHarness({ clock });
    const { id, workRequestId } = await createInstance(h);

    const pending = await getWorkRequest(workRequestId);
    expect(pending.statusCode).toBe(200);
    expectValid(WorkRequest, pending.json());
    expect(Number(pending.headers["retry-after"])).toBeGreaterThan(0);
    expect(pending.json()).toMatchObject({
      id: workRequestId,
      operationType: "CREATE_CONTAINER_INSTANCE",
      status: "ACCEPTED",
      compartmentId: h.boot.compartmentId,
      percentComplete: 0,
      timeAccepted: clock.now().toISOString(),
      resources: [{ entityType: "ContainerInstance", actionType: "IN_PROGRESS", identifier: id }],
    });
    expect(pending.json()).not.toHaveProperty("timeStarted");
    expect(pending.json()).not.toHaveProperty("timeFinished");

    clock.advance(2000);
    await h.engine.drain();
    const done = await getWorkRequest(workRequestId);
    expectValid(WorkRequest, done.json());
    expect(done.headers["retry-after"]).toBeUndefined();
    expect(done.json()).toMatchObject({
      status: "SUCCEEDED",
      percentComplete: 100,
      timeStarted: clock.now().toISOString(),
      timeFinished: clock.now().toISOString(),
      resources: [{ actionType: "CREATED", identifier: id, entityUri: `${V}/containerInstances/${id}` }],
    });

    const logs = await h.call({ method: "GET", path: `${V}/workRequests/${workRequestId}/logs` });
    expect(logs.statusCode).toBe(200);
    expectValid(WorkRequestLogEntryCollection, logs.json());
    expect(logs.json().items.length).toBeGreaterThanOrEqual(2);
    const errors = await h.call({ method: "GET", path: `${V}/workRequests/${workRequestId}/errors` });
    expect(errors.json()).toEqual({ items: [] });
  });

  test.each([
    ["stop", "STOP_CONTAINER_INSTANCE", "UPDATED"],
    ["restart", "RESTART_CONTAINER_INSTANCE", "UPDATED"],
  ] as const)("%s records %s and ends with actionType %s", async (name, operationType, actionType) => {
    h = await startHarness();
    const { id } = await createInstance(h);
    await h.engine.drain();
    const accepted = await action(h, id, name);
    const wrId = accepted.headers["opc-work-request-id"] as string;
    expect((await getWorkRequest(wrId)).json()).toMatchObject({ operationType, status: "ACCEPTED" });
    await h.engine.drain();
    expect((await getWorkRequest(wrId)).json()).toMatchObject({
      status: "SUCCEEDED",
      resources: [{ identifier: id, actionType }],
    });
  });

  test("delete ends with actionType DELETED; UpdateContainer names the container as its resource", async () => {
    h = await startHarness();
    const { id, body } = await createInstance(h);
    await h.engine.drain();
    const containerId = body.containers[0]!.containerId;
    const update = await h.call({ method: "PUT", path: `${V}/containers/${containerId}`, body: { displayName: "n" } });
    await h.engine.drain();
    expect((await getWorkRequest(update.headers["opc-work-request-id"] as string)).json()).toMatchObject({
      operationType: "UPDATE_CONTAINER",
      status: "SUCCEEDED",
      resources: [{ entityType: "Container", identifier: containerId, actionType: "UPDATED" }],
    });
    const deleted = await h.call({ method: "DELETE", path: `${V}/containerInstances/${id}` });
    await h.engine.drain();
    expect((await getWorkRequest(deleted.headers["opc-work-request-id"] as string)).json()).toMatchObject({
      operationType: "DELETE_CONTAINER_INSTANCE",
      status: "SUCCEEDED",
      resources: [{ identifier: id, actionType: "DELETED" }],
    });
  });

  test("a runtime failure FAILS the work request with an error, and the instance with the reason", async () => {
    h = await startHarness({ runtime: new PullFailingDriver({ clock: systemClock }) });
    const { id, body, workRequestId } = await createInstance(h, { containers: [{ imageUrl: "nope/missing:1" }] });
    await h.engine.drain();

    const wr = await getWorkRequest(workRequestId);
    expect(wr.json()).toMatchObject({
      status: "FAILED",
      percentComplete: 100,
      resources: [{ identifier: id, actionType: "FAILED" }],
    });
    expect(wr.json().timeFinished).toBeTruthy();
    expect(wr.headers["retry-after"]).toBeUndefined();

    const errors = await h.call({ method: "GET", path: `${V}/workRequests/${workRequestId}/errors` });
    expectValid(WorkRequestErrorCollection, errors.json());
    expect(errors.json().items).toEqual([
      { code: "ImagePullFailed", message: expect.stringContaining("nope/missing:1"), timestamp: expect.any(String) },
    ]);
    const logs = await h.call({ method: "GET", path: `${V}/workRequests/${workRequestId}/logs` });
    expect(
      logs
        .json()
        .items.map((l: { message: string }) => l.message)
        .join("\n"),
    ).toContain("manifest unknown");

    const instance = (await getInstance(h, id)).json();
    expect(instance.lifecycleState).toBe("FAILED");
    expect(instance.lifecycleDetails).toContain("manifest unknown");
    const container = await h.call({ method: "GET", path: `${V}/containers/${body.containers[0]!.containerId}` });
    expect(container.json().lifecycleState).toBe("FAILED");

    const failedOnly = await listAll(h, `${V}/workRequests`, { compartmentId: h.boot.compartmentId, status: "FAILED" });
    expect(failedOnly.items.map((w) => w.id)).toEqual([workRequestId]);

    // A FAILED instance can still be deleted: there is nothing else to do with it.
    expect((await h.call({ method: "DELETE", path: `${V}/containerInstances/${id}` })).statusCode).toBe(202);
    await h.engine.drain();
    expect((await getInstance(h, id)).json().lifecycleState).toBe("DELETED");
  });

  test("the work request of an unknown id, its logs and errors are 404 NotAuthorizedOrNotFound", async () => {
    h = await startHarness();
    const unknown = "ocid1.containerinstanceworkrequest.oc1.iad.unknown";
    for (const suffix of ["", "/logs", "/errors"]) {
      expectError(
        await h.call({ method: "GET", path: `${V}/workRequests/${unknown}${suffix}` }),
        404,
        "NotAuthorizedOrNotFound",
        unknown,
      );
    }
  });
});
