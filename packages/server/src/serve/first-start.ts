import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ApiKey } from "../auth/api-key.js";
import { writeOciConfig } from "../auth/oci-config-file.js";
import { bootstrapTenancy } from "../bootstrap.js";
import type { Clock } from "../clock.js";
import { writeFileDurably } from "../files/durable-file.js";
import { availabilityDomains } from "../identity/availability-domains.js";
import type { Store } from "../store/store.js";
import { BOOTSTRAP_FILE, refuseToReplaceEarlierStart, UnknownOperatorError } from "./data-dir-guard.js";
import { operatorKeyFingerprint, recoverOperatorAccess } from "./operator-access.js";

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

/** How a start found the store: created now, as it was, or with the operator's files rewritten. */
export type BootstrapOutcome = "created" | "existing" | "repaired";

/**
 * The first start in an empty data directory creates a tenancy (marked as the operator's), a user, an API key, a
 * VCN and a subnet, and writes an OCI config file (profile DEFAULT), the key and bootstrap.json beside it, each
 * atomically. Later starts reuse them. A store whose files are missing or damaged (a crash during the first
 * start, a full disk, a deleted file) gets them rewritten from the store, never a second tenancy; an empty store
 * beside files of an earlier start is refused (see data-dir-guard.ts).
 */
export async function ensureBootstrapped(
  store: Store,
  options: { dataDir: string; region: string; clock: Clock; startOver?: boolean; ephemeralStore?: boolean },
): Promise<{ info: BootstrapInfo; created: boolean; outcome: BootstrapOutcome }> {
  const existing = await readInfo(options.dataDir);
  let operator = await store.identity.getOperatorTenancy();
  if (!operator && existing && (await store.identity.getTenancy(existing.tenancyId))) {
    // A store from before the operator was marked: bootstrap.json names the tenancy this data directory created.
    await store.identity.markOperator(existing.tenancyId);
    operator = await store.identity.getOperatorTenancy();
  }
  if (operator) {
    if (existing?.tenancyId === operator.id && (await keyStillValid(store, existing))) {
      return { info: existing, created: false, outcome: "existing" };
    }
    const access = await recoverOperatorAccess(store, { ...options, tenancyId: operator.id });
    const info = await writeFiles(options, { ...access, tenancyId: operator.id });
    return { info, created: false, outcome: "repaired" };
  }
  if ((await store.identity.listTenancies()).length > 0) {
    throw new UnknownOperatorError(
      `The database (${store.location}) holds tenancies but none is marked as the operator's, and ${join(options.dataDir, BOOTSTRAP_FILE)} ` +
        "does not name one of them. Restore bootstrap.json from a backup of the data directory.",
    );
  }
  // An in-memory store is new at every start by design; its data directory's files are meant to be replaced.
  await refuseToReplaceEarlierStart(options.dataDir, store.location, {
    startOver: options.ephemeralStore === true || options.startOver === true,
  });

  const boot = await bootstrapTenancy(store, { region: options.region, now: options.clock.now() });
  const info = await writeFiles(options, { ...boot, apiKey: boot.apiKey });
  return { info, created: true, outcome: "created" };
}

/** Reads `dir/bootstrap.json`; `undefined` when it is missing or is not one. */
export async function readInfo(dataDir: string): Promise<BootstrapInfo | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, BOOTSTRAP_FILE), "utf8")) as Partial<BootstrapInfo>;
    return typeof parsed?.tenancyId === "string" && typeof parsed.fingerprint === "string"
      ? (parsed as BootstrapInfo)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The files still let the operator in: the config names the key bootstrap.json names, the key file holds it, and
 * the store still has it registered.
 */
async function keyStillValid(store: Store, info: BootstrapInfo): Promise<boolean> {
  const config = await readFile(info.configFile, "utf8").catch(() => "");
  if (!config.includes(`fingerprint=${info.fingerprint}\n`)) return false;
  const fingerprint = await operatorKeyFingerprint(info.keyFile);
  if (fingerprint !== info.fingerprint) return false;
  return (await store.identity.findApiKey(info.tenancyId, info.userId, fingerprint)) !== undefined;
}

async function writeFiles(
  options: { dataDir: string; region: string },
  access: {
    tenancyId: string;
    userId: string;
    apiKey: ApiKey;
    compartmentId?: string;
    vcnId?: string;
    subnetId?: string;
  },
): Promise<BootstrapInfo> {
  const written = await writeOciConfig(
    options.dataDir,
    {
      profile: "DEFAULT",
      user: access.userId,
      fingerprint: access.apiKey.fingerprint,
      tenancy: access.tenancyId,
      region: options.region,
    },
    access.apiKey.privateKeyPem,
  );
  const info: BootstrapInfo = {
    tenancyId: access.tenancyId,
    userId: access.userId,
    fingerprint: access.apiKey.fingerprint,
    compartmentId: access.compartmentId ?? access.tenancyId,
    availabilityDomain: availabilityDomains(access.tenancyId, options.region)[0]!,
    vcnId: access.vcnId ?? "",
    subnetId: access.subnetId ?? "",
    region: options.region,
    configFile: written.configPath,
    keyFile: written.keyFilePath,
  };
  await writeInfo(options.dataDir, info);
  return info;
}

/** Writes `dir/bootstrap.json` (mode 0600, atomically): `serve` for its data directory, the CLI beside a config it writes. */
export async function writeInfo(dir: string, info: BootstrapInfo): Promise<void> {
  await writeFileDurably(join(dir, BOOTSTRAP_FILE), `${JSON.stringify(info, null, 2)}\n`, 0o600);
}
