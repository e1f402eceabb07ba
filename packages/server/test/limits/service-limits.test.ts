import * as common from "oci-common";
import * as ci from "oci-containerinstances";
import { afterEach, describe, expect, test } from "vitest";
import { DIALECTS } from "../support/dialects.js";
import { type Harness, startHarness } from "../support/harness.js";
import { listenForOfficialClients } from "../support/official-clients.js";
import { secondTenancy } from "../support/second-tenancy.js";

const A = "/_caisson/admin";
const exceeded = (names: string) =>
  `The following service limits were exceeded: ${names}. ` +
  "Request a service limit increase from the service limits page in the console.";

/** Service limits count rows with dialect-specific JSON: the same behaviour on every store. */
describe.each(DIALECTS)("service limits on $name", (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  const create = (overrides: Record<string, unknown> = {}) =>
    h.call({ method: "POST", path: "/20210415/containerInstances", body: h.createDetails(overrides) });
  const setLimit = (name: string, value: number, tenancyId = h.boot.tenancyId) =>
    h.call({ method: "PUT", path: `${A}/tenancies/${tenancyId}/limits/${name}`, body: { value } });

  test("the defaults are finite: a tenancy cannot take more OCPUs than ocpu-count, with no operator action", async () => {
    h = await startHarness({ store: await dialect.open() });
    const big = { shapeConfig: { ocpus: 64, memoryInGBs: 64 } };
    for (let i = 0; i < 3; i++) expect((await create(big)).statusCode).toBe(200);
    const refused = await create(big);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({ code: "LimitExceeded", message: exceeded("ocpu-count") });

    const own = await h.call({ method: "GET", path: "/_caisson/limits" });
    expect(own.statusCode).toBe(200);
    const ocpu = own.json().items.find((l: { name: string }) => l.name === "ocpu-count");
    expect(ocpu).toMatchObject({ value: 200, isDefault: true, defaultValue: 200, scopeType: "AD" });
    expect(ocpu.availabilityDomains[0]).toEqual({ availabilityDomain: h.ad, used: 192, available: 8 });
    expect(own.json().items.map((l: { name: string; value: number }) => [l.name, l.value])).toEqual([
      ["container-instance-count", 100],
      ["ocpu-count", 200],
      ["memory-gb", 3200],
    ]);
  });

  test("container-instance-count is per availability domain, and room returns when an instance is deleted", async () => {
    h = await startHarness({ store: await dialect.open() });
    const set = await setLimit("container-instance-count", 2);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ name: "container-instance-count", value: 2, isDefault: false });

    const first = await create();
    expect((await create()).statusCode).toBe(200);
    const third = await create();
    expect(third.statusCode).toBe(400);
    expect(third.json()).toEqual({ code: "LimitExceeded", message: exceeded("container-instance-count") });

    const ads = (
      await h.call({ method: "GET", path: `/20160918/availabilityDomains?compartmentId=${h.boot.tenancyId}` })
    )
      .json()
      .map((ad: { name: string }) => ad.name);
    expect((await create({ availabilityDomain: ads[1] })).statusCode).toBe(200);

    await h.engine.drain();
    const deleted = await h.call({ method: "DELETE", path: `/20210415/containerInstances/${first.json().id}` });
    expect(deleted.statusCode).toBe(202);
    await h.engine.drain();
    expect((await create()).statusCode).toBe(200);
  });

  test("ocpu-count and memory-gb add up the shapes; every exceeded limit is named", async () => {
    h = await startHarness({ store: await dialect.open() });
    expect((await setLimit("ocpu-count", 3)).statusCode).toBe(200);
    expect((await setLimit("memory-gb", 10)).statusCode).toBe(200);
    expect((await create({ shapeConfig: { ocpus: 2, memoryInGBs: 8 } })).statusCode).toBe(200);
    const both = await create({ shapeConfig: { ocpus: 2, memoryInGBs: 8 } });
    expect(both.json()).toEqual({ code: "LimitExceeded", message: exceeded("ocpu-count, memory-gb") });
    const memory = await create({ shapeConfig: { ocpus: 1, memoryInGBs: 4 } });
    expect(memory.json()).toEqual({ code: "LimitExceeded", message: exceeded("memory-gb") });
    expect((await create({ shapeConfig: { ocpus: 1, memoryInGBs: 2 } })).statusCode).toBe(200);
  });

  test("concurrent creates cannot both take the last room", async () => {
    h = await startHarness({ store: await dialect.open() });
    expect((await setLimit("container-instance-count", 3)).statusCode).toBe(200);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => create({ displayName: `race-${i}` })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 400, 400, 400, 400, 400]);
    const listed = await h.call({
      method: "GET",
      path: `/20210415/containerInstances?compartmentId=${h.boot.compartmentId}`,
    });
    expect(listed.json().items).toHaveLength(3);
  });

  test("limits are per tenancy, and only the operator sets them", async () => {
    h = await startHarness({ store: await dialect.open() });
    const team = await secondTenancy(h);
    expect((await setLimit("container-instance-count", 0, team.tenancyId)).statusCode).toBe(200);
    expect((await create()).statusCode).toBe(200);

    const byTeam = await h.call(
      { method: "PUT", path: `${A}/tenancies/${team.tenancyId}/limits/container-instance-count`, body: { value: 50 } },
      team,
    );
    expect(byTeam.statusCode).toBe(404);
    expect(byTeam.json().code).toBe("NotAuthorizedOrNotFound");

    const own = await h.call({ method: "GET", path: "/_caisson/limits" }, team);
    expect(own.json().items[0]).toMatchObject({ name: "container-instance-count", value: 0, isDefault: false });
    const listed = await h.call({ method: "GET", path: `${A}/tenancies/${team.tenancyId}/limits` });
    expect(listed.json().items[0]).toMatchObject({ name: "container-instance-count", value: 0 });

    const unknown = await setLimit("gpu-count", 1);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain("container-instance-count, ocpu-count, memory-gb");
    expect((await setLimit("ocpu-count", -1)).statusCode).toBe(400);
  });
});

