import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import { adminRoutes } from "./admin/routes.js";
import type { Clock } from "./clock.js";
import { OpenStreams } from "./events/open-streams.js";
import { eventRoutes } from "./events/routes.js";
import { withDiskFullAnswer } from "./guards/disk-full.js";
import { withTagLimits } from "./guards/tag-limits.js";
import { ApiKeyCache } from "./http/api-key-cache.js";
import { buildHttp, type HttpLimits } from "./http/app.js";
import type { Authenticator } from "./http/authenticator.js";
import { type RateLimit, RateLimiter } from "./http/rate-limiter.js";
import { signatureAuthenticator } from "./http/signature-authenticator.js";
import { identityRoutes } from "./identity/routes.js";
import { ownServiceLimitsRoute } from "./limits/routes.js";
import { logRoutes } from "./logs/routes.js";
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
  /** Operator-facing messages (a full disk, for one). */
  log?: (line: string) => void;
  logger?: FastifyBaseLogger | boolean;
  /** Requests per second per user (with a burst); no limit when absent. */
  rateLimit?: RateLimit;
  /** Serves GET /metrics from this registry (loopback callers only unless `public`). */
  metrics?: { registry: Registry; public?: boolean };
  limits?: Partial<HttpLimits>;
  /** Extra fields for GET /_caisson/health. */
  describe?: () => Record<string, unknown>;
  /** Event and log streams one tenancy may hold open at once (default 16). */
  maxStreamsPerTenancy?: number;
  /** Interval of keep-alive comments on open streams (default 15 s; tests shorten it). */
  streamKeepAliveMs?: number;
}

/** One hour: long enough for every official waiter polling for DELETED. */
export const DEFAULT_DELETED_RETENTION_MS = 60 * 60 * 1000;

/**
 * The Caisson HTTP application, not listening: Container Instances 20210415 plus the identity and networking
 * subset clients need. Tests call `inject()`; `serve` calls `listen()`.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const apiKeys = new ApiKeyCache(() => deps.clock.now().getTime());
  const operationDeps: OperationDeps = {
    store: deps.store,
    clock: deps.clock,
    runtime: deps.runtime,
    region: deps.region,
    deletedRetentionMs: deps.deletedRetentionMs ?? DEFAULT_DELETED_RETENTION_MS,
    ...(deps.onWorkAccepted && { onWorkAccepted: deps.onWorkAccepted }),
    allowedRegistries: deps.allowedRegistries ?? [],
    onApiKeyDeleted: (userId, fingerprint) => apiKeys.forget(userId, fingerprint),
  };
  const eventStreams = new OpenStreams("event", deps.maxStreamsPerTenancy);
  const logStreams = new OpenStreams("log", deps.maxStreamsPerTenancy);
  const app = buildHttp({
    routes: [
      ...containerInstanceRoutes(operationDeps),
      ...identityRoutes(operationDeps),
      ...networkRoutes(operationDeps),
      ...adminRoutes(operationDeps),
      ownServiceLimitsRoute(operationDeps),
      ...eventRoutes(operationDeps, {
        streams: eventStreams,
        ...(deps.streamKeepAliveMs !== undefined && { keepAliveMs: deps.streamKeepAliveMs }),
      }),
      ...logRoutes(operationDeps, logStreams),
    ]
      .map(withTagLimits)
      .map((route) => withDiskFullAnswer(route, deps.log ?? (() => {}))),
    authenticator: deps.authenticator ?? signatureAuthenticator(deps.store, deps.clock, apiKeys),
    clock: deps.clock,
    ...(deps.bodyLimitBytes !== undefined && { bodyLimitBytes: deps.bodyLimitBytes }),
    ...(deps.logger !== undefined && { logger: deps.logger }),
    ...(deps.rateLimit && { rateLimiter: new RateLimiter(deps.rateLimit, () => deps.clock.now().getTime()) }),
    ...(deps.metrics && { metrics: deps.metrics }),
    ...(deps.limits && { limits: deps.limits }),
    // Anyone may ask: the answer names the kind of runtime, never a path, socket or database location.
    health: async () => ({
      status: 200,
      body: { status: "ok", runtime: runtimeKind(deps.runtime), ...deps.describe?.() },
    }),
  });
  // Followed streams never end on their own; closing must not wait for their clients.
  app.addHook("preClose", async () => {
    eventStreams.endAll();
    logStreams.endAll();
  });
  return app;
}

/** "Docker 27.1 at unix:///var/run/docker.sock" → "Docker 27.1": where the engine lives is the operator's business. */
function runtimeKind(runtime: RuntimeDriver): string {
  return runtime.describe().split(" at ")[0] ?? "";
}
