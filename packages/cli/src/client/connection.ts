import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fromFile, InvalidConfigError, type OciConfig } from "@caisson/sdk";
import { CliError } from "../errors.js";

export const DEFAULT_ENDPOINT = "http://127.0.0.1:9911";

export interface ConnectionFlags {
  configFile?: string | undefined;
  profile?: string | undefined;
  endpoint?: string | undefined;
}

export interface Connection {
  configFile: string;
  config: OciConfig;
  /** Base URL without an API version, e.g. `http://127.0.0.1:9911`. */
  endpoint: string;
}

/**
 * The resolution chain, first match wins:
 *   config file  --config-file → ~/.caisson/config (what `caisson serve` writes) if it exists → ~/.oci/config
 *   profile      --profile → $OCI_CLI_PROFILE → DEFAULT (the SDK's own rule)
 *   endpoint     --endpoint → $CAISSON_ENDPOINT → http://127.0.0.1:9911 (serve's default port)
 * so that right after `caisson serve` with its defaults, no flag is needed at all.
 */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv, home = homedir()): Connection {
  const caissonConfig = join(home, ".caisson", "config");
  const configFile = resolve(
    flags.configFile ?? (existsSync(caissonConfig) ? caissonConfig : join(home, ".oci", "config")),
  );
  let config: OciConfig;
  try {
    config = fromFile(configFile, flags.profile, { env, home });
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    const hint = existsSync(configFile)
      ? ""
      : flags.configFile !== undefined
        ? ` (--config-file ${flags.configFile}: no such file)`
        : ` (start 'caisson serve' once to create ${caissonConfig}, or pass --config-file)`;
    throw new CliError(`${error.message}${hint}`);
  }
  const endpoint = (flags.endpoint ?? env.CAISSON_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/.test(endpoint)) {
    throw new CliError(`--endpoint must be an http(s) URL such as ${DEFAULT_ENDPOINT}, got "${endpoint}"`);
  }
  return { configFile, config, endpoint };
}
