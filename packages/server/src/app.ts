import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import { adminRoutes } from "./admin/routes.js";
import type { Clock } from "./clock.js";
import { registerConsoleRoutes } from "./console/routes.js";
import { withConsoleSessions } from "./console/session-authenticator.js";
import { ConsoleSessions, DEFAULT_SESSION_TTL_MS } from "./console/sessions.js";
import type { ConsoleFile } from "./console/static-files.js";
import type { OperationDeps } from "./deps.js";
import { OpenStreams } from "./events/open-streams.js";
import { eventRoutes } from "./events/routes.js";
import { attachExecEndpoint } from "./exec/exec-endpoint.js";
import { ExecSlots } from "./exec/exec-slots.js";
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
import { containerInstanceRoutes } from "./operations/routes.js";
import type { PublishPolicy } from "./ports/publish-policy.js";
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
  /** Which host ports tenants may publish; 127.0.0.1:1024-65535 when unset. */
  publishPolicy?: PublishPolicy;
  /** POST /_caisson/containers/{id}/exec (default true); off, it answers 404 as if it did not exist. */
  exec?: boolean;
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
  /** This replica's part in GET /_caisson/health: a replica that cannot reach the database answers 503. */
  replica?: () => Promise<{ replicaId: string; leader: boolean; databaseReachable: boolean }>;
  /** The web console: its built files (by URL path) and how long its sessions last. */
  console?: { files: Map<string, ConsoleFile>; sessionTtlMs?: number };
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
  return assembleApp(deps).app;
}

/** The application and the parts of it that its owner needs beyond HTTP. */
export interface AssembledApp {
  app: FastifyInstance;
  /** The console's sessions (present when `deps.console` is): `serve` mints the operator's sign-in link with it. */
  consoleSessions?: ConsoleSessions;
}

export function assembleApp(deps: AppDeps): AssembledApp {
  const apiKeys = new ApiKeyCache(() => deps.clock.now().getTime());
  const rateLimiter = deps.rateLimit && new RateLimiter(deps.rateLimit, () => deps.clock.now().getTime());
  const operationDeps: OperationDeps = {
    store: deps.store,
    clock: deps.clock,
    runtime: deps.runtime,
    region: deps.region,
    deletedRetentionMs: deps.deletedRetentionMs ?? DEFAULT_DELETED_RETENTION_MS,
    ...(deps.onWorkAccepted && { onWorkAccepted: deps.onWorkAccepted }),
    allowedRegistries: deps.allowedRegistries ?? [],
    ...(deps.publishPolicy && { publishPolicy: deps.publishPolicy }),
    onApiKeyDeleted: (userId, fingerprint) => apiKeys.forget(userId, fingerprint),
  };
  const signatures = deps.authenticator ?? signatureAuthenticator(deps.store, deps.clock, apiKeys, rateLimiter);
  const consoleSessions =
    deps.console &&
    new ConsoleSessions(
      deps.store,
      deps.clock,
      async (p) =>
        (
          await apiKeys.get({ tenancyId: p.tenancyId, userId: p.userId, fingerprint: p.fingerprint }, async () => {
            const key = await deps.store.identity.findApiKey(p.tenancyId, p.userId, p.fingerprint);
            return key && { publicKeyPem: key.public_key_pem, tenancyId: key.tenancy_id, userId: key.user_id };
          })
        )?.publicKeyPem,
      { sessionTtlMs: deps.console.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS },
    );
  const eventStreams = new OpenStreams("event", deps.maxStreamsPerTenancy);
  const logStreams = new OpenStreams("log", deps.maxStreamsPerTenancy);
  const http = buildHttp({
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
    authenticator: consoleSessions ? withConsoleSessions(signatures, consoleSessions) : signatures,
    clock: deps.clock,
    ...(deps.bodyLimitBytes !== undefined && { bodyLimitBytes: deps.bodyLimitBytes }),
    ...(deps.logger !== undefined && { logger: deps.logger }),
    ...(rateLimiter && { rateLimiter }),
    ...(deps.metrics && { metrics: deps.metrics }),
    ...(deps.limits && { limits: deps.limits }),
    // Anyone may ask: the answer names the kind of runtime, never a path, socket or database location.
    health: async () => {
      const replica = await deps.replica?.();
      const reachable = replica?.databaseReachable ?? true;
      return {
        status: reachable ? 200 : 503,
        body: {
          status: reachable ? "ok" : "database unreachable",
          runtime: runtimeKind(deps.runtime),
          ...deps.describe?.(),
          ...(replica && { replica }),
        },
      };
    },
  });
  const exec = attachExecEndpoint(http.server, {
    store: deps.store,
    clock: deps.clock,
    runtime: deps.runtime,
    authenticator: signatures,
    ...(rateLimiter && { rateLimiter }),
    enabled: deps.exec ?? true,
    slots: new ExecSlots(),
    log: http.log,
  });
  if (deps.console && consoleSessions) {
    registerConsoleRoutes(http, {
      sessions: consoleSessions,
      files: deps.console.files,
      ...(rateLimiter && { rateLimiter }),
    });
  }
  // Followed streams never end on their own; closing must not wait for their clients.
  http.addHook("preClose", async () => {
    eventStreams.endAll();
    logStreams.endAll();
  });
  http.addHook("preClose", async () => exec.close());
  return { app: http, ...(consoleSessions && { consoleSessions }) };
}

/** "Docker 27.1 at unix:///var/run/docker.sock" → "Docker 27.1": where the engine lives is the operator's business. */
function runtimeKind(runtime: RuntimeDriver): string {
  return runtime.describe().split(" at ")[0] ?? "";
}