test("by default a tenancy holds at most 100 instances per availability domain", async () => {
  const h = await startHarness();
  try {
    const body = h.createDetails({ containers: [{ imageUrl: "busybox" }] });
    for (let i = 0; i < 100; i++) {
      const answer = await h.call({ method: "POST", path: "/20210415/containerInstances", body });
      expect(answer.statusCode).toBe(200);
    }
    const refused = await h.call({ method: "POST", path: "/20210415/containerInstances", body });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({ code: "LimitExceeded", message: exceeded("container-instance-count") });
  } finally {
    await h.close();
  }
});

test("the official oci-containerinstances client sees 400 LimitExceeded", async () => {
  const h = await startHarness();
  try {
    const set = await h.call({
      method: "PUT",
      path: `${A}/tenancies/${h.boot.tenancyId}/limits/container-instance-count`,
      body: { value: 1 },
    });
    expect(set.statusCode).toBe(200);
    const official = await listenForOfficialClients(h);
    const client = new ci.ContainerInstanceClient(
      { authenticationDetailsProvider: official.authenticationDetailsProvider },
      official.clientConfiguration,
    );
    client.endpoint = official.endpoint;
    const details = h.createDetails() as unknown as ci.models.CreateContainerInstanceDetails;
    try {
      await client.createContainerInstance({ createContainerInstanceDetails: details });
      const error = await client
        .createContainerInstance({ createContainerInstanceDetails: details })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(common.OciError);
      expect(error).toMatchObject({
        statusCode: 400,
        serviceCode: "LimitExceeded",
        message: exceeded("container-instance-count"),
      });
    } finally {
      client.close();
    }
  } finally {
    await h.close();
  }
});
