import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const create = async (parent: string, name: string): Promise<string> => {
  const res = await h.call({
    method: "POST",
    path: "/20160918/compartments",
    body: { compartmentId: parent, name, description: name },
  });
  expect(res.statusCode).toBe(200);
  return res.json().id;
};
const remove = (id: string, headers?: Record<string, string>) =>
  h.call({ method: "DELETE", path: `/20160918/compartments/${id}`, ...(headers && { headers }) });

describe("DeleteCompartment", () => {
  test("answers 202 with a work request id; the compartment stays readable as DELETED", async () => {
    const id = await create(h.boot.tenancyId, "dev");
    const res = await remove(id);
    expect(res.statusCode).toBe(202);
    expect(res.headers["opc-work-request-id"]).toMatch(/^ocid1\.identityworkrequest\./);
    expect(res.body).toBe("");
    const got = await h.call({ method: "GET", path: `/20160918/compartments/${id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json().lifecycleState).toBe("DELETED");
  });

  test("deleting again is accepted and changes nothing; the name becomes free for a new sibling", async () => {
    const id = await create(h.boot.tenancyId, "dev");
    expect((await remove(id)).statusCode).toBe(202);
    const before = await h.call({ method: "GET", path: `/20160918/compartments/${id}` });
    expect((await remove(id)).statusCode).toBe(202);
    const after = await h.call({ method: "GET", path: `/20160918/compartments/${id}` });
    expect(after.headers.etag).toBe(before.headers.etag);
    const reborn = await create(h.boot.tenancyId, "dev");
    expect(reborn).not.toBe(id);
  });

  test("a compartment with a live child compartment is 409 Conflict until the child goes", async () => {
    const parent = await create(h.boot.tenancyId, "parent");
    const child = await create(parent, "child");
    const refused = await remove(parent);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: "Conflict" });
    expect(refused.json().message).toContain("1 compartment");
    expect((await remove(child)).statusCode).toBe(202);
    expect((await remove(parent)).statusCode).toBe(202);
  });

  test("a compartment holding a VCN, subnet or container instance is 409 Conflict", async () => {
    const id = await create(h.boot.tenancyId, "apps");
    const vcn = await h.call({
      method: "POST",
      path: "/20160918/vcns",
      body: { compartmentId: id, cidrBlock: "10.1.0.0/16" },
    });
    expect(vcn.statusCode).toBe(200);
    const subnet = await h.call({
      method: "POST",
      path: "/20160918/subnets",
      body: { compartmentId: id, vcnId: h.boot.vcnId, cidrBlock: "10.0.5.0/24" },
    });
    expect(subnet.statusCode).toBe(200);
    const withNetwork = await remove(id);
    expect(withNetwork.statusCode).toBe(409);
    expect(withNetwork.json().message).toContain("1 VCN, 1 subnet");

    const instance = await h.call({
      method: "POST",
      path: "/20210415/containerInstances",
      body: h.createDetails({ compartmentId: id }),
    });
    expect(instance.statusCode).toBe(200);
    const withBoth = await remove(id);
    expect(withBoth.statusCode).toBe(409);
    expect(withBoth.json().message).toContain("1 container instance");
  });

  test("a DELETED compartment refuses new resources", async () => {
    const id = await create(h.boot.tenancyId, "gone");
    await remove(id);
    const child = await h.call({
      method: "POST",
      path: "/20160918/compartments",
      body: { compartmentId: id, name: "x", description: "x" },
    });
    expect(child.statusCode).toBe(404);
    const vcn = await h.call({
      method: "POST",
      path: "/20160918/vcns",
      body: { compartmentId: id, cidrBlock: "10.1.0.0/16" },
    });
    expect(vcn.statusCode).toBe(404);
  });

  test("the root compartment cannot be deleted; a stale if-match is 412", async () => {
    const root = await remove(h.boot.tenancyId);
    expect(root.statusCode).toBe(400);
    expect(root.json().code).toBe("InvalidParameter");
    const id = await create(h.boot.tenancyId, "dev");
    const stale = await remove(id, { "if-match": "0".repeat(32) });
    expect(stale.statusCode).toBe(412);
    expect((await h.call({ method: "GET", path: `/20160918/compartments/${id}` })).json().lifecycleState).toBe(
      "ACTIVE",
    );
  });
});
