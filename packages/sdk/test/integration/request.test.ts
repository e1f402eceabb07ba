import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ContainerInstanceClient } from "../../src/client.js";
import type { OciConfig } from "../../src/config/types.js";
import { ServiceError } from "../../src/errors.js";
import { NO_RETRY } from "../../src/retry/strategy.js";
import { privateKeyPkcs8 } from "../helpers/keys.js";
import { type Caisson, rejection, startCaisson } from "./support/caisson.js";

/** client.request() against a real `caisson serve`: Caisson's own API and Identity, signed by the SDK. */
let caisson: Caisson;
/** A second tenancy, created through the admin API by the operator `serve` made. */
let team: { client: ContainerInstanceClient; tenancyId: string };

interface CreatedTenancy {
  tenancy: { id: string };
  user: { id: string };
  apiKey: { fingerprint: string; privateKeyPem: string };
}

function clientFor(config: OciConfig): ContainerInstanceClient {
  return new ContainerInstanceClient(config, { serviceEndpoint: caisson.server.url, retryStrategy: NO_RETRY });
}

beforeAll(async () => {
  caisson = await startCaisson();
  const created = await caisson.client.request<CreatedTenancy>({
    operationName: "adminCreateTenancy",
    method: "POST",
    path: "/_caisson/admin/tenancies",
    body: { name: `sdk-request-team-${Date.now()}` },
    retryStrategy: NO_RETRY,
  });
  expect(created.status).toBe(200);
  const { tenancy, user, apiKey } = created.data;
  team = {
    tenancyId: tenancy.id,
    client: clientFor({
      tenancy: tenancy.id,
      user: user.id,
      fingerprint: apiKey.fingerprint,
      key_content: apiKey.privateKeyPem,
      region: "us-ashburn-1",
    }),
  };
});
afterAll(() => caisson?.stop());

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe("client.request against caisson serve", () => {
  test("reads Identity (availability domains) and Caisson's own limits with the client's signature", async () => {
    const domains = await caisson.client.request<Array<{ name: string }>>({
      operationName: "listAvailabilityDomains",
      method: "GET",
      path: "/20160918/availabilityDomains",
      query: { compartmentId: caisson.server.info.tenancyId },
    });
    expect(domains.data.map((d) => d.name)).toContain(caisson.availabilityDomain);
    expect(domains.requestId).toBeTruthy();
    const limits = await team.client.request<{ items: Array<{ name: string; value: number }> }>({
      method: "GET",
      path: "/_caisson/limits",
    });
    expect(limits.data.items.length).toBeGreaterThan(0);
    expect(limits.data.items.every((l) => typeof l.value === "number")).toBe(true);
  });

  test("a create with retryToken answers the same compartment when its token is sent again", async () => {
    const token = `sdk-request-${Date.now()}`;
    const create = () =>
      caisson.client.request<{ id: string; name: string }>({
        operationName: "createCompartment",
        method: "POST",
        path: "/20160918/compartments",
        headers: { "opc-retry-token": token },
        retryToken: true,
        body: { compartmentId: caisson.server.info.tenancyId, name: token, description: "client.request test" },
      });
    const first = await create();
    const again = await create();
    expect(again.data.id).toBe(first.data.id);
    expect(first.data.name).toBe(token);
  });

  test("an empty answer resolves with data undefined (DeleteCompartment: 202 or 204, no body)", async () => {
    const created = await team.client.request<{ id: string }>({
      method: "POST",
      path: "/20160918/compartments",
      body: { compartmentId: team.tenancyId, name: `gone-${Date.now()}`, description: "deleted at once" },
    });
    const deleted = await team.client.request({
      operationName: "deleteCompartment",
      method: "DELETE",
      path: `/20160918/compartments/${encodeURIComponent(created.data.id)}`,
    });
    expect(deleted.status).toBeGreaterThanOrEqual(200);
    expect(deleted.status).toBeLessThan(300);
    expect(deleted.data).toBeUndefined();
  });

  test("attack: a team's client is refused the admin API and another tenancy's things as if they did not exist", async () => {
    const admin = await refusal(team.client.request({ method: "GET", path: "/_caisson/admin/tenancies" }));
    expect(admin).toMatchObject({ status: 404, code: "NotAuthorizedOrNotFound", attempts: 1 });
    expect(admin.opcRequestId).toBeTruthy();
    const foreignLimits = await refusal(
      team.client.request({
        method: "GET",
        path: `/_caisson/admin/tenancies/${encodeURIComponent(caisson.server.info.tenancyId)}/limits`,
      }),
    );
    expect(foreignLimits).toMatchObject({ status: 404, code: "NotAuthorizedOrNotFound" });
    const foreignCompartment = await refusal(
      team.client.request({
        method: "GET",
        path: `/20160918/compartments/${encodeURIComponent(caisson.compartmentId)}`,
      }),
    );
    expect(foreignCompartment).toMatchObject({ status: 404, code: "NotAuthorizedOrNotFound" });
  });

  test("attack: a key the server never registered is NotAuthenticated (401), sent once", async () => {
    const client = clientFor({
      tenancy: team.tenancyId,
      user: "ocid1.user.oc1..aaaanotauser",
      fingerprint: "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff",
      // A committed test-only key: public knowledge, and never registered with this server.
      key_content: privateKeyPkcs8,
      region: "us-ashburn-1",
    });
    const error = await refusal(client.request({ method: "GET", path: "/_caisson/limits" }));
    expect(error).toMatchObject({ status: 401, code: "NotAuthenticated", attempts: 1 });
  });
});
