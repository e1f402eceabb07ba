import { readFileSync } from "node:fs";
import type { OciConfig } from "../config/types.js";
import { InvalidConfigError } from "../errors.js";
import { ApiKeySigner } from "./signer.js";

/** Builds the default API-key signer from a validated config; `key_content` wins over `key_file`. */
export function signerFromConfig(config: OciConfig, now?: () => number): ApiKeySigner {
  let pem = config.key_content;
  if (!pem) {
    try {
      pem = readFileSync(config.key_file ?? "", "utf8");
    } catch (cause) {
      throw new InvalidConfigError([{ key: "key_file", problem: `cannot read ${config.key_file}: ${String(cause)}` }]);
    }
  }
  try {
    return new ApiKeySigner({
      tenancy: config.tenancy,
      user: config.user,
      fingerprint: config.fingerprint,
      privateKey: pem,
      passphrase: config.pass_phrase,
      now,
    });
  } catch (cause) {
    // A wrong or missing pass_phrase surfaces here; name the keys involved rather than an OpenSSL code.
    throw new InvalidConfigError([
      { key: config.key_content ? "key_content" : "key_file", problem: `cannot load private key: ${String(cause)}` },
    ]);
  }
}
