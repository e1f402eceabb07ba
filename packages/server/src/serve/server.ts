import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { toRfc3339 } from "@caisson/api";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { collectDefaultMetrics, Registry } from "prom-client";
import { assembleApp } from "../app.js";
import { type Clock, systemClock } from "../clock.js";
import { DEFAULT_SESSION_TTL_MS } from "../console/sessions.js";
import { hasConsoleBuild, loadConsoleFiles } from "../console/static-files.js";
import { EventRetention } from "../events/retention.js";
import type { HttpLimits } from "../http/app.js";
import { ServiceMetrics } from "../metrics/service-metrics.js";
import type { PublishPolicy } from "../ports/publish-policy.js";
import { adoptOnStart } from "../reconcile/adopt.js";
import { Reconciler } from "../reconcile/reconciler.js";
import { databaseReachable } from "../replica/database-reachable.js";
import { type Leadership, LeaseLeadership, SoleLeadership } from "../replica/leadership.js";
import { PgEventWakeup } from "../replica/pg-wake.js";
import { registerReplicaMetrics } from "../replica/replica-metrics.js";
import { SingletonRunner } from "../replica/singleton-work.js";
import type { PullPolicy } from "../runtime/docker/images.js";
import type { RuntimeDriver } from "../runtime/driver.js";
import type { IsolationPolicy } from "../runtime/isolation.js";
import { openDatabase } from "../store/database.js";
import { createStore, type Store } from "../store/store.js";
import { WorkEngine } from "../work/engine.js";
import { lockDatabaseFile, lockDataDir } from "./data-dir-lock.js";
import { type BootstrapInfo, ensureBootstrapped } from "./first-start.js";
import { createLogger, type LogFormat, type LogLevel } from "./logger.js";
import { type RuntimeChoice, type RuntimeSelection, selectRuntime } from "./runtime-selection.js";

export interface ServeOptions {
  host?: string;
  port?: number;
  dataDir: string;
  /** A file path, ":memory:" or a PostgreSQL URL; defaults to `<dataDir>/caisson.db`. */
  database?: string;
  /** Bootstrap a new operator tenancy even though the data directory holds files of an earlier start. */
  startOver?: boolean;
  runtime?: RuntimeChoice;
  region?: string;
  dockerHost?: string;
  holderImage?: string;
  /** Whether images are pulled on every create ("always", the default) or only when missing. */
  pullPolicy?: PullPolicy;
  /** Started holders kept ready per subnet network (0 or unset: none). */
  holderPool?: number;
  /** The walls between tenants' containers (pids limit, capabilities ALL grants, user namespaces). */
  isolation?: IsolationPolicy;
  /** Registry hosts tenants' images may come from; empty or unset = any. */
  allowedRegistries?: string[];
  /** Which host ports tenants may publish with the caisson.publish tag (default 127.0.0.1:1024-65535). */
  publishPolicy?: PublishPolicy;
  /** Whether tenants may exec into their running containers (default true). */
  exec?: boolean;
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
  /** PostgreSQL only: how long the leader's lease lasts without renewal (renewed every third). */
  leaderLeaseMs?: number;
  /** How long a claimed work request stays this replica's without renewal (renewed every third). */
  workLeaseMs?: number;
  /** The built web console served under /console/ (the `caisson` package ships it); absent: none served. */
  consoleDir?: string;
  /** How long a console session lasts (default 12 hours). */
  consoleSessionTtlMs?: number;
  /** Event and log streams one tenancy may hold open at once (default 16). */
  maxStreamsPerTenancy?: number;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  engine: WorkEngine;
  reconciler: Reconciler;
  /** Whether this replica runs the singleton work now (always, on SQLite). */
  leadership: Leadership;
  runtime: RuntimeSelection;
  bootstrap: BootstrapInfo;
  firstStart: boolean;
  /** The operator's one-time console sign-in link (24 hours), when the console is served. */
  consoleSignInUrl?: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 9911;
export const DEFAULT_REGION = "us-ashburn-1";
/** Requests per second per user when `rateLimit` is not given. */
export const DEFAULT_RATE_LIMIT = 100;
/** How long a refused request's 429 is held, so a flood is slowed to its connections' pace (HttpLimits). */
export const REFUSAL_DELAY_MS = 250;
/** The leader's lease on PostgreSQL: a dead leader is replaced within this plus a third of it. */
export const DEFAULT_LEADER_LEASE_MS = 5_000;

export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
}

