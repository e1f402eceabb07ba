import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

async function launchInstance(vnic: Record<string, unknown> = {}): Promise<{ id: string; vnicId: string }> {
  const res = await h.call({
    method: "POST",
    path: "/20210415/containerInstances",
    body: h.createDetails({ vnics: [{ subnetId: h.boot.subnetId, ...vnic }] }),
  });
  expect(res.statusCode).toBe(200);
  await h.engine.drain();
  return { id: res.json().id, vnicId: res.json().vnics[0].vnicId };
}

describe("subnets used by container instances", () => {
  test("DeleteSubnet is 409 Conflict naming the instance, and succeeds once the instance is DELETED", async () => {
    const instance = await launchInstance();
    const refused = await h.call({ method: "DELETE", path: `/20160918/subnets/${h.boot.subnetId}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("Conflict");
    expect(refused.json().message).toContain(instance.id);

    expect((await h.call({ method: "DELETE", path: `/20210415/containerInstances/${instance.id}` })).statusCode).toBe(
      202,
    );
    await h.engine.drain();
    const state = await h.call({ method: "GET", path: `/20210415/containerInstances/${instance.id}` });
    expect(state.json().lifecycleState).toBe("DELETED");
    expect((await h.call({ method: "DELETE", path: `/20160918/subnets/${h.boot.subnetId}` })).statusCode).toBe(204);
  });

  test("an instance in another subnet of the same VCN does not block deletion", async () => {
    const spare = await h.call({
      method: "POST",
      path: "/20160918/subnets",
      body: { compartmentId: h.boot.compartmentId, vcnId: h.boot.vcnId, cidrBlock: "10.0.9.0/24" },
    });
    await launchInstance();
    expect((await h.call({ method: "DELETE", path: `/20160918/subnets/${spare.json().id}` })).statusCode).toBe(204);
  });
});

describe("GetVnic", () => {
  test("describes the instance's VNIC with a stable private IP inside the subnet", async () => {
    const instance = await launchInstance({ hostnameLabel: "web" });
    const res = await h.call({ method: "GET", path: `/20160918/vnics/${instance.vnicId}` });
    expect(res.statusCode).toBe(200);
    const vnic = res.json();
    expect(vnic).toMatchObject({
      id: instance.vnicId,
      availabilityDomain: h.ad,
      compartmentId: h.boot.compartmentId,
      subnetId: h.boot.subnetId,
      hostnameLabel: "web",
      isPrimary: true,
      lifecycleState: "AVAILABLE",
    });
    expect(vnic.privateIp).toMatch(/^10\.0\.0\.(\d+)$/);
    expect(Number(vnic.privateIp.split(".")[3])).toBeGreaterThanOrEqual(2);
    expect(Date.parse(vnic.timeCreated)).not.toBeNaN();
    const again = await h.call({ method: "GET", path: `/20160918/vnics/${instance.vnicId}` });
    expect(again.json().privateIp).toBe(vnic.privateIp);
  });

  test("a requested private IP is reported as given; a deleted instance's VNIC is TERMINATED", async () => {
    const instance = await launchInstance({ privateIp: "10.0.0.77" });
    const before = await h.call({ method: "GET", path: `/20160918/vnics/${instance.vnicId}` });
    expect(before.json().privateIp).toBe("10.0.0.77");
    await h.call({ method: "DELETE", path: `/20210415/containerInstances/${instance.id}` });
    await h.engine.drain();
    const after = await h.call({ method: "GET", path: `/20160918/vnics/${instance.vnicId}` });
    expect(after.json().lifecycleState).toBe("TERMINATED");
  });

  test("an unknown VNIC is 404 NotAuthorizedOrNotFound", async () => {
    const res = await h.call({ method: "GET", path: "/20160918/vnics/ocid1.vnic.oc1.iad.missing" });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("NotAuthorizedOrNotFound");
  });
});
