import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { secondTenancy } from "../support/second-tenancy.js";
import type { Caller } from "../support/signed-inject.js";

let h: Harness;
let other: Caller;
let theirVcn: string;
let theirSubnet: string;
beforeEach(async () => {
  h = await startHarness();
  other = await secondTenancy(h);
  const vcn = await h.call(
    { method: "POST", path: "/20160918/vcns", body: { compartmentId: other.tenancyId, cidrBlock: "10.0.0.0/16" } },
    other,
  );
  theirVcn = vcn.json().id;
  const subnet = await h.call(
    {
      method: "POST",
      path: "/20160918/subnets",
      body: { compartmentId: other.tenancyId, vcnId: theirVcn, cidrBlock: "10.0.0.0/24" },
    },
    other,
  );
  theirSubnet = subnet.json().id;
});
afterEach(() => h.close());

/** Another tenancy's network must answer exactly as a nonexistent one does. */
async function expectHidden(call: Parameters<Harness["call"]>[0]) {
  const res = await h.call(call);
  expect(res.statusCode, `${call.method} ${call.path}`).toBe(404);
  expect(res.json().code).toBe("NotAuthorizedOrNotFound");
}

describe("network tenancy isolation", () => {
  test("another tenancy's VCN and subnet are 404 to every operation", async () => {
    await expectHidden({ method: "GET", path: `/20160918/vcns/${theirVcn}` });
    await expectHidden({ method: "PUT", path: `/20160918/vcns/${theirVcn}`, body: { displayName: "mine" } });
    await expectHidden({ method: "DELETE", path: `/20160918/vcns/${theirVcn}` });
    await expectHidden({ method: "GET", path: `/20160918/subnets/${theirSubnet}` });
    await expectHidden({ method: "PUT", path: `/20160918/subnets/${theirSubnet}`, body: { displayName: "mine" } });
    await expectHidden({ method: "DELETE", path: `/20160918/subnets/${theirSubnet}` });
    await expectHidden({ method: "GET", path: `/20160918/vcns?compartmentId=${other.tenancyId}` });
    await expectHidden({ method: "GET", path: `/20160918/subnets?compartmentId=${other.tenancyId}` });
  });

  test("creating into another tenancy's compartment or VCN is 404", async () => {
    await expectHidden({
      method: "POST",
      path: "/20160918/vcns",
      body: { compartmentId: other.tenancyId, cidrBlock: "10.5.0.0/16" },
    });
    await expectHidden({
      method: "POST",
      path: "/20160918/subnets",
      body: { compartmentId: h.boot.compartmentId, vcnId: theirVcn, cidrBlock: "10.0.1.0/24" },
    });
  });

  test("their resources are unchanged, and the same CIDRs coexist across tenancies", async () => {
    const theirs = await h.call({ method: "GET", path: `/20160918/subnets/${theirSubnet}` }, other);
    expect(theirs.json()).toMatchObject({ lifecycleState: "AVAILABLE", cidrBlock: "10.0.0.0/24" });
    const ours = await h.call({ method: "GET", path: `/20160918/subnets?compartmentId=${h.boot.compartmentId}` });
    expect(ours.json().map((s: { id: string }) => s.id)).toEqual([h.boot.subnetId]);
  });
});
