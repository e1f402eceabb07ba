import { createTenancy } from "../../src/identity/tenancy-setup.js";
import type { Harness } from "./harness.js";
import { REGION } from "./harness.js";
import type { Caller } from "./signed-inject.js";

/** Another tenancy in the same store, and a caller signed as its user: for isolation tests. */
export async function secondTenancy(h: Harness, name = "other"): Promise<Caller> {
  const tenancy = await h.store.transaction((repos) =>
    createTenancy(repos, { name, region: REGION, userName: `${name}-admin`, now: new Date() }),
  );
  return {
    tenancyId: tenancy.tenancyId,
    userId: tenancy.userId,
    fingerprint: tenancy.apiKey.fingerprint,
    privateKeyPem: tenancy.apiKey.privateKeyPem,
  };
}
