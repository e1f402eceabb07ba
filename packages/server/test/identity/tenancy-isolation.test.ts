import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { secondTenancy } from "../support/second-tenancy.js";
import type { Caller } from "../support/signed-inject.js";

let h: Harness;
let other: Caller;
let otherCompartment: string;
beforeEach(async () => {
  h = await startHarness();
  other = await secondTenancy(h);
  const res = await h.call(
    {
      method: "POST",
      path: "/20160918/compartments",
      body: { compartmentId: other.tenancyId, name: "theirs", description: "theirs" },
    },
    other,
  );
  otherCompartment = res.json().id;
});
afterEach(() => h.close());

/** Another tenancy's resource must answer exactly as a nonexistent one does. */
async function expectHidden(call: Parameters<Harness["call"]>[0]) {
  const res = await h.call(call);
  expect(res.statusCode).toBe(404);
  expect(res.json().code).toBe("NotAuthorizedOrNotFound");
}

describe("identity tenancy isolation", () => {
  test("GetTenancy and GetUser answer for the caller's own tenancy and user", async () => {
    const tenancy = await h.call({ method: "GET", path: `/20160918/tenancies/${h.boot.tenancyId}` });
    expect(tenancy.statusCode).toBe(200);
    expect(tenancy.json()).toMatchObject({ id: h.boot.tenancyId, name: "caisson", homeRegionKey: "IAD" });
    const user = await h.call({ method: "GET", path: `/20160918/users/${h.boot.userId}` });
    expect(user.statusCode).toBe(200);
    expect(user.json()).toMatchObject({
      id: h.boot.userId,
      compartmentId: h.boot.tenancyId,
      name: "admin",
      lifecycleState: "ACTIVE",
    });
    expect(user.headers.etag).toBeTruthy();
  });

  test("another tenancy, its user and its compartments are 404 NotAuthorizedOrNotFound", async () => {
    await expectHidden({ method: "GET", path: `/20160918/tenancies/${other.tenancyId}` });
    await expectHidden({ method: "GET", path: `/20160918/users/${other.userId}` });
    await expectHidden({ method: "GET", path: `/20160918/compartments/${other.tenancyId}` });
    await expectHidden({ method: "GET", path: `/20160918/compartments/${otherCompartment}` });
    await expectHidden({ method: "GET", path: `/20160918/compartments?compartmentId=${other.tenancyId}` });
    await expectHidden({
      method: "PUT",
      path: `/20160918/compartments/${otherCompartment}`,
      body: { description: "mine now" },
    });
    await expectHidden({ method: "DELETE", path: `/20160918/compartments/${otherCompartment}` });
    await expectHidden({
      method: "POST",
      path: "/20160918/compartments",
      body: { compartmentId: otherCompartment, name: "intruder", description: "x" },
    });
  });

  test("the other tenancy's compartment is untouched and its tree does not leak into ours", async () => {
    const theirs = await h.call({ method: "GET", path: `/20160918/compartments/${otherCompartment}` }, other);
    expect(theirs.json()).toMatchObject({ lifecycleState: "ACTIVE", description: "theirs" });
    const ours = await h.call({
      method: "GET",
      path: `/20160918/compartments?compartmentId=${h.boot.tenancyId}&compartmentIdInSubtree=true`,
    });
    expect(ours.json()).toEqual([]);
  });
});
