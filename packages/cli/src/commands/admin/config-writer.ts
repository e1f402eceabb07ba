import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fromFile } from "@caisson/sdk";
import type { BootstrapInfo } from "@caisson/server";
import { Session } from "../../client/session.js";
import { CliError } from "../../errors.js";

export interface NewCredentials {
  tenancyId: string;
  userId: string;
  fingerprint: string;
  region: string;
  privateKeyPem: string;
}

export interface WrittenCredentials {
  configFile: string;
  keyFile: string;
}

/**
 * Writes DIR/config (profile DEFAULT) and DIR/oci_api_key.pem, both 0600 in a 0700 directory, with the writer
 * `caisson serve` uses for its own data directory, so every OCI tool and `caisson --config-file DIR/config`
 * work with it. Refuses to replace an existing config unless `force`: it may hold someone's only key.
 */
export async function writeCredentials(
  dir: string,
  creds: NewCredentials,
  force: boolean,
): Promise<WrittenCredentials> {
  const directory = resolve(dir);
  if (!force && (existsSync(join(directory, "config")) || existsSync(join(directory, "oci_api_key.pem")))) {
    throw new CliError(`${directory} already holds a config or key; choose another --output-dir or pass --force`);
  }
  const profile = {
    user: creds.userId,
    fingerprint: creds.fingerprint,
    tenancy: creds.tenancyId,
    region: creds.region,
  };
  // Loaded here, not at start-up: other commands should not pay for loading the server.
  const { writeOciConfig } = await import("@caisson/server");
  try {
    const written = await writeOciConfig(directory, profile, creds.privateKeyPem);
    return { configFile: written.configPath, keyFile: written.keyFilePath };
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(`cannot write ${directory}/config: ${error.message}`);
    throw error;
  }
}

/** The fields of the bootstrap.json `caisson serve` writes beside its own config, for every config we write. */
export type BootstrapFile = BootstrapInfo;

/**
 * Writes DIR/bootstrap.json for a config written by writeCredentials, with the same fields as the first one,
 * looked up as the new user (so the ids are exactly what that user can see): scripts and the SDK examples read
 * compartmentId, subnetId and availabilityDomain from it, and `caisson run` finds the subnet without a lookup.
 */
export async function writeBootstrap(
  written: WrittenCredentials,
  creds: Pick<NewCredentials, "tenancyId" | "userId" | "fingerprint" | "region">,
  endpoint: string,
  known: { vcnId?: string; subnetId?: string } = {},
): Promise<BootstrapFile> {
  const session = new Session(
    { configFile: written.configFile, config: fromFile(written.configFile), endpoint },
    { retry: true },
  );
  const subnet = known.subnetId
    ? { id: known.subnetId, vcnId: known.vcnId ?? "" }
    : (
        await session.client.request<Array<{ id: string; vcnId: string }>>({
          operationName: "listSubnets",
          method: "GET",
          path: "/20160918/subnets",
          query: { compartmentId: creds.tenancyId, lifecycleState: "AVAILABLE" },
        })
      ).data?.[0];
  if (!subnet)
    throw new CliError(`tenancy ${creds.tenancyId} has no subnet for ${written.configFile}'s bootstrap.json`);
  const info: BootstrapFile = {
    tenancyId: creds.tenancyId,
    userId: creds.userId,
    fingerprint: creds.fingerprint,
    compartmentId: creds.tenancyId,
    availabilityDomain: await session.defaultAvailabilityDomain(),
    vcnId: subnet.vcnId,
    subnetId: subnet.id,
    region: creds.region,
    configFile: written.configFile,
    keyFile: written.keyFile,
  };
  const { writeInfo } = await import("@caisson/server");
  await writeInfo(dirname(written.configFile), info);
  return info;
}
