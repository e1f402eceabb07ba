import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe("container instance lifecycle", () => {
  test("create answers 200 CREATING with etag and work request; the work makes it ACTIVE", async () => {
    const created = await h.call({ method: "POST", path: "/20210415/containerInstances", body: h.createDetails() });
    expect(created.statusCode).toBe(200);
    const instance = created.json();
    expect(instance.lifecycleState).toBe("CREATING");
    expect(created.headers.etag).toBeTruthy();
    const workRequestId = created.headers["opc-work-request-id"] as string;
    expect(workRequestId).toMatch(/^ocid1\.containerinstanceworkrequest\.oc1\.iad\./);

    expect(await h.engine.drain()).toBe(1);
    const got = await h.call({ method: "GET", path: `/20210415/containerInstances/${instance.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json().lifecycleState).toBe("ACTIVE");
    expect(got.json().lifecycleDetails).toContain("emulated");
    expect(got.headers.etag).not.toBe(created.headers.etag);

    const wr = await h.call({ method: "GET", path: `/20210415/workRequests/${workRequestId}` });
    expect(wr.json()).toMatchObject({
      status: "SUCCEEDED",
      percentComplete: 100,
      operationType: "CREATE_CONTAINER_INSTANCE",
    });
    expect(wr.json().resources[0]).toMatchObject({
      actionType: "CREATED",
      identifier: instance.id,
      entityType: "ContainerInstance",
    });
  });
});
