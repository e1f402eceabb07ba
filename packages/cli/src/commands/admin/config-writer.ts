import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
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
 * Writes DIR/config (profile DEFAULT) and DIR/oci_api_key.pem, both 0600 in a 0700 directory, in the layout
 * `caisson serve` uses for its own data directory, so every OCI tool and `caisson --config-file DIR/config`
 * work with it. Refuses to replace an existing config unless `force`: it may hold someone's only key.
 */
export function writeCredentials(dir: string, creds: NewCredentials, force: boolean): WrittenCredentials {
  const directory = resolve(dir);
  const configFile = join(directory, "config");
  const keyFile = join(directory, "oci_api_key.pem");
  if (!force && (existsSync(configFile) || existsSync(keyFile))) {
    throw new CliError(`${directory} already holds a config or key; choose another --output-dir or pass --force`);
  }
  for (const [key, value] of Object.entries({ ...creds, keyFile })) {
    if (key !== "privateKeyPem" && /[\r\n]/.test(String(value))) throw new CliError(`unexpected line break in ${key}`);
  }
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  writePrivate(keyFile, creds.privateKeyPem);
  const config = [
    "[DEFAULT]",
    `user=${creds.userId}`,
    `fingerprint=${creds.fingerprint}`,
    `tenancy=${creds.tenancyId}`,
    `region=${creds.region}`,
    `key_file=${keyFile}`,
    "",
  ].join("\n");
  writePrivate(configFile, config);
  return { configFile, keyFile };
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
        await session.api.get<Array<{ id: string; vcnId: string }>>("listSubnets", "/20160918/subnets", {
          compartmentId: creds.tenancyId,
          lifecycleState: "AVAILABLE",
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
  writePrivate(join(dirname(written.configFile), "bootstrap.json"), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}

/** Temporary name, exact mode, then rename: never a half-written key, never a world-readable one. */
function writePrivate(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
