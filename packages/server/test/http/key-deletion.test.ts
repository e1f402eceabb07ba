import { afterEach, expect, test } from "vitest";
import { expectError } from "../operations/helpers.js";
import { type Harness, startHarness } from "../support/harness.js";
import { ManualClock } from "../support/manual-clock.js";
import type { Caller } from "../support/signed-inject.js";

let h: Harness;
afterEach(() => h.close());

test("a deleted API key stops working at once, even though lookups of keys are cached", async () => {
  // The clock stands still: nothing may depend on a cache entry running out.
  h = await startHarness({ clock: new ManualClock() });
  const created = await h.call({ method: "POST", path: "/_caisson/admin/tenancies", body: { name: "team" } });
  expect(created.statusCode, created.body).toBe(200);
  const body = created.json();
  const team: Caller = {
    tenancyId: body.tenancy.id,
    userId: body.user.id,
    fingerprint: body.apiKey.fingerprint,
    privateKeyPem: body.apiKey.privateKeyPem,
  };
  const listSubnets = () => h.call({ method: "GET", path: `/20160918/subnets?compartmentId=${team.tenancyId}` }, team);
  // Twice: the second is served from the key cache.
  expect((await listSubnets()).statusCode).toBe(200);
  expect((await listSubnets()).statusCode).toBe(200);

  const deleted = await h.call({
    method: "DELETE",
    path: `/_caisson/admin/users/${team.userId}/apiKeys/${encodeURIComponent(team.fingerprint)}`,
  });
  expect(deleted.statusCode, deleted.body).toBe(204);
  expectError(await listSubnets(), 401, "NotAuthenticated", /unknown key id/);
});
