import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { action, addCompartment, createActive, expectError, getInstance, listAll, V } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe("UpdateContainerInstance", () => {
  test("applies displayName and tags when the work runs, and returns to the state it was in", async () => {
    const { id } = await createActive(h, { freeformTags: { keep: "no" } });
    const path = `${V}/containerInstances/${id}`;
    const response = await h.call({
      method: "PUT",
      path,
      body: { displayName: "renamed", freeformTags: { env: "prod" }, definedTags: { ns: { k: "v" } } },
    });
    expect(response.statusCode).toBe(202);
    expect(response.body).toBe("");
    const pending = (await getInstance(h, id)).json();
    expect(pending).toMatchObject({ lifecycleState: "UPDATING", freeformTags: { keep: "no" } });
    expect(pending.displayName).not.toBe("renamed");
    await h.engine.drain();
    expect((await getInstance(h, id)).json()).toMatchObject({
      lifecycleState: "ACTIVE",
      displayName: "renamed",
      freeformTags: { env: "prod" },
      definedTags: { ns: { k: "v" } },
    });
    const listed = await listAll(h, `${V}/containerInstances`, {
      compartmentId: h.boot.compartmentId,
      displayName: "renamed",
    });
    expect(listed.items.map((i) => i.id)).toEqual([id]);
  });

  test("an empty PUT body (content-length 0, as the TS SDK sends for {}) is accepted as {} and changes nothing", async () => {
    const { id } = await createActive(h, { displayName: "same" });
    await action(h, id, "stop");
    await h.engine.drain();
    const response = await h.call({ method: "PUT", path: `${V}/containerInstances/${id}`, body: "" });
    expect(response.statusCode, response.body).toBe(202);
    await h.engine.drain();
    // It went back to INACTIVE, not to ACTIVE: an update does not start anything.
    expect((await getInstance(h, id)).json()).toMatchObject({ displayName: "same", lifecycleState: "INACTIVE" });
  });

  test("cannot change immutable fields: unknown body fields are ignored (request schemas are open, like OCI's)", async () => {
    const { id } = await createActive(h);
    const response = await h.call({
      method: "PUT",
      path: `${V}/containerInstances/${id}`,
      body: { displayName: "moved?", shape: "CI.Standard.A1.Flex", compartmentId: "ocid1.compartment.oc1..x" },
    });
    expect(response.statusCode).toBe(202);
    await h.engine.drain();
    expect((await getInstance(h, id)).json()).toMatchObject({
      displayName: "moved?",
      shape: "CI.Standard.E4.Flex",
      compartmentId: h.boot.compartmentId,
    });
  });
});

describe("UpdateContainer", () => {
  test("202; the container shows UPDATING, then its new name and tags, and its instance is untouched", async () => {
    const { id, body } = await createActive(h);
    const path = `${V}/containers/${body.containers[0]!.containerId}`;
    const response = await h.call({ method: "PUT", path, body: { displayName: "worker", freeformTags: { a: "1" } } });
    expect(response.statusCode).toBe(202);
    expect(response.headers["opc-work-request-id"]).toMatch(/^ocid1\.containerinstanceworkrequest\./);
    expect((await h.call({ method: "GET", path })).json().lifecycleState).toBe("UPDATING");
    expect((await getInstance(h, id)).json().lifecycleState).toBe("ACTIVE");
    await h.engine.drain();
    expect((await h.call({ method: "GET", path })).json()).toMatchObject({
      lifecycleState: "ACTIVE",
      displayName: "worker",
      freeformTags: { a: "1" },
    });
  });

  test("accepts an empty body too", async () => {
    const { body } = await createActive(h);
    const response = await h.call({
      method: "PUT",
      path: `${V}/containers/${body.containers[0]!.containerId}`,
      body: "",
    });
    expect(response.statusCode, response.body).toBe(202);
  });

  test("an unknown container is 404 NotAuthorizedOrNotFound", async () => {
    const id = "ocid1.computecontainer.oc1.iad.none";
    expectError(
      await h.call({ method: "PUT", path: `${V}/containers/${id}`, body: {} }),
      404,
      "NotAuthorizedOrNotFound",
      id,
    );
  });
});

