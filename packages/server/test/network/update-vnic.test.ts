import * as common from "oci-common";
import * as core from "oci-core";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { listenForOfficialClients } from "../support/official-clients.js";
import { secondTenancy } from "../support/second-tenancy.js";

let h: Harness;
let client: core.VirtualNetworkClient;
let vnicId: string;
let instanceId: string;

beforeEach(async () => {
  h = await startHarness();
  const created = await h.call({
    method: "POST",
    path: "/20210415/containerInstances",
    body: h.createDetails({ displayName: "web" }),
  });
  expect(created.statusCode).toBe(200);
  instanceId = created.json().id;
  await h.engine.drain();
  const instance = await h.call({ method: "GET", path: `/20210415/containerInstances/${instanceId}` });
  expect(instance.json().lifecycleState).toBe("ACTIVE");
  vnicId = instance.json().vnics[0].vnicId;
  const { endpoint, authenticationDetailsProvider, clientConfiguration } = await listenForOfficialClients(h);
  client = new core.VirtualNetworkClient({ authenticationDetailsProvider }, clientConfiguration);
  client.endpoint = endpoint;
});
afterEach(async () => {
  client.close();
  await h.close();
});

describe("UpdateVnic through the official oci-core client", () => {
  test("answers the updated Vnic with a new etag, and GetVnic reports the update", async () => {
    const before = await client.getVnic({ vnicId });
    expect(before.vnic).toMatchObject({ displayName: "web", skipSourceDestCheck: false, nsgIds: [] });

    const updated = await client.updateVnic({
      vnicId,
      ifMatch: before.etag,
      updateVnicDetails: {
        displayName: "web-vnic",
        hostnameLabel: "web1",
        skipSourceDestCheck: true,
        nsgIds: [],
        freeformTags: { team: "edge" },
        definedTags: { ops: { tier: "1" } },
      },
    });
    expect(updated.vnic).toMatchObject({
      id: vnicId,
      displayName: "web-vnic",
      hostnameLabel: "web1",
      skipSourceDestCheck: true,
      nsgIds: [],
      freeformTags: { team: "edge" },
      definedTags: { ops: { tier: "1" } },
      subnetId: h.boot.subnetId,
      lifecycleState: core.models.Vnic.LifecycleState.Available,
      isPrimary: true,
    });
    expect(updated.etag).toBeTruthy();
    expect(updated.etag).not.toBe(before.etag);

    const after = await client.getVnic({ vnicId });
    expect(after.vnic).toEqual(updated.vnic);
    expect(after.etag).toBe(updated.etag);
  });

  test("fields left out keep their value; tags sent replace the previous ones whole", async () => {
    await client.updateVnic({
      vnicId,
      updateVnicDetails: { displayName: "first", freeformTags: { a: "1", b: "2" }, skipSourceDestCheck: true },
    });
    const second = await client.updateVnic({ vnicId, updateVnicDetails: { freeformTags: { c: "3" } } });
    expect(second.vnic).toMatchObject({ displayName: "first", skipSourceDestCheck: true, freeformTags: { c: "3" } });
  });

  test("an update that changes nothing still gives a new etag, so an older etag is stale", async () => {
    const first = await client.updateVnic({ vnicId, updateVnicDetails: { displayName: "same" } });
    const second = await client.updateVnic({ vnicId, updateVnicDetails: { displayName: "same" } });
    expect(second.etag).not.toBe(first.etag);
    const stale = await client
      .updateVnic({ vnicId, ifMatch: first.etag, updateVnicDetails: { displayName: "late" } })
      .catch((error: unknown) => error);
    expect(stale).toMatchObject({ statusCode: 412, serviceCode: "NoEtagMatch" });
  });

  test("a stale if-match is 412 NoEtagMatch and changes nothing", async () => {
    const { etag } = await client.getVnic({ vnicId });
    await client.updateVnic({ vnicId, updateVnicDetails: { displayName: "moved-on" } });
    const error = await client
      .updateVnic({ vnicId, ifMatch: etag, updateVnicDetails: { displayName: "stale" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(common.OciError);
    expect(error).toMatchObject({ statusCode: 412, serviceCode: "NoEtagMatch" });
    expect((await client.getVnic({ vnicId })).vnic.displayName).toBe("moved-on");
  });

  test("a non-empty nsgIds is 400 and says Caisson has no network security groups", async () => {
    const error = await client
      .updateVnic({ vnicId, updateVnicDetails: { nsgIds: ["ocid1.networksecuritygroup.oc1.iad.aaaa"] } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400, serviceCode: "InvalidParameter" });
    expect((error as common.OciError).message).toContain("no network security groups");
    expect((await client.getVnic({ vnicId })).vnic.nsgIds).toEqual([]);
  });

  test("an invalid hostname label is 400", async () => {
    const error = await client
      .updateVnic({ vnicId, updateVnicDetails: { hostnameLabel: "not_a_label" } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400 });
  });

  test("another tenancy's VNIC is 404 NotAuthorizedOrNotFound, exactly like a missing one", async () => {
    const other = await secondTenancy(h);
    const asOther = await h.call(
      { method: "PUT", path: `/20160918/vnics/${vnicId}`, body: { displayName: "mine" } },
      other,
    );
    expect(asOther.statusCode).toBe(404);
    expect(asOther.json().code).toBe("NotAuthorizedOrNotFound");
    const missing = await client
      .updateVnic({ vnicId: "ocid1.vnic.oc1.iad.aaaadoesnotexist", updateVnicDetails: { displayName: "x" } })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ statusCode: 404, serviceCode: "NotAuthorizedOrNotFound" });
    expect((await client.getVnic({ vnicId })).vnic.displayName).toBe("web");
  });

  test("a deleted instance's VNIC is TERMINATED and refuses updates with 409 IncorrectState", async () => {
    const deleted = await h.call({ method: "DELETE", path: `/20210415/containerInstances/${instanceId}` });
    expect(deleted.statusCode).toBe(202);
    await h.engine.drain();
    expect((await client.getVnic({ vnicId })).vnic.lifecycleState).toBe(core.models.Vnic.LifecycleState.Terminated);
    const error = await client
      .updateVnic({ vnicId, updateVnicDetails: { displayName: "late" } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 409, serviceCode: "IncorrectState" });
  });

  test("renaming the instance does not rename its VNIC; only UpdateVnic does", async () => {
    const renamed = await h.call({
      method: "PUT",
      path: `/20210415/containerInstances/${instanceId}`,
      body: { displayName: "web-renamed" },
    });
    expect(renamed.statusCode).toBe(202);
    await h.engine.drain();
    const instance = await h.call({ method: "GET", path: `/20210415/containerInstances/${instanceId}` });
    expect(instance.json().displayName).toBe("web-renamed");
    expect((await client.getVnic({ vnicId })).vnic.displayName).toBe("web");
    await client.updateVnic({ vnicId, updateVnicDetails: { displayName: "web-renamed" } });
    expect((await client.getVnic({ vnicId })).vnic.displayName).toBe("web-renamed");
  });

  test("an instance created without a name names its VNIC after its generated name, kept across renames", async () => {
    const created = await h.call({ method: "POST", path: "/20210415/containerInstances", body: h.createDetails() });
    const generated = created.json().displayName as string;
    expect(generated).toMatch(/^container-instance-\d{14}$/);
    await h.engine.drain();
    await h.call({
      method: "PUT",
      path: `/20210415/containerInstances/${created.json().id}`,
      body: { displayName: "named-later" },
    });
    await h.engine.drain();
    const vnic = await client.getVnic({ vnicId: created.json().vnics[0].vnicId });
    expect(vnic.vnic.displayName).toBe(generated);
  });

  test("purging a deleted instance forgets what UpdateVnic set on its VNIC", async () => {
    await client.updateVnic({ vnicId, updateVnicDetails: { displayName: "kept" } });
    expect(await h.store.network.getVnicUpdate(h.boot.tenancyId, vnicId)).toMatchObject({
      container_instance_id: instanceId,
    });
    await h.call({ method: "DELETE", path: `/20210415/containerInstances/${instanceId}` });
    await h.engine.drain();
    expect(await h.store.instances.purgeExpired("2999-01-01T00:00:00.000Z")).toBe(1);
    expect(await h.store.network.getVnicUpdate(h.boot.tenancyId, vnicId)).toBeUndefined();
    const gone = await client.getVnic({ vnicId }).catch((e: unknown) => e);
    expect(gone).toMatchObject({ statusCode: 404, serviceCode: "NotAuthorizedOrNotFound" });
  });

  test("hostname labels are unique in the subnet, at create and at UpdateVnic, without case", async () => {
    const create = (label: string) =>
      h.call({
        method: "POST",
        path: "/20210415/containerInstances",
        body: h.createDetails({ vnics: [{ subnetId: h.boot.subnetId, hostnameLabel: label }] }),
      });
    const first = await create("api");
    expect(first.statusCode).toBe(200);
    await h.engine.drain();
    const clash = await create("API");
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: "Conflict" });
    expect(clash.json().message).toContain("vnics[0].hostnameLabel");

    const firstVnic = first.json().vnics[0].vnicId as string;
    // Sending the label the VNIC already has, as Terraform does on every update, is no clash.
    const same = await client.updateVnic({ vnicId: firstVnic, updateVnicDetails: { hostnameLabel: "api" } });
    expect(same.vnic.hostnameLabel).toBe("api");
    const taken = await client
      .updateVnic({ vnicId, updateVnicDetails: { hostnameLabel: "Api" } })
      .catch((e: unknown) => e);
    expect(taken).toMatchObject({ statusCode: 409, serviceCode: "Conflict" });

    // Relabelled, the VNIC frees its old label and holds the new one.
    await client.updateVnic({ vnicId: firstVnic, updateVnicDetails: { hostnameLabel: "api2" } });
    expect((await create("api")).statusCode).toBe(200);
    expect((await create("api2")).statusCode).toBe(409);

    // A deleted instance's VNIC holds no label.
    await h.call({ method: "DELETE", path: `/20210415/containerInstances/${first.json().id}` });
    await h.engine.drain();
    expect((await create("api2")).statusCode).toBe(200);
  });

  test("CreateContainerInstance refuses a VNIC with network security groups", async () => {
    const res = await h.call({
      method: "POST",
      path: "/20210415/containerInstances",
      body: h.createDetails({
        vnics: [{ subnetId: h.boot.subnetId, nsgIds: ["ocid1.networksecuritygroup.oc1.iad.a"] }],
      }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain("vnics[0].nsgIds");
  });

  test("CreateContainerInstance refuses a public IP (none can be assigned) and accepts an explicit false", async () => {
    const refused = await h.call({
      method: "POST",
      path: "/20210415/containerInstances",
      body: h.createDetails({ vnics: [{ subnetId: h.boot.subnetId, isPublicIpAssigned: true }] }),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: "InvalidParameter" });
    expect(refused.json().message).toContain("vnics[0].isPublicIpAssigned");
    const accepted = await h.call({
      method: "POST",
      path: "/20210415/containerInstances",
      body: h.createDetails({ vnics: [{ subnetId: h.boot.subnetId, isPublicIpAssigned: false, nsgIds: [] }] }),
    });
    expect(accepted.statusCode).toBe(200);
  });
});
