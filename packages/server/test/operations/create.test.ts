import { Container, ContainerInstance, validate } from "@caisson/api";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { createInstance, listAll, V } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe("CreateContainerInstance", () => {
  test("answers 200 with a schema-valid CREATING instance, its etag, work request and the caller's request id", async () => {
    const response = await h.call({
      method: "POST",
      path: `${V}/containerInstances`,
      body: h.createDetails({ displayName: "web" }),
      headers: { "opc-request-id": "CALLER-REQUEST-1" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.headers["opc-request-id"]).toBe("CALLER-REQUEST-1");
    expect(response.headers.etag).toMatch(/^\S+$/);
    expect(response.headers["opc-work-request-id"]).toMatch(/^ocid1\.containerinstanceworkrequest\.oc1\.iad\./);

    const body = response.json();
    const checked = validate(ContainerInstance, body);
    expect(checked.ok ? [] : checked.errors).toEqual([]);
    expect(body).toMatchObject({
      displayName: "web",
      compartmentId: h.boot.compartmentId,
      availabilityDomain: h.ad,
      lifecycleState: "CREATING",
      shape: "CI.Standard.E4.Flex",
      shapeConfig: { ocpus: 1, memoryInGBs: 4 },
      containerCount: 1,
      tenantId: h.boot.tenancyId,
    });
    expect(body.id).toMatch(/^ocid1\.computecontainerinstance\.oc1\.iad\./);
    expect(body.vnics).toHaveLength(1);
    expect(body.timeCreated).toBe(body.timeUpdated);

    // The answer is what a GET shows, etag included.
    const got = await h.call({ method: "GET", path: `${V}/containerInstances/${body.id}` });
    expect(got.json()).toEqual(body);
    expect(got.headers.etag).toBe(response.headers.etag);
  });

  test("generates an opc-request-id when the caller sends none", async () => {
    const a = await createInstance(h);
    const b = await createInstance(h);
    expect(a.response.headers["opc-request-id"]).toMatch(/^\S{16,}$/);
    expect(a.response.headers["opc-request-id"]).not.toBe(b.response.headers["opc-request-id"]);
  });

  test("fills in the defaults: restart policy ALWAYS, a display name, a shutdown timeout, memory from the shape", async () => {
    const details = h.createDetails({ shapeConfig: { ocpus: 2 } });
    delete details.displayName;
    const response = await h.call({ method: "POST", path: `${V}/containerInstances`, body: details });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.containerRestartPolicy).toBe("ALWAYS");
    expect(body.displayName).toMatch(/^\S+$/);
    expect(body.gracefulShutdownTimeoutInSeconds).toBeGreaterThan(0);
    // E4.Flex defaults to 16 GB per OCPU (packages/api SHAPES).
    expect(body.shapeConfig).toMatchObject({ ocpus: 2, memoryInGBs: 32, networkingBandwidthInGbps: 2 });
    expect(body.shapeConfig.processorDescription).toContain("AMD");
    expect(body.faultDomain).toMatch(/^FAULT-DOMAIN-[123]$/);
  });

  test("keeps what the caller chose instead of the defaults", async () => {
    const { body } = await createInstance(h, {
      containerRestartPolicy: "NEVER",
      gracefulShutdownTimeoutInSeconds: 42,
      faultDomain: "FAULT-DOMAIN-2",
      freeformTags: { team: "a" },
    });
    expect(body).toMatchObject({
      containerRestartPolicy: "NEVER",
      gracefulShutdownTimeoutInSeconds: 42,
      faultDomain: "FAULT-DOMAIN-2",
      freeformTags: { team: "a" },
    });
  });

  test("never echoes image pull secret credentials, in the answer, a GET or a list", async () => {
    const { id, response } = await createInstance(h, {
      imagePullSecrets: [
        {
          secretType: "BASIC",
          registryEndpoint: "registry.example",
          username: "c2VjcmV0dXNlcg==",
          password: "aHVudGVyMg==",
        },
      ],
    });
    const got = await h.call({ method: "GET", path: `${V}/containerInstances/${id}` });
    expect(got.json().imagePullSecrets).toEqual([{ secretType: "BASIC", registryEndpoint: "registry.example" }]);
    const listed = await h.call({
      method: "GET",
      path: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}`,
    });
    for (const text of [response.body, got.body, listed.body]) {
      expect(text).not.toContain("c2VjcmV0dXNlcg==");
      expect(text).not.toContain("aHVudGVyMg==");
    }
  });

  test("gives every container an id; ListContainers with containerInstanceId shows exactly them", async () => {
    const { id, body } = await createInstance(h, {
      containers: [
        { imageUrl: "busybox", displayName: "first" },
        { imageUrl: "nginx:1.27", displayName: "second", environmentVariables: { A: "1" } },
      ],
    });
    await createInstance(h); // a neighbour whose container must not appear in the filtered list
    const ids = body.containers.map((c) => c.containerId);
    expect(body.containers.map((c) => c.displayName)).toEqual(["first", "second"]);
    for (const containerId of ids) expect(containerId).toMatch(/^ocid1\.computecontainer\.oc1\.iad\./);
    expect(new Set(ids).size).toBe(2);

    const { items } = await listAll(h, `${V}/containers`, {
      compartmentId: h.boot.compartmentId,
      containerInstanceId: id,
    });
    expect(items.map((c) => c.id).sort()).toEqual([...ids].sort());
    for (const item of items) expect(item).toMatchObject({ containerInstanceId: id, lifecycleState: "CREATING" });

    const container = await h.call({ method: "GET", path: `${V}/containers/${ids[1]}` });
    expect(container.statusCode).toBe(200);
    expect(container.headers.etag).toMatch(/^\S+$/);
    const checked = validate(Container, container.json());
    expect(checked.ok ? [] : checked.errors).toEqual([]);
    expect(container.json()).toMatchObject({
      id: ids[1],
      displayName: "second",
      imageUrl: "nginx:1.27",
      environmentVariables: { A: "1" },
      containerInstanceId: id,
      compartmentId: h.boot.compartmentId,
      availabilityDomain: h.ad,
      lifecycleState: "CREATING",
    });
  });

  test("names unnamed containers after their instance", async () => {
    const { body } = await createInstance(h, { displayName: "svc", containers: [{ imageUrl: "busybox" }] });
    expect(body.containers[0]!.displayName).toMatch(/^svc/);
  });

  test("fills health-check defaults and reports them as UNKNOWN until checked", async () => {
    const { body } = await createInstance(h, {
      containers: [{ imageUrl: "nginx", healthChecks: [{ healthCheckType: "HTTP", path: "/", port: 80 }] }],
    });
    const container = await h.call({ method: "GET", path: `${V}/containers/${body.containers[0]!.containerId}` });
    expect(container.json().healthChecks).toEqual([
      expect.objectContaining({
        healthCheckType: "HTTP",
        path: "/",
        port: 80,
        failureAction: "KILL",
        status: "UNKNOWN",
      }),
    ]);
  });
});

describe("GetContainerInstance and GetContainer", () => {
  test("answer 404 NotAuthorizedOrNotFound for a well-formed id that does not exist", async () => {
    for (const path of [
      `${V}/containerInstances/ocid1.computecontainerinstance.oc1.iad.doesnotexist`,
      `${V}/containers/ocid1.computecontainer.oc1.iad.doesnotexist`,
      `${V}/workRequests/ocid1.containerinstanceworkrequest.oc1.iad.doesnotexist`,
    ]) {
      const response = await h.call({ method: "GET", path });
      expect(response.statusCode, path).toBe(404);
      expect(response.json().code).toBe("NotAuthorizedOrNotFound");
      expect(response.json().message).toContain("doesnotexist");
    }
  });
});
