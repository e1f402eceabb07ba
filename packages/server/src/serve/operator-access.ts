import { createPublicKey } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type ApiKey, fingerprintOf, generateApiKey } from "../auth/api-key.js";
import { KEY_FILE_NAME } from "../auth/oci-config-file.js";
import type { Clock } from "../clock.js";
import { addApiKey, createUser } from "../identity/tenancy-setup.js";
import type { Store } from "../store/store.js";

export interface OperatorAccess {
  userId: string;
  apiKey: ApiKey;
  compartmentId: string;
  vcnId?: string;
  subnetId?: string;
}

/** The fingerprint of the private key in `keyFile`, or undefined when it is missing or unreadable. */
export async function operatorKeyFingerprint(keyFile: string): Promise<string | undefined> {
  const key = await readKey(keyFile);
  return key?.fingerprint;
}

/**
 * The store has an operator tenancy but the data directory's files no longer let anyone in as it (bootstrap.json
 * lost or empty after a full disk, a crash during the first start, a deleted key). Whoever can start Caisson on
 * this data directory owns it (see the threat model), so the operator's access is rebuilt from the store: the
 * key file is kept when it is still registered, otherwise a new key is registered for the operator's admin user.
 */
export async function recoverOperatorAccess(
  store: Store,
  options: { dataDir: string; tenancyId: string; region: string; clock: Clock },
): Promise<OperatorAccess> {
  const { tenancyId } = options;
  const network = await defaultNetwork(store, tenancyId);
  const kept = await readKey(join(options.dataDir, KEY_FILE_NAME));
  if (kept) {
    for (const user of await store.identity.listUsers(tenancyId)) {
      if (await store.identity.findApiKey(tenancyId, user.id, kept.fingerprint)) {
        return { userId: user.id, apiKey: kept, compartmentId: tenancyId, ...network };
      }
    }
  }
  const apiKey = await generateApiKey();
  const userId = await store.transaction(async (repos) => {
    const users = await repos.identity.listUsers(tenancyId);
    const admin = users.find((u) => u.name === "admin") ?? users[0];
    const id =
      admin?.id ??
      (await createUser(repos, { tenancyId, region: options.region, name: "admin", now: options.clock.now() }));
    await addApiKey(repos, { tenancyId, userId: id, publicKeyPem: apiKey.publicKeyPem, now: options.clock.now() });
    return id;
  });
  return { userId, apiKey, compartmentId: tenancyId, ...network };
}

async function readKey(path: string): Promise<ApiKey | undefined> {
  try {
    const privateKeyPem = await readFile(path, "utf8");
    const publicKeyPem = createPublicKey(privateKeyPem).export({ type: "spki", format: "pem" }).toString();
    return { privateKeyPem, publicKeyPem, fingerprint: fingerprintOf(publicKeyPem) };
  } catch {
    return undefined;
  }
}

/** The subnet a first start created (the oldest in the root compartment), for bootstrap.json's defaults. */
async function defaultNetwork(store: Store, tenancyId: string): Promise<{ vcnId?: string; subnetId?: string }> {
  const page = await store.network.listSubnetsPage(
    { tenancyId, compartmentId: tenancyId },
    { sortBy: "TIMECREATED", order: "ASC", limit: 1 },
  );
  const subnet = page.items[0];
  return subnet ? { vcnId: subnet.vcn_id, subnetId: subnet.id } : {};
}
