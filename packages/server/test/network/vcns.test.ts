import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const createVcn = (body: Record<string, unknown>) =>
  h.call({ method: "POST", path: "/20160918/vcns", body: { compartmentId: h.boot.compartmentId, ...body } });

describe("VCNs", () => {
  test("create answers 200 AVAILABLE with every field the official model requires, and an etag", async () => {
    const res = await createVcn({ cidrBlock: "172.16.0.0/16", displayName: "app", dnsLabel: "App" });
    expect(res.statusCode).toBe(200);
    const vcn = res.json();
    expect(vcn).toMatchObject({
      cidrBlock: "172.16.0.0/16",
      cidrBlocks: ["172.16.0.0/16"],
      compartmentId: h.boot.compartmentId,
      displayName: "app",
      dnsLabel: "app",
      vcnDomainName: "app.oraclevcn.com",
      lifecycleState: "AVAILABLE",
    });
    expect(vcn.id).toMatch(/^ocid1\.vcn\.oc1\.iad\./);
    expect(vcn.defaultRouteTableId).toMatch(/^ocid1\.routetable\./);
    expect(vcn.defaultSecurityListId).toMatch(/^ocid1\.securitylist\./);
    const got = await h.call({ method: "GET", path: `/20160918/vcns/${vcn.id}` });
    expect(got.json()).toEqual(vcn);
    expect(got.headers.etag).toBe(res.headers.etag);
  });

  test("cidrBlocks holds several non-overlapping blocks; cidrBlock is the first", async () => {
    const res = await createVcn({ cidrBlocks: ["10.1.0.0/16", "10.2.0.0/16"] });
    expect(res.json()).toMatchObject({ cidrBlock: "10.1.0.0/16", cidrBlocks: ["10.1.0.0/16", "10.2.0.0/16"] });
    const clash = await createVcn({ cidrBlocks: ["10.1.0.0/16", "10.1.128.0/17"] });
    expect(clash.statusCode).toBe(400);
    expect(clash.json().message).toContain("cidrBlocks[1]");
  });

  test.each([
    [{}, "MissingParameter", "cidrBlocks"],
    [{ cidrBlock: "10.0.0.1/16" }, "InvalidParameter", "host bits"],
    [{ cidrBlock: "10.0.0.0/8" }, "InvalidParameter", "/16"],
    [{ cidrBlock: "10.0.0.0/16", dnsLabel: "9lives" }, "InvalidParameter", "dnsLabel"],
    [{ cidrBlock: "10.0.0.0/16", isIpv6Enabled: true }, "InvalidParameter", "IPv6"],
  ])("refuses %j with 400 %s", async (body, code, words) => {
    const res = await createVcn(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
    expect(res.json().message).toContain(words);
  });

  test("lists as a bare array, filters by displayName, sorts and pages", async () => {
    for (const name of ["b", "c", "a"]) await createVcn({ cidrBlock: "10.9.0.0/16", displayName: name });
    const base = `/20160918/vcns?compartmentId=${h.boot.compartmentId}`;
    const byName = await h.call({ method: "GET", path: `${base}&sortBy=DISPLAYNAME&limit=2` });
    expect(byName.json().map((v: { displayName: string }) => v.displayName)).toEqual(["a", "b"]);
    const next = await h.call({
      method: "GET",
      path: `${base}&sortBy=DISPLAYNAME&limit=2&page=${byName.headers["opc-next-page"]}`,
    });
    expect(next.json().map((v: { displayName: string }) => v.displayName)).toEqual(["c", "caisson-vcn"]);
    expect(next.headers["opc-next-page"]).toBeUndefined();
    const filtered = await h.call({ method: "GET", path: `${base}&displayName=c` });
    expect(filtered.json()).toHaveLength(1);
  });

  test("update renames with a new etag; a stale if-match is 412", async () => {
    const created = await createVcn({ cidrBlock: "10.3.0.0/16" });
    const path = `/20160918/vcns/${created.json().id}`;
    const updated = await h.call({ method: "PUT", path, body: { displayName: "renamed", freeformTags: { a: "b" } } });
    expect(updated.json()).toMatchObject({
      displayName: "renamed",
      freeformTags: { a: "b" },
      cidrBlock: "10.3.0.0/16",
    });
    expect(updated.headers.etag).not.toBe(created.headers.etag);
    const stale = await h.call({
      method: "PUT",
      path,
      body: { displayName: "x" },
      headers: { "if-match": created.headers.etag as string },
    });
    expect(stale.statusCode).toBe(412);
  });

  test("delete is 409 Conflict while subnets remain, then 204 and TERMINATED, hidden from lists", async () => {
    const refused = await h.call({ method: "DELETE", path: `/20160918/vcns/${h.boot.vcnId}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: "Conflict" });
    expect(refused.json().message).toContain(h.boot.subnetId);

    expect((await h.call({ method: "DELETE", path: `/20160918/subnets/${h.boot.subnetId}` })).statusCode).toBe(204);
    const deleted = await h.call({ method: "DELETE", path: `/20160918/vcns/${h.boot.vcnId}` });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe("");
    const got = await h.call({ method: "GET", path: `/20160918/vcns/${h.boot.vcnId}` });
    expect(got.json().lifecycleState).toBe("TERMINATED");
    const listed = await h.call({ method: "GET", path: `/20160918/vcns?compartmentId=${h.boot.compartmentId}` });
    expect(listed.json()).toEqual([]);
    const terminated = await h.call({
      method: "GET",
      path: `/20160918/vcns?compartmentId=${h.boot.compartmentId}&lifecycleState=TERMINATED`,
    });
    expect(terminated.json().map((v: { id: string }) => v.id)).toEqual([h.boot.vcnId]);
    expect((await h.call({ method: "DELETE", path: `/20160918/vcns/${h.boot.vcnId}` })).statusCode).toBe(204);
  });

  test("a missing VCN is 404 NotAuthorizedOrNotFound", async () => {
    const res = await h.call({ method: "GET", path: "/20160918/vcns/ocid1.vcn.oc1.iad.missing" });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("NotAuthorizedOrNotFound");
  });
});
