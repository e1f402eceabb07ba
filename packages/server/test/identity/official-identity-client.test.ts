import * as common from "oci-common";
import * as identity from "oci-identity";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { listenForOfficialClients } from "../support/official-clients.js";

let h: Harness;
let client: identity.IdentityClient;
beforeEach(async () => {
  h = await startHarness();
  const { endpoint, authenticationDetailsProvider, clientConfiguration } = await listenForOfficialClients(h);
  client = new identity.IdentityClient({ authenticationDetailsProvider }, clientConfiguration);
  client.endpoint = endpoint;
});
afterEach(async () => {
  client.close();
  await h.close();
});

describe("the official oci-identity IdentityClient", () => {
  test("lists availability domains and their fault domains", async () => {
    const ads = await client.listAvailabilityDomains({ compartmentId: h.boot.tenancyId });
    expect(ads.items).toHaveLength(3);
    expect(ads.items[0]!.name).toBe(h.ad);
    expect(ads.opcRequestId).toBeTruthy();
    const fds = await client.listFaultDomains({ compartmentId: h.boot.tenancyId, availabilityDomain: h.ad });
    expect(fds.items.map((fd) => fd.name)).toEqual(["FAULT-DOMAIN-1", "FAULT-DOMAIN-2", "FAULT-DOMAIN-3"]);
  });

  test("creates, reads, updates, lists (incl. the subtree) and deletes compartments", async () => {
    const created = await client.createCompartment({
      createCompartmentDetails: { compartmentId: h.boot.tenancyId, name: "sdk", description: "made by the SDK" },
      opcRetryToken: "sdk-create-1",
    });
    expect(created.compartment.lifecycleState).toBe(identity.models.Compartment.LifecycleState.Active);
    expect(created.etag).toBeTruthy();
    const id = created.compartment.id;
    const child = await client.createCompartment({
      createCompartmentDetails: { compartmentId: id, name: "child", description: "nested" },
    });

    const got = await client.getCompartment({ compartmentId: id });
    expect(got.compartment).toMatchObject({ id, name: "sdk", compartmentId: h.boot.tenancyId });
    expect(got.etag).toBe(created.etag);

    const updated = await client.updateCompartment({
      compartmentId: id,
      updateCompartmentDetails: { description: "renamed by the SDK" },
      ifMatch: got.etag,
    });
    expect(updated.compartment.description).toBe("renamed by the SDK");

    const direct = await client.listCompartments({ compartmentId: h.boot.tenancyId });
    expect(direct.items.map((c) => c.name)).toEqual(["sdk"]);
    const subtree = await client.listCompartments({
      compartmentId: h.boot.tenancyId,
      compartmentIdInSubtree: true,
      accessLevel: identity.requests.ListCompartmentsRequest.AccessLevel.Any,
      sortBy: identity.requests.ListCompartmentsRequest.SortBy.Name,
    });
    expect(subtree.items.map((c) => c.name)).toEqual(["child", "sdk"]);

    await client.deleteCompartment({ compartmentId: child.compartment.id });
    const deleted = await client.deleteCompartment({ compartmentId: id });
    expect(deleted.opcWorkRequestId).toMatch(/^ocid1\.identityworkrequest\./);
    const after = await client.getCompartment({ compartmentId: id });
    expect(after.compartment.lifecycleState).toBe(identity.models.Compartment.LifecycleState.Deleted);
  });

  test("pages through compartments with the SDK's own paginator", async () => {
    for (const name of ["p1", "p2", "p3"]) {
      await client.createCompartment({
        createCompartmentDetails: { compartmentId: h.boot.tenancyId, name, description: name },
      });
    }
    const names: string[] = [];
    const request = {
      compartmentId: h.boot.tenancyId,
      limit: 2,
      sortBy: identity.requests.ListCompartmentsRequest.SortBy.Name,
    };
    for await (const compartment of client.listCompartmentsRecordIterator(request)) names.push(compartment.name);
    expect(names).toEqual(["p1", "p2", "p3"]);
  });

  test("reads its own tenancy and user", async () => {
    const tenancy = await client.getTenancy({ tenancyId: h.boot.tenancyId });
    expect(tenancy.tenancy).toMatchObject({ id: h.boot.tenancyId, homeRegionKey: "IAD" });
    const user = await client.getUser({ userId: h.boot.userId });
    expect(user.user).toMatchObject({ id: h.boot.userId, isMfaActivated: false });
  });

  test("errors surface as OciError with the status and service code", async () => {
    await client.createCompartment({
      createCompartmentDetails: { compartmentId: h.boot.tenancyId, name: "dup", description: "x" },
    });
    const conflict = await client
      .createCompartment({
        createCompartmentDetails: { compartmentId: h.boot.tenancyId, name: "dup", description: "x" },
      })
      .catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(common.OciError);
    expect(conflict).toMatchObject({ statusCode: 409, serviceCode: "Conflict" });

    const missing = await client
      .getCompartment({ compartmentId: "ocid1.compartment.oc1..missing" })
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(common.OciError);
    expect(missing).toMatchObject({ statusCode: 404, serviceCode: "NotAuthorizedOrNotFound" });
    expect((missing as common.OciError).opcRequestId).toBeTruthy();
  });
});
