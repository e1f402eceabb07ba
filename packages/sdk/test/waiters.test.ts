import { describe, expect, it } from "vitest";
import { ServiceError, WaiterFailedError, WaiterTimeoutError } from "../src/errors.js";
import { NO_RETRY } from "../src/retry/strategy.js";
import { fakeClient } from "./helpers/client.js";
import { FakeFetch, json, ociError } from "./helpers/fake-fetch.js";

const ID = "ocid1.computecontainerinstance.oc1.iad.aaaa";
const WR = "ocid1.workrequest.x";
const instance = (lifecycleState: string, extra = {}) => json(200, { id: ID, lifecycleState, ...extra });
const workRequest = (status: string, extra = {}) =>
  json(200, { id: WR, status, operationType: "CREATE_CONTAINER_INSTANCE", resources: [], ...extra });

describe("waiters.forContainerInstance", () => {
  it("polls with min(2^n, 30) s delays until a target state", async () => {
    const states = ["CREATING", "CREATING", "CREATING", "CREATING", "CREATING", "CREATING", "CREATING", "ACTIVE"];
    const fake = new FakeFetch(...states.map((s) => instance(s)));
    const { client, clock } = fakeClient(fake);
    const result = await client.waiters.forContainerInstance(ID, ["ACTIVE"]);
    expect(result?.data.lifecycleState).toBe("ACTIVE");
    expect(fake.calls).toHaveLength(8);
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it("throws WaiterTimeoutError at maxWaitSeconds, polling one last time at the deadline", async () => {
    const fake = new FakeFetch(instance("CREATING"));
    const { client, clock } = fakeClient(fake);
    const error = await client.waiters.forContainerInstance(ID, ["ACTIVE"], { maxWaitSeconds: 10 }).catch((e) => e);
    expect(error).toBeInstanceOf(WaiterTimeoutError);
    expect(error.lastState).toBe("CREATING");
    expect(error.waitedMs).toBe(10_000);
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 3000]);
    expect(fake.calls).toHaveLength(5);
  });

  it("fails fast on FAILED, with the lifecycle details", async () => {
    const fake = new FakeFetch(instance("CREATING"), instance("FAILED", { lifecycleDetails: "image pull failed" }));
    const { client } = fakeClient(fake);
    const error = await client.waiters.forContainerInstance(ID, ["ACTIVE"]).catch((e) => e);
    expect(error).toBeInstanceOf(WaiterFailedError);
    expect(error.state).toBe("FAILED");
    expect(error.message).toContain("image pull failed");
    expect(fake.calls).toHaveLength(2);
  });

  it("returns FAILED when FAILED is a target", async () => {
    const fake = new FakeFetch(instance("FAILED"));
    const { client } = fakeClient(fake);
    await expect(client.waiters.forContainerInstance(ID, ["ACTIVE", "FAILED"])).resolves.toMatchObject({
      data: { lifecycleState: "FAILED" },
    });
  });

  it("a 404 while waiting for DELETED counts as reached (null); otherwise it propagates", async () => {
    const gone = new FakeFetch(instance("DELETING"), ociError(404, "NotAuthorizedOrNotFound"));
    await expect(fakeClient(gone).client.waiters.forContainerInstance(ID, ["DELETED"])).resolves.toBeNull();
    const missing = new FakeFetch(ociError(404, "NotAuthorizedOrNotFound"));
    const error = await fakeClient(missing, { retryStrategy: NO_RETRY })
      .client.waiters.forContainerInstance(ID, ["ACTIVE"])
      .catch((e) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.status).toBe(404);
  });

  it("stops when the signal aborts during a poll or before the first one", async () => {
    const controller = new AbortController();
    const fake = new FakeFetch(instance("CREATING"));
    const { client } = fakeClient(fake, {
      fetch: async (url, init) => {
        if (fake.calls.length === 2) controller.abort(new Error("user cancelled"));
        return fake.fetch(url, init);
      },
    });
    const waiting = client.waiters.forContainerInstance(ID, ["ACTIVE"], { signal: controller.signal });
    await expect(waiting).rejects.toThrow("user cancelled");
    expect(fake.calls).toHaveLength(3);
    await expect(client.waiters.forContainerInstance(ID, ["ACTIVE"], { signal: controller.signal })).rejects.toThrow(
      "user cancelled",
    );
    expect(fake.calls).toHaveLength(3);
  });
});

describe("waiters.forContainer", () => {
  it("waits on GetContainer", async () => {
    const fake = new FakeFetch(
      json(200, { id: "c1", lifecycleState: "CREATING" }),
      json(200, { id: "c1", lifecycleState: "ACTIVE" }),
    );
    const { client } = fakeClient(fake);
    await expect(client.waiters.forContainer("c1", ["ACTIVE"])).resolves.toMatchObject({ data: { id: "c1" } });
    expect(fake.calls.map((c) => new URL(c.url).pathname)).toEqual([
      "/20210415/containers/c1",
      "/20210415/containers/c1",
    ]);
  });
});

