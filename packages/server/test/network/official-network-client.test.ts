import * as common from "oci-common";
import * as core from "oci-core";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { listenForOfficialClients } from "../support/official-clients.js";

let h: Harness;
let client: core.VirtualNetworkClient;
beforeEach(async () => {
  h = await startHarness();
  const { endpoint, authenticationDetailsProvider, clientConfiguration } = await listenForOfficialClients(h);
  client = new core.VirtualNetworkClient({ authenticationDetailsProvider }, clientConfiguration);
  client.endpoint = endpoint;
});
afterEach(async () => {
  client.close();
  await h.close();
});

describe("the official oci-core VirtualNetworkClient", () => {
  test("creates, reads, lists, updates and deletes a VCN and its subnet", async () => {
    const vcn = await client.createVcn({
      createVcnDetails: {
        compartmentId: h.boot.compartmentId,
        cidrBlocks: ["192.168.0.0/16"],
        displayName: "sdk",
        dnsLabel: "sdk",
      },
    });
    expect(vcn.vcn.lifecycleState).toBe(core.models.Vcn.LifecycleState.Available);
    expect(vcn.etag).toBeTruthy();
    const subnet = await client.createSubnet({
      createSubnetDetails: {
        compartmentId: h.boot.compartmentId,
        vcnId: vcn.vcn.id,
        cidrBlock: "192.168.1.0/24",
        dnsLabel: "app",
      },
    });
    expect(subnet.subnet).toMatchObject({
      vcnId: vcn.vcn.id,
      cidrBlock: "192.168.1.0/24",
      virtualRouterIp: "192.168.1.1",
    });
    expect(Date.parse(String(subnet.subnet.timeCreated))).not.toBeNaN();

    const got = await client.getSubnet({ subnetId: subnet.subnet.id });
    expect(got.subnet.subnetDomainName).toBe("app.sdk.oraclevcn.com");
    const vcns = await client.listVcns({
      compartmentId: h.boot.compartmentId,
      sortBy: core.requests.ListVcnsRequest.SortBy.Displayname,
    });
    expect(vcns.items.map((v) => v.displayName)).toEqual(["caisson-vcn", "sdk"]);
    const subnets = await client.listSubnets({ compartmentId: h.boot.compartmentId, vcnId: vcn.vcn.id });
    expect(subnets.items.map((s) => s.id)).toEqual([subnet.subnet.id]);

    const renamed = await client.updateVcn({
      vcnId: vcn.vcn.id,
      updateVcnDetails: { displayName: "sdk2" },
      ifMatch: vcn.etag,
    });
    expect(renamed.vcn.displayName).toBe("sdk2");

    await client.deleteSubnet({ subnetId: subnet.subnet.id });
    await client.deleteVcn({ vcnId: vcn.vcn.id });
    const gone = await client.getVcn({ vcnId: vcn.vcn.id });
    expect(gone.vcn.lifecycleState).toBe(core.models.Vcn.LifecycleState.Terminated);
  });

  test("the SDK's waiter sees a deleted subnet reach TERMINATED", async () => {
    const subnet = await client.createSubnet({
      createSubnetDetails: { compartmentId: h.boot.compartmentId, vcnId: h.boot.vcnId, cidrBlock: "10.0.6.0/24" },
    });
    await client.deleteSubnet({ subnetId: subnet.subnet.id });
    // createWaiters wants a work-request client (from oci-workrequests, not a dependency here); forSubnet
    // polls GetSubnet only and never touches it.
    const unusedWorkRequests = {} as Parameters<typeof client.createWaiters>[0];
    const waiters = client.createWaiters(unusedWorkRequests, {
      terminationStrategy: new common.MaxAttemptsTerminationStrategy(2),
      delayStrategy: new common.FixedTimeDelayStrategy(0),
    });
    const done = await waiters.forSubnet({ subnetId: subnet.subnet.id }, core.models.Subnet.LifecycleState.Terminated);
    expect(done?.subnet.lifecycleState).toBe(core.models.Subnet.LifecycleState.Terminated);
  });

  test("errors surface as OciError with the status and service code", async () => {
    const conflict = await client.deleteVcn({ vcnId: h.boot.vcnId }).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(common.OciError);
    expect(conflict).toMatchObject({ statusCode: 409, serviceCode: "Conflict" });

    const overlap = await client
      .createSubnet({
        createSubnetDetails: { compartmentId: h.boot.compartmentId, vcnId: h.boot.vcnId, cidrBlock: "10.0.0.0/25" },
      })
      .catch((error: unknown) => error);
    expect(overlap).toMatchObject({ statusCode: 400, serviceCode: "InvalidParameter" });

    const missing = await client
      .getSubnet({ subnetId: "ocid1.subnet.oc1.iad.missing" })
      .catch((error: unknown) => error);
    expect(missing).toMatchObject({ statusCode: 404, serviceCode: "NotAuthorizedOrNotFound" });
  });
});
