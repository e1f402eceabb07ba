import type { LightMyRequestResponse } from "fastify";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import type { SignedCall } from "../support/signed-inject.js";
import { type Created, createActive, listAll, otherTenancy, type Stranger, V } from "./helpers.js";

let h: Harness;
let stranger: Stranger;
let mine: Created;
let containerId: string;

beforeEach(async () => {
  h = await startHarness();
  stranger = await otherTenancy(h);
  mine = await createActive(h);
  containerId = mine.body.containers[0]!.containerId;
});
afterEach(() => h.close());

const MISSING = {
  instance: "ocid1.computecontainerinstance.oc1.iad.aaaamissing",
  container: "ocid1.computecontainer.oc1.iad.aaaamissing",
  workRequest: "ocid1.containerinstanceworkrequest.oc1.iad.aaaamissing",
};

/** Status, content type and body with the id masked: what a caller can learn from the answer. */
function observable(response: LightMyRequestResponse, id: string) {
  return {
    status: response.statusCode,
    contentType: response.headers["content-type"],
    headerNames: Object.keys(response.headers)
      .filter((name) => !["opc-request-id", "date", "content-length"].includes(name))
      .sort(),
    body: response.body.replaceAll(id, "<id>"),
  };
}

type Probe = (id: string) => SignedCall;

const INSTANCE_PROBES: Record<string, Probe> = {
  GetContainerInstance: (id) => ({ method: "GET", path: `${V}/containerInstances/${id}` }),
  UpdateContainerInstance: (id) => ({
    method: "PUT",
    path: `${V}/containerInstances/${id}`,
    body: { displayName: "x" },
  }),
  DeleteContainerInstance: (id) => ({ method: "DELETE", path: `${V}/containerInstances/${id}` }),
  StopContainerInstance: (id) => ({ method: "POST", path: `${V}/containerInstances/${id}/actions/stop` }),
  StartContainerInstance: (id) => ({ method: "POST", path: `${V}/containerInstances/${id}/actions/start` }),
  RestartContainerInstance: (id) => ({ method: "POST", path: `${V}/containerInstances/${id}/actions/restart` }),
  ChangeContainerInstanceCompartment: (id) => ({
    method: "POST",
    path: `${V}/containerInstances/${id}/actions/changeCompartment`,
    body: { compartmentId: stranger.tenancyId },
  }),
};
const CONTAINER_PROBES: Record<string, Probe> = {
  GetContainer: (id) => ({ method: "GET", path: `${V}/containers/${id}` }),
  UpdateContainer: (id) => ({ method: "PUT", path: `${V}/containers/${id}`, body: { displayName: "x" } }),
  RetrieveLogs: (id) => ({ method: "POST", path: `${V}/containers/${id}/actions/retrieveLogs` }),
};
const WORK_REQUEST_PROBES: Record<string, Probe> = {
  GetWorkRequest: (id) => ({ method: "GET", path: `${V}/workRequests/${id}` }),
  ListWorkRequestLogs: (id) => ({ method: "GET", path: `${V}/workRequests/${id}/logs` }),
  ListWorkRequestErrors: (id) => ({ method: "GET", path: `${V}/workRequests/${id}/errors` }),
};

describe("tenancy isolation", () => {
  test.each([
    ["instance", INSTANCE_PROBES],
    ["container", CONTAINER_PROBES],
    ["workRequest", WORK_REQUEST_PROBES],
  ] as const)("another tenancy's %s answers exactly like a missing one", async (kind, probes) => {
    const theirs = { instance: mine.id, container: containerId, workRequest: mine.workRequestId }[kind];
    for (const [operation, probe] of Object.entries(probes)) {
      const foreign = await h.call(probe(theirs), stranger);
      const missing = await h.call(probe(MISSING[kind]), stranger);
      expect(foreign.statusCode, `${operation}: ${foreign.body}`).toBe(404);
      expect(foreign.json().code, operation).toBe("NotAuthorizedOrNotFound");
      expect(observable(foreign, theirs), operation).toEqual(observable(missing, MISSING[kind]));
    }
    // Nothing the stranger tried reached the owner's instance.
    expect(await h.engine.drain()).toBe(0);
    const owner = await h.call({ method: "GET", path: `${V}/containerInstances/${mine.id}` });
    expect(owner.json()).toMatchObject({ lifecycleState: "ACTIVE", displayName: mine.body.displayName });
    expect(owner.headers.etag).not.toBe(mine.etag); // changed by the create's work, not by the stranger
  });

  test("lists never show another tenancy's resources, even given its compartment or ids as filters", async () => {
    const ownCompartment = { compartmentId: stranger.tenancyId };
    for (const path of ["containerInstances", "containers", "workRequests"]) {
      expect((await listAll(h, `${V}/${path}`, ownCompartment, stranger)).items, path).toEqual([]);
    }
    const probes: Array<[string, Record<string, string>]> = [
      ["containerInstances", {}],
      ["containers", {}],
      ["containers", { containerInstanceId: mine.id }],
      ["workRequests", {}],
      ["workRequests", { workRequestId: mine.workRequestId }],
      ["workRequests", { resourceId: mine.id }],
      ["containerInstanceShapes", {}],
    ];
    for (const [path, filter] of probes) {
      const into = (compartmentId: string) =>
        h.call({ method: "GET", path: `${V}/${path}?${new URLSearchParams({ compartmentId, ...filter })}` }, stranger);
      const foreign = await into(h.boot.compartmentId);
      const missing = await into("ocid1.tenancy.oc1..aaaamissing");
      expect(foreign.body, path).not.toContain(mine.id);
      expect(observable(foreign, h.boot.compartmentId), path).toEqual(
        observable(missing, "ocid1.tenancy.oc1..aaaamissing"),
      );
    }
  });

  test("the stranger cannot create into the owner's compartment or subnet", async () => {
    const inOwnersCompartment = await h.call(
      {
        method: "POST",
        path: `${V}/containerInstances`,
        body: { ...stranger.createDetails(), compartmentId: h.boot.compartmentId },
      },
      stranger,
    );
    expect(inOwnersCompartment.statusCode).toBe(404);
    expect(inOwnersCompartment.json().code).toBe("NotAuthorizedOrNotFound");

    const send = (subnetId: string) =>
      h.call(
        {
          method: "POST",
          path: `${V}/containerInstances`,
          body: { ...stranger.createDetails(), vnics: [{ subnetId }] },
        },
        stranger,
      );
    const ownersSubnet = await send(h.boot.subnetId);
    const noSubnet = await send("ocid1.subnet.oc1.iad.aaaamissing");
    expect(ownersSubnet.statusCode).toBe(400);
    expect(ownersSubnet.json().code).toBe("RelatedResourceNotAuthorizedOrNotFound");
    expect(observable(ownersSubnet, h.boot.subnetId)).toEqual(observable(noSubnet, "ocid1.subnet.oc1.iad.aaaamissing"));
  });

  test("the owner cannot move an instance into the stranger's compartment", async () => {
    const response = await h.call({
      method: "POST",
      path: `${V}/containerInstances/${mine.id}/actions/changeCompartment`,
      body: { compartmentId: stranger.tenancyId },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe("NotAuthorizedOrNotFound");
    expect(await h.engine.drain()).toBe(0);
  });
});
