import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { availabilityDomains } from "../../src/identity/availability-domains.js";
import { type Harness, REGION, startHarness } from "../support/harness.js";
import { secondTenancy } from "../support/second-tenancy.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe("ListAvailabilityDomains", () => {
  test("answers a bare array of the tenancy's three ADs with stable ids", async () => {
    const res = await h.call({
      method: "GET",
      path: `/20160918/availabilityDomains?compartmentId=${h.boot.tenancyId}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["opc-request-id"]).toBeTruthy();
    const ads = res.json() as Array<{ name: string; id: string; compartmentId: string }>;
    expect(ads.map((ad) => ad.name)).toEqual(availabilityDomains(h.boot.tenancyId, REGION));
    expect(ads[0]!.name).toMatch(/^[A-Z][a-z]{3}:IAD-AD-1$/);
    for (const ad of ads) {
      expect(ad.compartmentId).toBe(h.boot.tenancyId);
      expect(ad.id).toMatch(/^ocid1\.availabilitydomain\.oc1\.\.aaaaaaaa[a-z2-7]+$/);
    }
    const again = await h.call({
      method: "GET",
      path: `/20160918/availabilityDomains?compartmentId=${h.boot.tenancyId}`,
    });
    expect(again.json()).toEqual(ads);
  });

  test("may be asked for any compartment of the tenancy, answering for the tenancy", async () => {
    const created = await h.call({
      method: "POST",
      path: "/20160918/compartments",
      body: { compartmentId: h.boot.tenancyId, name: "team", description: "team" },
    });
    const res = await h.call({
      method: "GET",
      path: `/20160918/availabilityDomains?compartmentId=${created.json().id}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()[0].compartmentId).toBe(h.boot.tenancyId);
  });

  test("requires compartmentId", async () => {
    const res = await h.call({ method: "GET", path: "/20160918/availabilityDomains" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "MissingParameter" });
  });

  test("another tenancy's compartment is 404 NotAuthorizedOrNotFound, like a missing one", async () => {
    const other = await secondTenancy(h);
    const foreign = await h.call({
      method: "GET",
      path: `/20160918/availabilityDomains?compartmentId=${other.tenancyId}`,
    });
    const missing = await h.call({
      method: "GET",
      path: "/20160918/availabilityDomains?compartmentId=ocid1.compartment.oc1..nope",
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe("NotAuthorizedOrNotFound");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe("NotAuthorizedOrNotFound");
  });

  test("each tenancy sees its own AD names", async () => {
    const other = await secondTenancy(h);
    const res = await h.call(
      { method: "GET", path: `/20160918/availabilityDomains?compartmentId=${other.tenancyId}` },
      other,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().map((ad: { name: string }) => ad.name)).toEqual(availabilityDomains(other.tenancyId, REGION));
  });
});

describe("ListFaultDomains", () => {
  test("lists three fault domains of the AD", async () => {
    const res = await h.call({
      method: "GET",
      path: `/20160918/faultDomains?compartmentId=${h.boot.tenancyId}&availabilityDomain=${encodeURIComponent(h.ad)}`,
    });
    expect(res.statusCode).toBe(200);
    const fds = res.json() as Array<Record<string, string>>;
    expect(fds.map((fd) => fd.name)).toEqual(["FAULT-DOMAIN-1", "FAULT-DOMAIN-2", "FAULT-DOMAIN-3"]);
    for (const fd of fds) {
      expect(fd).toMatchObject({ compartmentId: h.boot.tenancyId, availabilityDomain: h.ad });
      expect(fd.id).toMatch(/^ocid1\.faultdomain\.oc1\.\./);
    }
    expect(new Set(fds.map((fd) => fd.id)).size).toBe(3);
  });

  test("an unknown AD is 400 InvalidParameter naming the valid ones", async () => {
    const res = await h.call({
      method: "GET",
      path: `/20160918/faultDomains?compartmentId=${h.boot.tenancyId}&availabilityDomain=Nope:IAD-AD-9`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("InvalidParameter");
    expect(res.json().message).toContain(h.ad);
  });

  test("requires availabilityDomain", async () => {
    const res = await h.call({ method: "GET", path: `/20160918/faultDomains?compartmentId=${h.boot.tenancyId}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "MissingParameter" });
    expect(res.json().message).toContain("availabilityDomain");
  });
});
