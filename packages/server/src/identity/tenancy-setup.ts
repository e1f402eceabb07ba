import { makeOcid, OCID_RESOURCE_TYPES, toRfc3339 } from "@caisson/api";
import { type ApiKey, fingerprintOf, generateApiKey } from "../auth/api-key.js";
import type { CompartmentRow } from "../store/schema.js";
import type { Repositories } from "../store/store.js";

export interface NewTenancy {
  tenancyId: string;
  userId: string;
  apiKey: ApiKey;
}

/**
 * A tenancy with its root compartment (whose OCID is the tenancy's, as in OCI), one user and one API key.
 * The private key is returned once and never stored.
 */
export async function createTenancy(
  repos: Repositories,
  options: { name: string; region: string; userName: string; now: Date; apiKey?: ApiKey },
): Promise<NewTenancy> {
  const now = toRfc3339(options.now);
  const tenancyId = makeOcid(OCID_RESOURCE_TYPES.tenancy, options.region);
  await repos.identity.insertTenancy({
    id: tenancyId,
    name: options.name,
    home_region: options.region,
    time_created: now,
  });
  await repos.identity.insertCompartment(
    compartmentRow({
      id: tenancyId,
      tenancyId,
      parentId: null,
      name: options.name,
      description: "The root compartment",
      now,
    }),
  );
  const user = await createUser(repos, { tenancyId, region: options.region, name: options.userName, now: options.now });
  const apiKey = options.apiKey ?? (await generateApiKey());
  await addApiKey(repos, { tenancyId, userId: user, publicKeyPem: apiKey.publicKeyPem, now: options.now });
  return { tenancyId, userId: user, apiKey };
}

export async function createUser(
  repos: Repositories,
  options: { tenancyId: string; region: string; name: string; now: Date },
): Promise<string> {
  const id = makeOcid(OCID_RESOURCE_TYPES.user, options.region);
  await repos.identity.insertUser({
    id,
    tenancy_id: options.tenancyId,
    name: options.name,
    description: options.name,
    time_created: toRfc3339(options.now),
  });
  return id;
}

/** Registers a public key for a user; returns its fingerprint (the third part of a signature's keyId). */
export async function addApiKey(
  repos: Repositories,
  options: { tenancyId: string; userId: string; publicKeyPem: string; now: Date },
): Promise<string> {
  const fingerprint = fingerprintOf(options.publicKeyPem);
  await repos.identity.insertApiKey({
    tenancy_id: options.tenancyId,
    user_id: options.userId,
    fingerprint,
    public_key_pem: options.publicKeyPem,
    time_created: toRfc3339(options.now),
  });
  return fingerprint;
}

export function compartmentRow(options: {
  id: string;
  tenancyId: string;
  parentId: string | null;
  name: string;
  description: string;
  now: string;
  freeformTags?: Record<string, string>;
  definedTags?: Record<string, Record<string, unknown>>;
}): CompartmentRow {
  return {
    id: options.id,
    tenancy_id: options.tenancyId,
    parent_id: options.parentId,
    name: options.name,
    description: options.description,
    lifecycle_state: "ACTIVE",
    time_created: options.now,
    doc: JSON.stringify({ freeformTags: options.freeformTags ?? {}, definedTags: options.definedTags ?? {} }),
  };
}
