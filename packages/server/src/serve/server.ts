import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { collectDefaultMetrics, Registry } from "prom-client";
import { buildApp } from "../app.js";
import { type Clock, systemClock } from "../clock.js";
import type { HttpLimits } from "../http/app.js";
import { ServiceMetrics } from "../metrics/service-metrics.js";
import { adoptOnStart } from "../reconcile/adopt.js";
import { Reconciler } from "../reconcile/reconciler.js";
import type { PullPolicy } from "../runtime/docker/images.js";
import type { RuntimeDriver } from "../runtime/driver.js";
import { EmulatedDriver } from "../runtime/emulated.js";
import { openDatabase } from "../store/database.js";
import { createStore, type Store } from "../store/store.js";
import { WorkEngine } from "../work/engine.js";
import { lockDataDir } from "./data-dir-lock.js";
import { type BootstrapInfo, ensureBootstrapped } from "./first-start.js";
import { createLogger, type LogFormat, type LogLevel } from "./logger.js";
import { type RuntimeChoice, type RuntimeSelection, selectRuntime } from "./runtime-selection.js";

export interface ServeOptions {
  host?: string;
  port?: number;
  dataDir: string;
  /** A file path or ":memory:"; defaults to `<dataDir>/caisson.db`. */
  database?: string;
  runtime?: RuntimeChoice;
  region?: string;
  dockerHost?: string;
  holderImage?: string;
  /** Whether images are pulled on every create ("always", the default) or only when missing. */
  pullPolicy?: PullPolicy;
  /** How long the emulated runtime takes per lifecycle step (default 0). */
  emulatedDelayMs?: number;
  clock?: Clock;
  /** Tests and tools may inject an already-built driver. */
  driver?: RuntimeDriver;
  log?: (line: string) => void;
  /** Sustained requests per second per user (bursts of twice that); 0 turns the limit off. */
  rateLimit?: number;
  logLevel?: LogLevel;
  /** Defaults to pretty on a terminal, JSON lines otherwise. */
  logFormat?: LogFormat;
  /** Tests may pass their own logger (then logLevel and logFormat are ignored). */
  logger?: Logger;
  /** Whether GET /metrics answers callers beyond loopback. */
  metricsPublic?: boolean;
  /** Timeouts and the per-address connection cap; see DEFAULT_HTTP_LIMITS. */
  httpLimits?: Partial<HttpLimits>;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  engine: WorkEngine;
  reconciler: Reconciler;
  runtime: RuntimeSelection;
  bootstrap: BootstrapInfo;
  firstStart: boolean;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 9911;
export const DEFAULT_REGION = "us-ashburn-1";
/** Requests per second per user when `rateLimit` is not given. */
export const DEFAULT_RATE_LIMIT = 100;

/**
 * Starts Caisson: locks the data directory, opens and migrates the store, bootstraps on first start, picks a
 * runtime, resumes unfinished work, and listens. `close()` stops in the reverse order and loses nothing:
 * unfinished work requests are simply picked up at the next start.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const region = options.region ?? DEFAULT_REGION;
  const log = options.log ?? (() => {});
  const logger =
    options.logger ??
    createLogger({ level: options.logLevel ?? "info", ...(options.logFormat && { format: options.logFormat }) });
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const lock = await lockDataDir(options.dataDir);
  const cleanups: Array<() => Promise<void>> = [() => lock.release()];
  const unwind = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const store = createStore(await openDatabase(options.database ?? join(options.dataDir, "caisson.db")));
    cleanups.push(() => store.close());
    const { info, created } = await ensureBootstrapped(store, { dataDir: options.dataDir, region, clock });
    const runtime = options.driver
      ? { driver: options.driver, reason: "provided", attempts: [] }
      : await selectRuntime(options.runtime ?? "auto", {
          clock,
          dataDir: options.dataDir,
          ...(options.dockerHost && { dockerHost: options.dockerHost }),
          ...(options.holderImage && { holderImage: options.holderImage }),
          ...(options.pullPolicy && { pullPolicy: options.pullPolicy }),
          ...(options.emulatedDelayMs !== undefined && { emulatedDelayMs: options.emulatedDelayMs }),
        });
    cleanups.push(() => runtime.driver.close());
    if (runtime.warning) log(`WARNING: ${runtime.warning}`);

    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const metrics = new ServiceMetrics(registry, store);
    const engine = new WorkEngine(
      { store, runtime: runtime.driver, clock, deletedRetentionMs: 60 * 60 * 1000 },
      {
        onError: (error, id) => {
          metrics.engineError("work");
          logger.error({ err: error, workRequestId: id }, "work request failed unexpectedly");
        },
        onFinished: (request, status, error) => {
          metrics.workRequestFinished(request.operation_type, status);
          if (status !== "FAILED") return;
          metrics.engineError("work");
          logger.warn(
            { workRequestId: request.id, operation: request.operation_type, tenancy: request.tenancy_id, error },
            "work request failed",
          );
        },
      },
    );
    const app = buildApp({
      store,
      clock,
      runtime: runtime.driver,
      region,
      onWorkAccepted: () => engine.kick(),
      describe: () => ({ region }),
      logger,
      ...(rateLimit > 0 && { rateLimit: { perSecond: rateLimit } }),
      metrics: { registry, public: options.metricsPublic ?? false },
      ...(options.httpLimits && { limits: options.httpLimits }),
    });
    cleanups.push(() => app.close());
    // Serve first: reads need nothing below, and work accepted meanwhile waits, durably, for the engine. With
    // 100,000 instances adoption takes a while, and health must not wait for it.
    const address = await app.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? DEFAULT_PORT });
    const adoption = await adoptOnStart({ store, runtime: runtime.driver, clock });
    if (adoption.orphansRemoved.length > 0) {
      log(
        `removed ${adoption.orphansRemoved.length} orphaned instance(s) from the engine: ${adoption.orphansRemoved.join(", ")}`,
      );
    }
    // Only this process can use the data directory (it is locked), so leases of earlier processes are dead.
    await engine.start({ soleOwner: true });
    cleanups.push(() => engine.stop());
    const reconciler = new Reconciler(
      { store, runtime: runtime.driver, clock },
      {
        onError: (error) => {
          metrics.engineError("reconciler");
          logger.error({ err: error }, "reconciler failed");
        },
      },
    );
    // Emulated containers never exit or fail behind Caisson's back, so there is nothing to reconcile; with
    // 100,000 instances a resync loop would only burn the CPU that requests need.
    if (!(runtime.driver instanceof EmulatedDriver)) {
      reconciler.start();
      cleanups.push(() => reconciler.stop());
    }
    return {
      url: address,
      app,
      store,
      engine,
      reconciler,
      runtime,
      bootstrap: info,
      firstStart: created,
      close: unwind,
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}
