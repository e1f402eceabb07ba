import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CliError } from "../../errors.js";

export interface NewCredentials {
  tenancyId: string;
  userId: string;
  fingerprint: string;
  region: string;
  privateKeyPem: string;
  /** Written to bootstrap.json so `caisson run` with this config finds the team's subnet without a lookup. */
  subnetId?: string;
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
  if (creds.subnetId) {
    const info = {
      tenancyId: creds.tenancyId,
      userId: creds.userId,
      compartmentId: creds.tenancyId,
      subnetId: creds.subnetId,
    };
    writePrivate(join(directory, "bootstrap.json"), `${JSON.stringify(info, null, 2)}\n`);
  }
  return { configFile, keyFile };
}

/** Temporary name, exact mode, then rename: never a half-written key, never a world-readable one. */
function writePrivate(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
