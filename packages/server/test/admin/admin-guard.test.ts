import { afterEach, beforeEach, expect, test } from "vitest";
import { ADMIN_OPERATIONS } from "../../src/admin/wire-contract.js";
import { type Harness, startHarness } from "../support/harness.js";
import { secondTenancy } from "../support/second-tenancy.js";

// The operator check is declared once, as the admin group's guard: this proves it covers every operation of the
// admin table, including any added later (a new entry without a sample below fails the first assertion).

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

/** A well-formed call of each admin operation. */
function sampleCalls(target: { tenancyId: string; userId: string; fingerprint: string }) {
  const fill = (path: string) =>
    path
      .replace("{tenancyId}", target.tenancyId)
      .replace("{userId}", target.userId)
      .replace("{limitName}", "container-instance-count")
      .replace("{fingerprint}", encodeURIComponent(target.fingerprint));
  const bodies: Record<keyof typeof ADMIN_OPERATIONS, object | undefined> = {
    AdminListTenancies: undefined,
    AdminCreateTenancy: { name: "sneaky" },
    AdminGetTenancy: undefined,
    AdminListUsers: undefined,
    AdminCreateUser: { name: "sneaky-user" },
    AdminListServiceLimits: undefined,
    AdminSetServiceLimit: { value: 1000 },
    AdminListApiKeys: undefined,
    AdminUploadApiKey: {},
    AdminDeleteApiKey: undefined,
  };
  return Object.values(ADMIN_OPERATIONS).map((op) => ({
    name: op.name,
    method: op.method,
    path: fill(op.path),
    ...(bodies[op.name] !== undefined && { body: bodies[op.name] }),
  }));
}

test("every admin operation refuses another tenancy's user with 404 NotAuthorizedOrNotFound and changes nothing", async () => {
  const other = await secondTenancy(h);
  const before = await h.call({ method: "GET", path: `/_caisson/admin/tenancies/${h.boot.tenancyId}/limits` });
  const keysBefore = await h.store.identity.listApiKeys(h.boot.userId);
  const calls = sampleCalls({
    tenancyId: h.boot.tenancyId,
    userId: h.boot.userId,
    fingerprint: h.boot.apiKey.fingerprint,
  });
  expect(calls.map((c) => c.name).sort()).toEqual(Object.keys(ADMIN_OPERATIONS).sort());
  for (const call of calls) {
    const res = await h.call(call, other);
    expect(res.statusCode, `${call.name}: ${res.body}`).toBe(404);
    expect(res.json().code).toBe("NotAuthorizedOrNotFound");
    // The message names the route's template, never whether the tenancy or user asked about exists.
    expect(res.json().message).not.toContain(h.boot.tenancyId);
  }
  const tenancies = await h.store.identity.listTenancies();
  expect(tenancies.map((t) => t.name)).not.toContain("sneaky");
  expect((await h.store.identity.listUsers(h.boot.tenancyId)).map((u) => u.name)).not.toContain("sneaky-user");
  expect(await h.store.identity.listApiKeys(h.boot.userId)).toEqual(keysBefore);
  const after = await h.call({ method: "GET", path: `/_caisson/admin/tenancies/${h.boot.tenancyId}/limits` });
  expect(after.json()).toEqual(before.json());
});

test("the same well-formed calls pass the guard for the operator", async () => {
  const other = await secondTenancy(h, "target");
  for (const call of sampleCalls(other)) {
    if (call.name === "AdminDeleteApiKey") continue; // would delete the key; its success is tested in admin-api
    const res = await h.call(call);
    expect([200, 204], `${call.name}: ${res.body}`).toContain(res.statusCode);
  }
});

test("a malformed call from another tenancy is refused by the guard before validation: 404, never a 400 naming fields", async () => {
  const other = await secondTenancy(h);
  const longId = "x".repeat(300);
  const calls = sampleCalls({ tenancyId: longId, userId: longId, fingerprint: longId });
  for (const call of calls) {
    // Path ids past their bound, and on every operation that takes a body, one that is not even JSON.
    const malformed = { ...call, ...(call.body !== undefined && { body: "{not json" }) };
    const res = await h.call(malformed, other);
    expect(res.statusCode, `${call.name}: ${res.body}`).toBe(404);
    expect(res.json().code).toBe("NotAuthorizedOrNotFound");
  }
  // The operator still gets the validation error for the same malformed body.
  const create = calls.find((c) => c.name === "AdminCreateTenancy")!;
  const res = await h.call({ ...create, body: "{not json" });
  expect(res.statusCode).toBe(400);
});
