import type { FastifyInstance } from "fastify";
import { adminRoutes } from "./admin/routes.js";
import type { Clock } from "./clock.js";
import { withDiskFullAnswer } from "./guards/disk-full.js";
import { withTagLimits } from "./guards/tag-limits.js";
import { buildHttp } from "./http/app.js";
import type { Authenticator } from "./http/authenticator.js";
import { signatureAuthenticator } from "./http/signature-authenticator.js";
import { identityRoutes } from "./identity/routes.js";
import { ownServiceLimitsRoute } from "./limits/routes.js";
import { networkRoutes } from "./network/routes.js";
import type { OperationDeps } from "./operations/deps.js";
import { containerInstanceRoutes } from "./operations/routes.js";
import type { RuntimeDriver } from "./runtime/driver.js";
import type { Store } from "./store/store.js";

export interface AppDeps {
  store: Store;
  clock: Clock;
  runtime: RuntimeDriver;
  region: string;
  /** Defaults to OCI signature verification against the store's API keys. */
  authenticator?: Authenticator;
  deletedRetentionMs?: number;
  bodyLimitBytes?: number;
  onWorkAccepted?: () => void;
  /** Registry hosts tenants' images may come from; empty or unset = any. */
  allowedRegistries?: string[];
  logger?: boolean;
  /** Operator-facing messages (a full disk, for one). */
  log?: (line: string) => void;
  /** Extra fields for GET /_caisson/health. */
  describe?: () => Record<string, unknown>;
}

/** One hour: long enough for every official waiter polling for DELETED. */
export const DEFAULT_DELETED_RETENTION_MS = 60 * 60 * 1000;

/**
 * The Caisson HTTP application, not listening: Container Instances 20210415 plus the identity and networking
 * subset clients need. Tests call `inject()`; `serve` calls `listen()`.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const operationDeps: OperationDeps = {
    store: deps.store,
    clock: deps.clock,
    runtime: deps.runtime,
    region: deps.region,
    deletedRetentionMs: deps.deletedRetentionMs ?? DEFAULT_DELETED_RETENTION_MS,
    ...(deps.onWorkAccepted && { onWorkAccepted: deps.onWorkAccepted }),
    allowedRegistries: deps.allowedRegistries ?? [],
  };
  return buildHttp({
    routes: [
      ...containerInstanceRoutes(operationDeps),
      ...identityRoutes(operationDeps),
      ...networkRoutes(operationDeps),
      ...adminRoutes(operationDeps),
      ownServiceLimitsRoute(operationDeps),
    ]
      .map(withTagLimits)
      .map((route) => withDiskFullAnswer(route, deps.log ?? (() => {}))),
    authenticator: deps.authenticator ?? signatureAuthenticator(deps.store, deps.clock),
    clock: deps.clock,
    ...(deps.bodyLimitBytes !== undefined && { bodyLimitBytes: deps.bodyLimitBytes }),
    ...(deps.logger !== undefined && { logger: deps.logger }),
    health: async () => ({
      status: 200,
      body: { status: "ok", runtime: deps.runtime.describe(), store: deps.store.location, ...deps.describe?.() },
    }),
  });
}
