import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { maintenance, postgresUrl } from "../../../server/test/support/dialects.js";
import type { SocketEngine } from "./private-podman.js";
import { newDataDir, type ServeProcess, startServe } from "./serve-process.js";

/** A database of its own on the test PostgreSQL server, dropped by `drop()`. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = await postgresUrl();
  const name = `caisson_replicas_${randomBytes(6).toString("hex")}`;
  await maintenance(server, `create database ${name}`);
  return {
    url: server.replace(/\/[^/]*$/, `/${name}`),
    drop: () => maintenance(server, `drop database if exists ${name} with (force)`),
  };
}

/** One statement's rows on `url` (checks a test makes behind the API: leases, fencing tokens). */
export async function query<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface ReplicaHealth {
  status: string;
  replica: { replicaId: string; leader: boolean; databaseReachable: boolean };
}

/** One `caisson serve` replica: its own data directory and port, kept across restarts. */
export class Replica {
  process: ServeProcess | undefined;
  constructor(
    readonly index: number,
    readonly port: number,
    readonly dataDir: string,
    private readonly args: string[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.process?.child.pid ?? -1;
  }

  get alive(): boolean {
    const child = this.process?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  async start(): Promise<ServeProcess> {
    this.process = await startServe({ dataDir: this.dataDir, args: ["--port", String(this.port), ...this.args] });
    return this.process;
  }

  /** Sends the signal; for SIGKILL and SIGTERM waits for the process to end. */
  async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.process?.child;
    if (!child || !this.alive) return;
    if (signal === "SIGKILL" || signal === "SIGTERM") {
      await this.process!.stop(signal);
      return;
    }
    process.kill(child.pid!, signal);
  }

  async health(timeoutMs = 3_000): Promise<ReplicaHealth | undefined> {
    try {
      const response = await fetch(`${this.url}/_caisson/health`, { signal: AbortSignal.timeout(timeoutMs) });
      return (await response.json()) as ReplicaHealth;
    } catch {
      return undefined;
    }
  }
}

/** Arguments every replica of a cluster on the private Podman gets. */
export function replicaArgs(databaseUrl: string, engine: SocketEngine, extra: string[] = []): string[] {
  return [
    "--database",
    databaseUrl,
    "--runtime",
    "docker",
    "--docker-host",
    engine.dockerHost,
    "--holder-image",
    "localhost/busybox:ci",
    "--pull-policy",
    "if-not-present",
    "--rate-limit",
    "0",
    ...extra,
  ];
}

export async function newReplicas(count: number, args: string[]): Promise<Replica[]> {
  const replicas: Replica[] = [];
  for (let i = 0; i < count; i++) replicas.push(new Replica(i, await freePort(), newDataDir(), args));
  return replicas;
}

/** An engine the replica suites start for themselves (a private Podman) or share (CI's Docker). */
export type ClusterEngine = SocketEngine & { start(): Promise<void>; stop(owner?: string): Promise<void> };

export interface ReplicaCluster {
  database: { url: string; drop(): Promise<void> };
  /** Created, not started: suites start (and kill, pause, restart) them as their scenario needs. */
  replicas: Replica[];
  /** Resumes and stops every replica, then stops the engine (removing `owner`'s objects) and drops the database. */
  stop(owner?: string): Promise<void>;
}

/**
 * Three replicas on a fresh database and `engine`, with the short leases the replica suites test with and
 * warnings only in their logs. Whatever was set up is undone by `stop`, also when a later step failed.
 */
export async function replicaCluster(
  engine: ClusterEngine,
  leases: { leaderLeaseMs: number; workLeaseMs: number },
): Promise<ReplicaCluster> {
  let database: ReplicaCluster["database"] | undefined;
  let replicas: Replica[] = [];
  const stop = async (owner?: string) => {
    for (const replica of replicas) {
      await replica.signal("SIGCONT").catch(() => {});
      await replica.signal("SIGTERM").catch(() => {});
    }
    await engine.stop(owner);
    await database?.drop();
  };
  try {
    await engine.start();
    database = await freshDatabase();
    const extra = ["--leader-lease-ms", String(leases.leaderLeaseMs), "--work-lease-ms", String(leases.workLeaseMs)];
    replicas = await newReplicas(3, replicaArgs(database.url, engine, [...extra, "--log-level", "warn"]));
    return { database, replicas, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

/** Polls `probe` until it returns a value (not undefined), with back-off, or fails naming `what`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 20; Date.now() < deadline; delay = Math.min(delay * 2, 250)) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** The replicas whose health says they lead (exactly one, once elections settle). */
export async function leaders(replicas: Replica[]): Promise<Replica[]> {
  const found: Replica[] = [];
  for (const replica of replicas) {
    if (replica.alive && (await replica.health())?.replica.leader) found.push(replica);
  }
  return found;
}
