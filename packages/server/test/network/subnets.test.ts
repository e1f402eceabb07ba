import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const createSubnet = (body: Record<string, unknown>) =>
  h.call({
    method: "POST",
    path: "/20160918/subnets",
    body: { compartmentId: h.boot.compartmentId, vcnId: h.boot.vcnId, ...body },
  });

describe("subnets", () => {
  test("create answers 200 AVAILABLE with every field the official model requires, and an etag", async () => {
    const res = await createSubnet({
      cidrBlock: "10.0.1.0/24",
      displayName: "web",
      dnsLabel: "web",
      availabilityDomain: h.ad,
      prohibitPublicIpOnVnic: true,
    });
    expect(res.statusCode).toBe(200);
    const subnet = res.json();
    const vcn = (await h.call({ method: "GET", path: `/20160918/vcns/${h.boot.vcnId}` })).json();
    expect(subnet).toMatchObject({
      cidrBlock: "10.0.1.0/24",
      ipv4CidrBlocks: ["10.0.1.0/24"],
      compartmentId: h.boot.compartmentId,
      vcnId: h.boot.vcnId,
      availabilityDomain: h.ad,
      displayName: "web",
      dnsLabel: "web",
      subnetDomainName: "web.caisson.oraclevcn.com",
      lifecycleState: "AVAILABLE",
      routeTableId: vcn.defaultRouteTableId,
      securityListIds: [vcn.defaultSecurityListId],
      dhcpOptionsId: vcn.defaultDhcpOptionsId,
      virtualRouterIp: "10.0.1.1",
      prohibitPublicIpOnVnic: true,
      prohibitInternetIngress: true,
    });
    expect(subnet.virtualRouterMac).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/i);
    expect(subnet.id).toMatch(/^ocid1\.subnet\.oc1\.iad\./);
    const got = await h.call({ method: "GET", path: `/20160918/subnets/${subnet.id}` });
    expect(got.json()).toEqual(subnet);
    expect(got.headers.etag).toBe(res.headers.etag);
  });

  test.each([
    [{ cidrBlock: "10.1.0.0/24" }, "not within the VCN"],
    [{ cidrBlock: "10.0.0.128/25" }, "overlaps subnet"],
    [{ cidrBlock: "10.0.1.5/24" }, "host bits"],
    [{ cidrBlock: "10.0.2.0/24", dnsLabel: "default" }, "already used"],
    [{ cidrBlock: "10.0.2.0/24", availabilityDomain: "Nope:IAD-AD-7" }, "availabilityDomain"],
    [
      { cidrBlock: "10.0.2.0/24", prohibitPublicIpOnVnic: true, prohibitInternetIngress: false },
      "prohibitInternetIngress",
    ],
  ])("refuses %j with 400 InvalidParameter", async (body, words) => {
    const res = await createSubnet(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("InvalidParameter");
    expect(res.json().message).toContain(words);
  });

  test("a missing cidrBlock is 400 MissingParameter; a foreign route table is 400 RelatedResource…", async () => {
    const missing = await createSubnet({});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe("MissingParameter");
    const related = await createSubnet({ cidrBlock: "10.0.2.0/24", routeTableId: "ocid1.routetable.oc1.iad.other" });
    expect(related.statusCode).toBe(400);
    expect(related.json().code).toBe("RelatedResourceNotAuthorizedOrNotFound");
  });

  test("a DNS label needs a VCN with one; an unknown VCN is 404", async () => {
    const vcn = await h.call({
      method: "POST",
      path: "/20160918/vcns",
      body: { compartmentId: h.boot.compartmentId, cidrBlock: "10.7.0.0/16" },
    });
    const res = await createSubnet({ vcnId: vcn.json().id, cidrBlock: "10.7.0.0/24", dnsLabel: "web" });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain("no DNS label");
    const unknown = await createSubnet({ vcnId: "ocid1.vcn.oc1.iad.missing", cidrBlock: "10.0.2.0/24" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe("NotAuthorizedOrNotFound");
  });

  test("lists filter by vcnId and displayName", async () => {
    const other = await h.call({
      method: "POST",
      path: "/20160918/vcns",
      body: { compartmentId: h.boot.compartmentId, cidrBlock: "10.8.0.0/16" },
    });
    await createSubnet({ vcnId: other.json().id, cidrBlock: "10.8.1.0/24", displayName: "elsewhere" });
    await createSubnet({ cidrBlock: "10.0.3.0/24", displayName: "here" });
    const base = `/20160918/subnets?compartmentId=${h.boot.compartmentId}`;
    const inBootVcn = await h.call({ method: "GET", path: `${base}&vcnId=${h.boot.vcnId}&sortBy=DISPLAYNAME` });
    expect(inBootVcn.json().map((s: { displayName: string }) => s.displayName)).toEqual(["caisson-subnet", "here"]);
    const all = await h.call({ method: "GET", path: `${base}&sortBy=DISPLAYNAME&sortOrder=DESC` });
    expect(all.json().map((s: { displayName: string }) => s.displayName)).toEqual([
      "here",
      "elsewhere",
      "caisson-subnet",
    ]);
    const named = await h.call({ method: "GET", path: `${base}&displayName=elsewhere` });
    expect(named.json()).toHaveLength(1);
  });

  test("delete answers 204, leaves it readable as TERMINATED, and frees its address space", async () => {
    const created = await createSubnet({ cidrBlock: "10.0.4.0/24" });
    const path = `/20160918/subnets/${created.json().id}`;
    expect((await h.call({ method: "DELETE", path })).statusCode).toBe(204);
    expect((await h.call({ method: "GET", path })).json().lifecycleState).toBe("TERMINATED");
    expect((await createSubnet({ cidrBlock: "10.0.4.0/24" })).statusCode).toBe(200);
  });
});
