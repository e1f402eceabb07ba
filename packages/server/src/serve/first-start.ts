import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeOciConfig } from "../auth/oci-config-file.js";
import { bootstrapTenancy } from "../bootstrap.js";
import type { Clock } from "../clock.js";
import { availabilityDomains } from "../identity/availability-domains.js";
import type { Store } from "../store/store.js";

/** What `serve` prints and what the CLI reads for its defaults; kept in `<data-dir>/bootstrap.json`. */
export interface BootstrapInfo {
  tenancyId: string;
  userId: string;
  fingerprint: string;
  compartmentId: string;
  /** The tenancy's first availability domain, for clients that want a default. */
  availabilityDomain: string;
  vcnId: string;
  subnetId: string;
  region: string;
  configFile: string;
  keyFile: string;
}

const INFO_FILE = "bootstrap.json";

/**
 * The first start in an empty data directory creates a tenancy, a user, an API key, a VCN and a subnet, and
 * writes an OCI config file (profile DEFAULT) and the key beside it. Later starts reuse them.
 */
export async function ensureBootstrapped(
  store: Store,
  options: { dataDir: string; region: string; clock: Clock },
): Promise<{ info: BootstrapInfo; created: boolean }> {
  const existing = await readInfo(options.dataDir);
  if (existing && (await store.identity.getTenancy(existing.tenancyId))) return { info: existing, created: false };

  const boot = await bootstrapTenancy(store, { region: options.region, now: options.clock.now() });
  const written = await writeOciConfig(
    options.dataDir,
    {
      profile: "DEFAULT",
      user: boot.userId,
      fingerprint: boot.apiKey.fingerprint,
      tenancy: boot.tenancyId,
      region: options.region,
    },
    boot.apiKey.privateKeyPem,
  );
  const info: BootstrapInfo = {
    tenancyId: boot.tenancyId,
    userId: boot.userId,
    fingerprint: boot.apiKey.fingerprint,
    compartmentId: boot.compartmentId,
    availabilityDomain: availabilityDomains(boot.tenancyId, options.region)[0]!,
    vcnId: boot.vcnId,
    subnetId: boot.subnetId,
    region: options.region,
    configFile: written.configPath,
    keyFile: written.keyFilePath,
  };
  await writeFile(join(options.dataDir, INFO_FILE), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  return { info, created: true };
}

export async function readInfo(dataDir: string): Promise<BootstrapInfo | undefined> {
  try {
    return JSON.parse(await readFile(join(dataDir, INFO_FILE), "utf8")) as BootstrapInfo;
  } catch {
    return undefined;
  }
}