describe("ChangeContainerInstanceCompartment", () => {
  test("moves the instance, its containers and later work requests to the target compartment", async () => {
    const target = await addCompartment(h, "target");
    const { id, body } = await createActive(h);
    const response = await h.call({
      method: "POST",
      path: `${V}/containerInstances/${id}/actions/changeCompartment`,
      body: { compartmentId: target },
    });
    expect(response.statusCode).toBe(202);
    expect(response.body).toBe("");
    const wrId = response.headers["opc-work-request-id"] as string;
    expect(await getInstance(h, id).then((r) => r.json().lifecycleState)).toBe("UPDATING");
    await h.engine.drain();

    const wr = await h.call({ method: "GET", path: `${V}/workRequests/${wrId}` });
    expect(wr.json()).toMatchObject({ operationType: "MOVE_CONTAINER_INSTANCE", status: "SUCCEEDED" });
    expect((await getInstance(h, id)).json()).toMatchObject({ compartmentId: target, lifecycleState: "ACTIVE" });
    const container = await h.call({ method: "GET", path: `${V}/containers/${body.containers[0]!.containerId}` });
    expect(container.json().compartmentId).toBe(target);

    const inTarget = await listAll(h, `${V}/containerInstances`, { compartmentId: target });
    expect(inTarget.items.map((i) => i.id)).toEqual([id]);
    expect((await listAll(h, `${V}/containerInstances`, { compartmentId: h.boot.compartmentId })).items).toEqual([]);
    const containers = await listAll(h, `${V}/containers`, { compartmentId: target });
    expect(containers.items.map((c) => c.id)).toEqual([body.containers[0]!.containerId]);
    expect((await listAll(h, `${V}/containers`, { compartmentId: h.boot.compartmentId })).items).toEqual([]);

    // Work on the moved instance is recorded in its new compartment.
    const stop = await action(h, id, "stop");
    const inTargetWork = await listAll(h, `${V}/workRequests`, { compartmentId: target });
    expect(inTargetWork.items.map((w) => w.id)).toContain(stop.headers["opc-work-request-id"]);
  });

  test("to a compartment that does not exist is 404 NotAuthorizedOrNotFound and changes nothing", async () => {
    const { id } = await createActive(h);
    const missing = "ocid1.compartment.oc1..doesnotexist";
    const response = await h.call({
      method: "POST",
      path: `${V}/containerInstances/${id}/actions/changeCompartment`,
      body: { compartmentId: missing },
    });
    expectError(response, 404, "NotAuthorizedOrNotFound", missing);
    expect((await getInstance(h, id)).json()).toMatchObject({
      compartmentId: h.boot.compartmentId,
      lifecycleState: "ACTIVE",
    });
    expect(await h.engine.drain()).toBe(0);
  });

  test("without a body is 400 MissingParameter naming compartmentId", async () => {
    const { id } = await createActive(h);
    const response = await h.call({
      method: "POST",
      path: `${V}/containerInstances/${id}/actions/changeCompartment`,
      body: {},
    });
    expectError(response, 400, "MissingParameter", "compartmentId");
  });
});

describe("RetrieveLogs", () => {
  test("200 text/plain; the emulated runtime has no output; isPrevious=true is accepted", async () => {
    const { body } = await createActive(h);
    const path = `${V}/containers/${body.containers[0]!.containerId}/actions/retrieveLogs`;
    for (const query of ["", "?isPrevious=false", "?isPrevious=true"]) {
      const response = await h.call({
        method: "POST",
        path: `${path}${query}`,
        headers: { "opc-request-id": "logs-1" },
      });
      expect(response.statusCode, query).toBe(200);
      expect(response.headers["content-type"]).toMatch(/^text\/plain/);
      expect(response.headers["opc-request-id"]).toBe("logs-1");
      expect(response.body).toBe("");
    }
  });

  test("an unknown container is 404 NotAuthorizedOrNotFound", async () => {
    const id = "ocid1.computecontainer.oc1.iad.none";
    const response = await h.call({ method: "POST", path: `${V}/containers/${id}/actions/retrieveLogs` });
    expectError(response, 404, "NotAuthorizedOrNotFound", id);
  });
});