describe("waiters.forWorkRequest", () => {
  it("by default waits until timeFinished is set", async () => {
    const fake = new FakeFetch(
      workRequest("ACCEPTED"),
      workRequest("IN_PROGRESS"),
      workRequest("SUCCEEDED", { timeFinished: "t" }),
    );
    const { client } = fakeClient(fake);
    await expect(client.waiters.forWorkRequest(WR)).resolves.toMatchObject({ data: { status: "SUCCEEDED" } });
    expect(fake.calls).toHaveLength(3);
  });

  it("fails fast on FAILED with the work request errors in the message", async () => {
    const fake = new FakeFetch(
      workRequest("FAILED", { timeFinished: "t" }),
      json(200, { items: [{ code: "ImagePullFailed", message: "no such image", timestamp: "t" }] }),
    );
    const { client } = fakeClient(fake);
    const error = await client.waiters.forWorkRequest(WR, ["SUCCEEDED"]).catch((e) => e);
    expect(error).toBeInstanceOf(WaiterFailedError);
    expect(error.details).toEqual(["ImagePullFailed: no such image"]);
    expect(new URL(fake.calls[1]!.url).pathname).toBe(`/20210415/workRequests/${WR}/errors`);
  });

  it("returns a FAILED work request when FAILED is a target, and fails on a finished non-target status", async () => {
    const failed = new FakeFetch(workRequest("FAILED"));
    await expect(fakeClient(failed).client.waiters.forWorkRequest(WR, ["SUCCEEDED", "FAILED"])).resolves.toMatchObject({
      data: { status: "FAILED" },
    });
    const canceled = new FakeFetch(workRequest("CANCELED"), json(200, { items: [] }));
    await expect(fakeClient(canceled).client.waiters.forWorkRequest(WR, ["SUCCEEDED"])).rejects.toBeInstanceOf(
      WaiterFailedError,
    );
  });
});

describe("composite operations", () => {
  const details = { compartmentId: "c" } as never;

  it("create: waits on the work request, then returns the resource", async () => {
    const fake = new FakeFetch(
      json(200, { id: ID, lifecycleState: "CREATING" }, { "opc-work-request-id": WR, etag: "e1" }),
      workRequest("IN_PROGRESS"),
      workRequest("SUCCEEDED", { timeFinished: "t" }),
      instance("ACTIVE"),
    );
    const { client } = fakeClient(fake);
    const result = await client.createContainerInstanceAndWaitForState(details);
    expect(result.response?.etag).toBe("e1");
    expect(result.workRequest?.data.status).toBe("SUCCEEDED");
    expect(result.resource?.data.lifecycleState).toBe("ACTIVE");
    expect(fake.calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      "POST /20210415/containerInstances",
      `GET /20210415/workRequests/${WR}`,
      `GET /20210415/workRequests/${WR}`,
      `GET /20210415/containerInstances/${ID}`,
    ]);
  });

  it("delete: a 404 from the DELETE counts as done", async () => {
    const fake = new FakeFetch(ociError(404, "NotAuthorizedOrNotFound"));
    const { client } = fakeClient(fake);
    await expect(client.deleteContainerInstanceAndWaitForState(ID)).resolves.toEqual({
      response: null,
      workRequest: null,
      resource: null,
    });
    expect(fake.calls).toHaveLength(1);
  });

  it("delete: resource is null once the instance is gone", async () => {
    const fake = new FakeFetch(
      new Response(null, { status: 202, headers: { "opc-work-request-id": WR } }),
      workRequest("SUCCEEDED"),
      ociError(404, "NotAuthorizedOrNotFound"),
    );
    const { client } = fakeClient(fake, { retryStrategy: NO_RETRY });
    const result = await client.deleteContainerInstanceAndWaitForState(ID);
    expect(result.response?.status).toBe(202);
    expect(result.resource).toBeNull();
  });

  it.each([
    ["restartContainerInstanceAndWaitForState", "POST", `/containerInstances/${ID}/actions/restart`],
    ["startContainerInstanceAndWaitForState", "POST", `/containerInstances/${ID}/actions/start`],
    ["stopContainerInstanceAndWaitForState", "POST", `/containerInstances/${ID}/actions/stop`],
  ] as const)("%s sends %s %s and waits", async (method, verb, path) => {
    const fake = new FakeFetch(
      new Response(null, { status: 202, headers: { "opc-work-request-id": WR } }),
      workRequest("SUCCEEDED"),
      instance("ACTIVE"),
    );
    const { client } = fakeClient(fake);
    const result = await client[method](ID, ["SUCCEEDED"], { ifMatch: "e1" });
    expect(fake.calls[0]?.method).toBe(verb);
    expect(new URL(fake.calls[0]!.url).pathname).toBe(`/20210415${path}`);
    expect(fake.calls[0]?.headers.get("if-match")).toBe("e1");
    expect(result.resource?.data.id).toBe(ID);
  });

  it("update, changeCompartment and updateContainer wait too", async () => {
    const accepted = () => new Response(null, { status: 202, headers: { "opc-work-request-id": WR } });
    const fake = new FakeFetch(accepted(), workRequest("SUCCEEDED"), instance("ACTIVE"));
    const { client } = fakeClient(fake);
    await client.updateContainerInstanceAndWaitForState(ID, { displayName: "n" });
    const fake2 = new FakeFetch(accepted(), workRequest("SUCCEEDED"), instance("ACTIVE"));
    await fakeClient(fake2).client.changeContainerInstanceCompartmentAndWaitForState(ID, { compartmentId: "c2" });
    const fake3 = new FakeFetch(
      accepted(),
      workRequest("SUCCEEDED"),
      json(200, { id: "c1", lifecycleState: "ACTIVE" }),
    );
    const r3 = await fakeClient(fake3).client.updateContainerAndWaitForState("c1", { displayName: "n" });
    expect(fake.calls[0]?.body).toBe('{"displayName":"n"}');
    expect(fake2.calls[0]?.body).toBe('{"compartmentId":"c2"}');
    expect(r3.resource?.data.id).toBe("c1");
  });

  it("refuses to wait when the service sends no opc-work-request-id", async () => {
    const fake = new FakeFetch(new Response(null, { status: 202 }));
    const { client } = fakeClient(fake);
    await expect(client.startContainerInstanceAndWaitForState(ID)).rejects.toThrow(/opc-work-request-id/);
  });
});