/**
 * Starts Caisson: checks that the port is free and the runtime answers (before the data directory is touched,
 * so a start that cannot serve leaves nothing behind), locks the data directory and the database file, opens
 * and migrates the store, bootstraps on first start (or refuses a lost database), resumes unfinished work, and
 * listens. `close()` stops in the reverse order and loses nothing:
 * unfinished work requests are simply picked up at the next start.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const region = options.region ?? DEFAULT_REGION;
  const log = options.log ?? (() => {});
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? DEFAULT_PORT;
  await assertPortFree(host, port);
  const logger =
    options.logger ??
    createLogger({ level: options.logLevel ?? "info", ...(options.logFormat && { format: options.logFormat }) });
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const runtime = options.driver
    ? { driver: options.driver, reason: "provided", attempts: [] }
    : await selectRuntime(options.runtime ?? "auto", {
        clock,
        dataDir: options.dataDir,
        ...(options.dockerHost && { dockerHost: options.dockerHost }),
        ...(options.holderImage && { holderImage: options.holderImage }),
        ...(options.pullPolicy && { pullPolicy: options.pullPolicy }),
        ...(options.holderPool !== undefined && { holderPool: options.holderPool }),
        ...(options.isolation && { isolation: options.isolation }),
        ...(options.allowedRegistries && { allowedRegistries: options.allowedRegistries }),
        ...(options.emulatedDelayMs !== undefined && { emulatedDelayMs: options.emulatedDelayMs }),
      });
  const cleanups: Array<() => Promise<void>> = [() => runtime.driver.close()];
  const unwind = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const lock = await lockDataDir(options.dataDir);
    cleanups.push(() => lock.release());
    const database = options.database ?? join(options.dataDir, "caisson.db");
    if (isSqliteFile(database)) {
      const databaseLock = await lockDatabaseFile(database);
      cleanups.push(() => databaseLock.release());
    }
    const opened = await openDatabase(database);
    // Replicas sharing PostgreSQL wake each other's event streams through LISTEN/NOTIFY; SQLite has one process.
    const wakeup =
      opened.dialect === "postgres"
        ? await PgEventWakeup.connect(database, {
            onError: (error) => logger.warn({ err: error }, "event wake-ups: the listening connection failed"),
          }).catch(async (error) => {
            await opened.close();
            throw error;
          })
        : undefined;
    const store = createStore(opened, wakeup);
    cleanups.push(() => store.close());
    // Replicas starting together on one PostgreSQL bootstrap once: the first creates the operator's tenancy,
    // the others wait for the lock, find it, and write the operator's files into their own data directories.
    const { info, created, outcome } = await store.exclusively("caisson:bootstrap", async () => {
      const installationId = await store.leases.installationId(`installation-${randomUUID()}`, toRfc3339(clock.now()));
      if (store.dialect === "postgres") runtime.driver.shareWithReplicas?.(installationId);
      return ensureBootstrapped(store, {
        dataDir: options.dataDir,
        region,
        clock,
        startOver: options.startOver ?? false,
        ephemeralStore: database === ":memory:",
      });
    });
    if (outcome === "repaired") {
      log(`The operator's config, key or bootstrap.json in ${options.dataDir} were missing or stale; rewritten.`);
    }
    if (runtime.warning) log(`WARNING: ${runtime.warning}`);
    const retention = new EventRetention({
      events: store.events,
      clock,
      onError: (error) => logger.error({ err: error }, "pruning the event log failed"),
    });
    retention.start();
    cleanups.push(() => retention.stop());

    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const metrics = new ServiceMetrics(registry, store);
    const leadership: Leadership =
      store.dialect === "postgres"
        ? new LeaseLeadership(store.leases, {
            leaseMs: options.leaderLeaseMs ?? DEFAULT_LEADER_LEASE_MS,
            onError: (error) => logger.warn({ err: error }, "leader lease: the database did not answer"),
          })
        : new SoleLeadership();
    const engine = new WorkEngine(
      { store, runtime: runtime.driver, clock, deletedRetentionMs: 60 * 60 * 1000 },
      {
        ...(options.workLeaseMs !== undefined && { leaseMs: options.workLeaseMs }),
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
    const { app, consoleSessions } = assembleApp({
      store,
      clock,
      runtime: runtime.driver,
      region,
      onWorkAccepted: () => engine.kick(),
      ...(options.allowedRegistries && { allowedRegistries: options.allowedRegistries }),
      ...(options.publishPolicy && { publishPolicy: options.publishPolicy }),
      ...(options.exec !== undefined && { exec: options.exec }),
      log,
      describe: () => ({ region, isolation: runtime.driver.describeIsolation?.() ?? "none: nothing runs" }),
      replica: async () => ({
        replicaId: leadership.replicaId,
        leader: leadership.holds(),
        databaseReachable: await databaseReachable(store),
      }),
      logger,
      ...(rateLimit > 0 && { rateLimit: { perSecond: rateLimit } }),
      metrics: { registry, public: options.metricsPublic ?? false },
      limits: { refusalDelayMs: REFUSAL_DELAY_MS, ...options.httpLimits },
      console: {
        files:
          options.consoleDir && hasConsoleBuild(options.consoleDir) ? loadConsoleFiles(options.consoleDir) : new Map(),
        sessionTtlMs: options.consoleSessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
      },
      ...(options.maxStreamsPerTenancy !== undefined && { maxStreamsPerTenancy: options.maxStreamsPerTenancy }),
    });
    cleanups.push(() => closeWithin(app, CLOSE_GRACE_MS));
    // Serve first: reads need nothing below, and work accepted meanwhile waits, durably, for the engine. With
    // 100,000 instances adoption takes a while, and health must not wait for it.
    const address = await app.listen({ host, port }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === "EADDRINUSE" ? portInUse(host, port) : error;
    });
    // Only this process can use a SQLite database (its file is locked), so leases of earlier processes are dead;
    // PostgreSQL may be shared by replicas, whose leases simply expire.
    await engine.start({ soleOwner: store.dialect === "sqlite" });
    cleanups.push(() => engine.stop());
    const reconciler = new Reconciler(
      { store, runtime: runtime.driver, clock },
      {
        onError: (error) => {
          metrics.engineError("reconciler");
          logger.error({ err: error }, "reconciler failed");
        },
        fence: () => leadership.confirm(),
      },
    );
    // The singleton work runs on the leader only: adoption and orphan removal when it takes over, then the
    // reconciler. Emulated containers never exit or fail behind Caisson's back, so there is nothing to reconcile;
    // with 100,000 instances a resync loop would only burn the CPU that requests need.
    const singletons = new SingletonRunner(
      leadership,
      {
        takeOver: async () => {
          const adoption = await adoptOnStart({ store, runtime: runtime.driver, clock });
          if (adoption.orphansRemoved.length > 0) {
            log(
              `removed ${adoption.orphansRemoved.length} orphaned instance(s) from the engine: ${adoption.orphansRemoved.join(", ")}`,
            );
          }
        },
        start: () => {
          if (runtime.driver.capabilities.runsProcesses) reconciler.start();
        },
        stop: () => reconciler.stop(),
      },
      (error) => logger.error({ err: error }, "singleton work failed"),
    );
    registerReplicaMetrics(registry, {
      leadership,
      databaseReachable: () => databaseReachable(store),
      takeOvers: () => singletons.takeOvers,
    });
    if (store.dialect === "postgres") {
      log(`replica ${leadership.replicaId} (host ${hostname()}, pid ${process.pid}) sharing ${store.location}`);
    }
    singletons.start();
    await leadership.start();
    cleanups.push(async () => {
      await leadership.stop();
      await singletons.stop();
    });
    await singletons.settled();
    // The link is one-time: the hash of its token is stored, the token itself only printed.
    const signInToken = await consoleSessions?.newSignInLink({
      tenancyId: info.tenancyId,
      userId: info.userId,
      fingerprint: info.fingerprint,
    });
    return {
      url: address,
      ...(signInToken && { consoleSignInUrl: `${address}/console/#sign-in=${signInToken}` }),
      app,
      store,
      engine,
      reconciler,
      leadership,
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

/** How long a stop waits for requests in flight before it closes the connections still open. */
const CLOSE_GRACE_MS = 5_000;

/**
 * Closes the app, waiting up to `graceMs` for what is in flight. Some clients (Node's fetch after an aborted
 * stream) leave a connection open on which no request ever completes; without a bound, a stop would wait for
 * the request timeout.
 */
async function closeWithin(app: FastifyInstance, graceMs: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}

const isSqliteFile = (location: string) => location !== ":memory:" && !/^postgres(ql)?:\/\//.test(location);

/**
 * Binds the port once and lets it go, so that "port in use" is said before the data directory, the tenancy or
 * the config file exist. Another process could take the port in between; `listen` then says the same.
 */
async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolveFree, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? portInUse(host, port) : error),
    );
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolveFree()));
  });
}

const portInUse = (host: string, port: number) =>
  new PortInUseError(
    `Port ${port} on ${host} is already in use (another Caisson?). Stop what uses it, or choose another port with --port, e.g. --port ${port === 65535 ? port - 1 : port + 1}.`,
  );
