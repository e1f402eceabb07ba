/**
 * Writes the OCI config file (`~/.oci/config` format) that lets any OCI client talk to Caisson at once. The format
 * is what oci-common's ConfigFileReader parses: `[PROFILE]` headers and `key=value` lines (reference section F).
 */
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { writeFileDurably } from "../files/durable-file.js";

export interface OciConfigProfile {
  /** Profile name; clients use DEFAULT unless told otherwise. */
  profile?: string;
  user: string;
  fingerprint: string;
  tenancy: string;
  region: string;
  /** Path of the private key PEM as clients should open it; absolute, so the config works from any directory. */
  keyFile: string;
}

export const CONFIG_FILE_NAME = "config";
export const KEY_FILE_NAME = "oci_api_key.pem";

export function renderOciConfig(profile: OciConfigProfile): string {
  const name = profile.profile ?? "DEFAULT";
  const entries: [string, string][] = [
    ["user", profile.user],
    ["fingerprint", profile.fingerprint],
    ["tenancy", profile.tenancy],
    ["region", profile.region],
    ["key_file", profile.keyFile],
  ];
  // A newline or bracket would let a value inject lines or profiles; readers trim, so edge spaces would be lost.
  if (!/^[^\s[\]]+$/.test(name)) throw new RangeError(`invalid profile name ${JSON.stringify(name)}`);
  for (const [key, value] of entries) {
    if (value === "" || /[\r\n]/.test(value) || value.trim() !== value) {
      throw new RangeError(`invalid value for ${key}: ${JSON.stringify(value)}`);
    }
  }
  return [`[${name}]`, ...entries.map(([key, value]) => `${key}=${value}`), ""].join("\n");
}

export interface WrittenOciConfig {
  configPath: string;
  keyFilePath: string;
}

/**
 * Writes `config` and `oci_api_key.pem` into `dir`, both mode 0600 (the key is a credential; OCI tools warn about
 * readable config files). Each file is written to a temporary name and renamed, so a crash never leaves a
 * half-written key that a client would then fail to parse (see {@link writeFileDurably}).
 */
export async function writeOciConfig(
  dir: string,
  profile: Omit<OciConfigProfile, "keyFile">,
  privateKeyPem: string,
): Promise<WrittenOciConfig> {
  const absoluteDir = resolve(dir);
  const keyFilePath = join(absoluteDir, KEY_FILE_NAME);
  const configPath = join(absoluteDir, CONFIG_FILE_NAME);
  // Rendered first: a value the config cannot hold is refused before anything is written.
  const config = renderOciConfig({ ...profile, keyFile: keyFilePath });
  await mkdir(absoluteDir, { recursive: true, mode: 0o700 });
  await writePrivateFile(keyFilePath, privateKeyPem);
  await writePrivateFile(configPath, config);
  return { configPath, keyFilePath };
}

function writePrivateFile(path: string, content: string): Promise<void> {
  return writeFileDurably(path, content, 0o600);
}
