import { type ConfigProblem, InvalidConfigError } from "../errors.js";
import type { OciConfig } from "./types.js";

const FINGERPRINT = /^[0-9a-f]{2}(:[0-9a-f]{2}){15}$/i;

/**
 * Checks a configuration and throws one `InvalidConfigError` listing every problem, so a user fixing a config
 * file sees all of them at once instead of one per run.
 */
export function validateConfig(config: Partial<OciConfig>, context?: string): asserts config is OciConfig {
  const problems: ConfigProblem[] = [];
  checkOcid(config, "user", problems);
  checkOcid(config, "tenancy", problems);
  const fingerprint = config.fingerprint;
  if (isBlank(fingerprint)) {
    problems.push({ key: "fingerprint", problem: "missing" });
  } else if (!FINGERPRINT.test(fingerprint)) {
    problems.push({ key: "fingerprint", problem: "must be 16 colon-separated hex pairs (aa:bb:…)" });
  }
  if (isBlank(config.region)) {
    problems.push({ key: "region", problem: "missing" });
  }
  if (isBlank(config.key_file) && isBlank(config.key_content)) {
    problems.push({ key: "key_file", problem: "missing (set key_file or key_content)" });
  }
  if (problems.length > 0) {
    throw new InvalidConfigError(problems, context);
  }
}

function checkOcid(config: Partial<OciConfig>, key: "user" | "tenancy", problems: ConfigProblem[]): void {
  const value = config[key];
  if (isBlank(value)) {
    problems.push({ key, problem: "missing" });
  } else if (!value.startsWith("ocid1.")) {
    problems.push({ key, problem: "must be an OCID starting with 'ocid1.'" });
  }
}

function isBlank(value: unknown): value is undefined | "" {
  return typeof value !== "string" || value.trim() === "";
}
