import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { InvalidConfigError } from "../errors.js";
import type { OciConfig } from "./types.js";
import { validateConfig } from "./validate.js";

export const DEFAULT_PROFILE = "DEFAULT";

export interface FromFileOptions {
  /** Environment to read `OCI_CONFIG_FILE` / `OCI_CLI_PROFILE` from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Home directory used for `~` expansion; defaults to `os.homedir()`. */
  home?: string;
  /** Skip `validateConfig` (e.g. to inspect a partial profile). Default false. */
  skipValidation?: boolean;
}

/**
 * Reads one profile of an OCI config file (INI-like: `[PROFILE]` headers, `key = value` lines split at the first
 * `=`, `#` comments). Keys missing from the profile are inherited from `[DEFAULT]`. `~` is expanded in the path
 * and in `key_file`. Path precedence: argument, then `OCI_CONFIG_FILE`, then `~/.oci/config`; profile precedence:
 * argument, then `OCI_CLI_PROFILE`, then `DEFAULT`.
 */
export function fromFile(path?: string, profile?: string, options: FromFileOptions = {}): OciConfig {
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  const file = expandHome(path ?? env.OCI_CONFIG_FILE ?? "~/.oci/config", home);
  const profileName = profile ?? env.OCI_CLI_PROFILE ?? DEFAULT_PROFILE;

  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new InvalidConfigError([{ key: "config_file", problem: `cannot read ${file}: ${String(cause)}` }]);
  }
  const profiles = parseConfigFile(text, file);
  const selected = profiles.get(profileName);
  if (!selected) {
    throw new InvalidConfigError([{ key: "profile", problem: `profile '${profileName}' not found in ${file}` }]);
  }
  const merged: Record<string, string> = { ...(profiles.get(DEFAULT_PROFILE) ?? {}), ...selected };
  if (merged.key_file) {
    merged.key_file = expandHome(merged.key_file, home);
  }
  if (!options.skipValidation) {
    validateConfig(merged, `${file} [${profileName}]`);
  }
  return merged as OciConfig;
}

/** Parses the whole file into profile name → key/value map. Exported for tests and tooling. */
export function parseConfigFile(text: string, fileName = "config"): Map<string, Record<string, string>> {
  const profiles = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("[") && line.endsWith("]")) {
      const name = line.slice(1, -1).trim();
      current = profiles.get(name) ?? {};
      profiles.set(name, current);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) {
      throw new InvalidConfigError([
        { key: `line ${index + 1}`, problem: `expected 'key=value' or '[PROFILE]' in ${fileName}` },
      ]);
    }
    if (!current) {
      // oci-common and the Python SDK both reject this: such a key would silently belong to no profile.
      throw new InvalidConfigError([
        { key: `line ${index + 1}`, problem: `key '${line.slice(0, eq).trim()}' appears before any [PROFILE]` },
      ]);
    }
    current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return profiles;
}

export function expandHome(path: string, home: string): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return join(home, path.slice(2));
  return path;
}
