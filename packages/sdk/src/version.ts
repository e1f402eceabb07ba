import { platform, release } from "node:os";

export const SDK_VERSION = "0.1.0";

/** The service name OCI SDKs put into errors (`OciError.targetService`). */
export const TARGET_SERVICE = "ContainerInstance";

/** API version path segment appended to every endpoint. */
export const API_VERSION = "20210415";

/**
 * Mirrors the OCI TypeScript SDK's `Oracle-TypeScriptSDK/<ver> (<os>/<release>; Node/<ver>)` so servers that log
 * user agents can tell clients apart; `OCI_SDK_APPEND_USER_AGENT` is honoured the same way.
 */
export function userAgent(env: NodeJS.ProcessEnv = process.env): string {
  const base = `Caisson-TypeScriptSDK/${SDK_VERSION} (${platform()}/${release()}; Node/${process.version})`;
  const suffix = env.OCI_SDK_APPEND_USER_AGENT;
  return suffix ? `${base} ${suffix}` : base;
}
