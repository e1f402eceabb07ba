import { realpathSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ContainerCapabilityType } from "@caisson/api";
import {
  DEFAULT_HOLDER_POOL,
  DEFAULT_LEADER_LEASE_MS,
  DEFAULT_PIDS_LIMIT,
  DEFAULT_PORT,
  DEFAULT_PUBLISH_POLICY_TEXT,
  DEFAULT_RATE_LIMIT,
  DEFAULT_REGION,
  describePublishPolicy,
  type IsolationPolicy,
  LOG_LEVELS,
  type LogLevel,
  MAX_HOLDER_POOL,
  type PublishPolicy,
  parsePublishPolicy,
  type RuntimeChoice,
  startServer,
} from "@caisson/server";
import { closest } from "../cli/did-you-mean.js";
import { presentError } from "../cli/present-error.js";
import { UsageError } from "../errors.js";
import type { Output } from "../output.js";

export const SERVE_HELP = `Usage: caisson serve [options]

Starts the Caisson server: the OCI Container Instances API 20210415 on a local port.

Options:
  --host HOST          address to listen on (default 127.0.0.1)
  --port PORT          port to listen on (default $CAISSON_PORT, else ${DEFAULT_PORT}; 0 picks a free one)
  --data-dir DIR       where state, the OCI config file and the API key live (default ~/.caisson)
  --database PATH      SQLite file, :memory: or a PostgreSQL URL (default <data-dir>/caisson.db)
  --start-over         create a new operator tenancy, config and key although the data directory holds
                       those of an earlier start whose database is missing or empty (the old ones are lost)
  --runtime NAME       auto (default), docker (Docker or Podman, required) or emulated (runs nothing)
  --docker-host URL    engine endpoint, e.g. unix:///run/podman/podman.sock (else DOCKER_HOST, else discovery)
  --holder-image REF   image that holds each instance's network namespace (needs only \`sleep\`;
                       default docker.io/library/busybox:1.36; use a local image on offline machines)
  --pull-policy P      always (default: every create asks the registry) or if-not-present
  --holder-pool N      started holders kept ready per subnet, so a create starts only its app
                       containers (default ${DEFAULT_HOLDER_POOL}; 0 turns the pool off)
  --region REGION      region id used in OCIDs and the config file (default ${DEFAULT_REGION})
  --emulated-delay MS  with the emulated runtime, how long each lifecycle step takes (default 0)
  --rate-limit N       requests per second each user may make, in bursts of up to 2N (default
                       ${DEFAULT_RATE_LIMIT}); more get 429 TooManyRequests with retry-after; 0 turns it off
  --max-connections-per-client N
                       connections one client address may hold open (default 128; 0: no cap)
  --max-requests-per-user N
                       requests of one user processed at once (default 4; 0: no limit); up to 16N
                       more wait their turn, past that 429 TooManyRequests
  --max-streams-per-tenancy N
                       event and log streams one tenancy may hold open at once (default 16);
                       more get 429 TooManyRequests
  --log-level LEVEL    fatal, error, warn, info (default), debug, trace or silent
  --log-format FORMAT  json or pretty (default: pretty on a terminal, json otherwise)
  --metrics-public     answer GET /metrics from any address (default: loopback callers only)
  --console-session-ttl DURATION
                       how long a web console session lasts, e.g. 30m, 8h, 7d (default 12h); the console is
                       at <endpoint>/console/ and the banner prints a one-time sign-in link (24 h)

Replicas (several 'caisson serve' on one PostgreSQL database; see docs/operations.md):
  --leader-lease-ms MS how long the leader (reconciler, adoption, orphan removal) holds its lease without
                       renewing it; a dead leader is replaced within MS + MS/3 (default ${DEFAULT_LEADER_LEASE_MS})
  --work-lease-ms MS   how long a claimed work request stays a replica's without renewal; a dead replica's
                       work is taken over after it (default 30000)

Tenant isolation (see docs/security.md):
  --pids-limit N                 processes per container (default ${DEFAULT_PIDS_LIMIT})
  --allow-capability CAP[,CAP]   capabilities that addCapabilities ["ALL"] grants beyond OCI's 14
                                 (default none: ALL means OCI's 14, never the engine's every capability)
  --user-namespaces off|auto     auto: each instance in its own user namespace (Podman userns=auto;
                                 Docker needs dockerd --userns-remap) (default off)
  --allowed-registries H[,H]     registry hosts tenants' images may come from; localhost = local images
                                 (default any)
  --publish-ports off|ADDR:FROM-TO[,...]
                                 host ports tenants may publish (caisson.publish tag, run --publish);
                                 never below 1024 (default ${DEFAULT_PUBLISH_POLICY_TEXT})
  --exec on|off                  whether tenants may exec into their running containers (default on;
                                 off: the exec endpoint answers 404 as if it did not exist)

Example:
  caisson serve --port 9911 --runtime auto

If it cannot start, 'caisson doctor' (with the same --data-dir, --database, --port and --docker-host) checks
everything it needs and prints the command that fixes each problem.
`;

export interface ServeHooks {
  /** Called once the server listens and its banner is printed. */
  onStarted?: () => void;
}

export async function serveCommand(
  argv: string[],
  out: Output,
  env = process.env,
  hooks: ServeHooks = {},
): Promise<number> {
  const options = {
    host: { type: "string" },
    port: { type: "string" },
    "data-dir": { type: "string" },
    database: { type: "string" },
    "start-over": { type: "boolean" },
    runtime: { type: "string" },
    "docker-host": { type: "string" },
    "holder-image": { type: "string" },
    "pull-policy": { type: "string" },
    "holder-pool": { type: "string" },
    region: { type: "string" },
    "emulated-delay": { type: "string" },
    "pids-limit": { type: "string" },
    "allow-capability": { type: "string", multiple: true },
    "user-namespaces": { type: "string" },
    "allowed-registries": { type: "string", multiple: true },
    "publish-ports": { type: "string" },
    exec: { type: "string" },
    "rate-limit": { type: "string" },
    "max-connections-per-client": { type: "string" },
    "max-requests-per-user": { type: "string" },
    "max-streams-per-tenancy": { type: "string" },
    "log-level": { type: "string" },
    "log-format": { type: "string" },
    "metrics-public": { type: "boolean" },
    "leader-lease-ms": { type: "string" },
    "work-lease-ms": { type: "string" },
    "console-session-ttl": { type: "string" },
    help: { type: "boolean", short: "h" },
  } as const;
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof options; strict: true }>>["values"];
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true }));
  } catch (error) {
    const unknown = /^Unknown option '--([^'=]+)'/.exec((error as Error).message)?.[1];
    const guess = unknown === undefined ? undefined : closest(unknown, Object.keys(options));
    if (!guess) throw error;
    throw new UsageError(`Unknown option '--${unknown}'; did you mean --${guess}?`, "serve");
  }
  if (values.help) {
    out.stdout(SERVE_HELP);
    return 0;
  }
  const portText = values.port ?? env.CAISSON_PORT;
  const port = portText === undefined || portText === "" ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0..65535, got ${portText}`);
  const runtime = (values.runtime ?? "auto") as RuntimeChoice;
  if (!["auto", "docker", "emulated"].includes(runtime)) {
    throw new UsageError(`--runtime must be auto, docker or emulated, got ${values.runtime}`);
  }
  const emulatedDelayMs = values["emulated-delay"] === undefined ? undefined : Number(values["emulated-delay"]);
  if (emulatedDelayMs !== undefined && !(Number.isInteger(emulatedDelayMs) && emulatedDelayMs >= 0)) {
    throw new UsageError(`--emulated-delay must be a whole number of milliseconds, got ${values["emulated-delay"]}`);
  }
  const pullPolicy = values["pull-policy"];
  if (pullPolicy !== undefined && pullPolicy !== "always" && pullPolicy !== "if-not-present") {
    throw new UsageError(`--pull-policy must be always or if-not-present, got ${pullPolicy}`);
  }
  const isolation = isolationFromFlags(values);
  const allowedRegistries = listFlag(values["allowed-registries"]);
  const rateLimit = wholeNumber(values["rate-limit"], "--rate-limit");
  const execFlag = values.exec ?? "on";
  if (execFlag !== "on" && execFlag !== "off") throw new UsageError(`--exec must be on or off, got ${execFlag}`);
  let publishPolicy: PublishPolicy;
  try {
    publishPolicy = parsePublishPolicy(values["publish-ports"] ?? DEFAULT_PUBLISH_POLICY_TEXT);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const maxConnections = wholeNumber(values["max-connections-per-client"], "--max-connections-per-client");
  const maxRequests = wholeNumber(values["max-requests-per-user"], "--max-requests-per-user");
  const holderPool = wholeNumber(values["holder-pool"], "--holder-pool") ?? DEFAULT_HOLDER_POOL;
  if (holderPool > MAX_HOLDER_POOL)
    throw new UsageError(`--holder-pool must be at most ${MAX_HOLDER_POOL}, got ${holderPool}`);
  const leaderLeaseMs = leaseFlag(values["leader-lease-ms"], "--leader-lease-ms");
  const workLeaseMs = leaseFlag(values["work-lease-ms"], "--work-lease-ms");
  const maxStreams = wholeNumber(values["max-streams-per-tenancy"], "--max-streams-per-tenancy");
  const logLevel = values["log-level"] as LogLevel | undefined;
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(", ")}, got ${logLevel}`);
  }
  const logFormat = values["log-format"];
  if (logFormat !== undefined && logFormat !== "json" && logFormat !== "pretty") {
    throw new UsageError(`--log-format must be json or pretty, got ${logFormat}`);
  }
  const consoleSessionTtlMs = duration(values["console-session-ttl"], "--console-session-ttl");
  const dataDir = resolve(values["data-dir"] ?? join(homedir(), ".caisson"));
  const server = await startServer({
    dataDir,
    port,
    runtime,
    ...(values.host && { host: values.host }),
    ...(values.database && { database: values.database }),
    ...(values["start-over"] && { startOver: true }),
    ...(values.region && { region: values.region }),
    ...(values["docker-host"] && { dockerHost: values["docker-host"] }),
    ...(values["holder-image"] && { holderImage: values["holder-image"] }),
    ...(pullPolicy && { pullPolicy: pullPolicy === "always" ? "always" : "ifNotPresent" }),
    holderPool,
    ...(emulatedDelayMs !== undefined && { emulatedDelayMs }),
    isolation,
    ...(allowedRegistries.length > 0 && { allowedRegistries }),
    publishPolicy,
    exec: execFlag === "on",
    ...(rateLimit !== undefined && { rateLimit }),
    ...((maxConnections !== undefined || maxRequests !== undefined) && {
      httpLimits: {
        ...(maxConnections !== undefined && { maxConnectionsPerAddress: maxConnections }),
        ...(maxRequests !== undefined && { maxRequestsInFlightPerUser: maxRequests }),
      },
    }),
    ...(maxStreams !== undefined && { maxStreamsPerTenancy: maxStreams }),
    ...(logLevel && { logLevel }),
    ...(logFormat && { logFormat }),
    ...(values["metrics-public"] && { metricsPublic: true }),
    ...(leaderLeaseMs !== undefined && { leaderLeaseMs }),
    ...(workLeaseMs !== undefined && { workLeaseMs }),
    // Built beside this file's folder: dist/console next to dist/commands (tsc) and dist/bundle (the bundle).
    consoleDir: fileURLToPath(new URL("../console/", import.meta.url)),
    ...(consoleSessionTtlMs !== undefined && { consoleSessionTtlMs }),
    log: (line) => out.stderr(`${line}\n`),
  }).catch((error: unknown) => {
    // The error says what went wrong; doctor says everything else this machine lacks, with the fixes.
    const flags = [
      values["data-dir"] && `--data-dir ${dataDir}`,
      values.database && `--database ${values.database}`,
      values.port && `--port ${port}`,
      values["docker-host"] && `--docker-host ${values["docker-host"]}`,
    ].filter(Boolean);
    const code = presentError(error, out, env);
    out.stderr(`To check what this machine lacks: ${[commandName(env), "doctor", ...flags].join(" ")}\n`);
    return code;
  });
  if (typeof server === "number") return server;
  // Listen for signals before the banner: whoever reads the endpoint from it may stop the server at once, and a
  // SIGTERM without a listener would kill the process without closing the store or releasing its locks.
  const stopped = new Promise<void>((resolveStop) => {
    let stopping = false;
    const stop = (why: string) => {
      if (stopping) return;
      stopping = true;
      out.stderr(`${why}; shutting down.\n`);
      server.close().then(resolveStop, resolveStop);
    };
    process.once("SIGTERM", () => stop("Received SIGTERM"));
    process.once("SIGINT", () => stop("Received SIGINT"));
    // Under `npx caisson serve` the process tree is npm → sh → node, and npm's signal reaches only the shell:
    // without this the server outlived npx, holding the port and the data-directory lock. Started by npm, it
    // stops as soon as its parent is gone.
    if (env.npm_execpath) {
      const parent = process.ppid;
      const watch = setInterval(() => {
        if (process.ppid === parent) return;
        clearInterval(watch);
        stop("The npm process that started it (npx) has ended");
      }, 250);
      watch.unref();
    }
  });
  const b = server.bootstrap;
  const caisson = commandName(env);
  out.stdout(
    [
      `Caisson — OCI Container Instances API 20210415 ${server.firstStart ? "(first start: tenancy created)" : ""}`.trimEnd(),
      `  endpoint     ${server.url}`,
      `  runtime      ${server.runtime.driver.describe()} — ${server.runtime.reason}`,
      `  isolation    ${server.runtime.driver.describeIsolation?.() ?? "none: nothing runs"}${allowedRegistries.length ? `; registries: ${allowedRegistries.join(", ")}` : ""}`,
      `  ports        ${describePublishPolicy(publishPolicy)}  (published ports tenants may ask for); exec ${execFlag}`,
      `  store        ${server.store.location}`,
      `  region       ${b.region}`,
      `  tenancy      ${b.tenancyId}  (root compartment)`,
      `  subnet       ${b.subnetId}`,
      `  config       ${b.configFile}  (profile DEFAULT)`,
      ...(server.consoleSignInUrl ? [`  console      ${server.consoleSignInUrl}  (sign-in link: once, 24 h)`] : []),
      "",
      "Try it:",
      `  ${caisson} run --endpoint ${server.url} --config-file ${b.configFile} busybox -- echo hello`,
      `  oci --config-file ${b.configFile} --endpoint ${server.url} container-instances container-instance list --compartment-id ${b.compartmentId}`,
      "",
    ].join("\n"),
  );
  hooks.onStarted?.();

  await stopped;
  return 0;
}

/**
 * How the reader can call `caisson` again: by name when it is on their PATH (a global install), else through
 * `npx` (a local install). node_modules/.bin entries do not count: npx and npm scripts put them on the PATH
 * of their child only, not of the reader's shell.
 */
export function commandName(env: NodeJS.ProcessEnv): string {
  const self = realpathOrUndefined(process.argv[1] ?? "");
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir || /node_modules[\\/]\.bin[\\/]?$/.test(dir) || self === undefined) continue;
    if (realpathOrUndefined(join(dir, "caisson")) === self) return "caisson";
  }
  return "npx caisson";
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Comma-separated or repeated flag values, trimmed, empties dropped. */
function listFlag(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

const CAPABILITY = /^CAP_[A-Z_]+$/;

function isolationFromFlags(values: {
  "pids-limit"?: string;
  "allow-capability"?: string[];
  "user-namespaces"?: string;
}): IsolationPolicy {
  const pidsLimit = values["pids-limit"] === undefined ? DEFAULT_PIDS_LIMIT : Number(values["pids-limit"]);
  if (!Number.isInteger(pidsLimit) || pidsLimit < 16) {
    throw new UsageError(`--pids-limit must be a whole number of at least 16, got ${values["pids-limit"]}`);
  }
  const extraCapabilities = listFlag(values["allow-capability"]).map((c) => c.toUpperCase());
  for (const capability of extraCapabilities) {
    if (!CAPABILITY.test(capability) || capability === "CAP_ALL") {
      throw new UsageError(`--allow-capability takes capability names like CAP_NET_ADMIN, got ${capability}`);
    }
  }
  const defaults = ContainerCapabilityType as readonly string[];
  const userNamespaces = values["user-namespaces"] ?? "off";
  if (userNamespaces !== "off" && userNamespaces !== "auto") {
    throw new UsageError(`--user-namespaces must be off or auto, got ${userNamespaces}`);
  }
  return { pidsLimit, extraCapabilities: extraCapabilities.filter((c) => !defaults.includes(c)), userNamespaces };
}

const DURATION_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `12h`, `7d` → milliseconds (at least a minute, at most 30 days). */
function duration(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)([smhd])$/.exec(value);
  const ms = match ? Number(match[1]) * (DURATION_UNITS[match[2]!] ?? 0) : Number.NaN;
  if (!(ms >= 60_000 && ms <= 30 * 86_400_000)) {
    throw new UsageError(`${flag} must be a duration from 1m to 30d such as 30m, 12h or 7d, got ${value}`);
  }
  return ms;
}

function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new UsageError(`${flag} must be a whole number, got ${value}`);
  return n;
}

/** A lease below 300 ms would be renewed every 100 ms and lost to any pause; above an hour, failover never comes. */
function leaseFlag(value: string | undefined, flag: string): number | undefined {
  const ms = wholeNumber(value, flag);
  if (ms !== undefined && (ms < 300 || ms > 3_600_000))
    throw new UsageError(`${flag} must be 300..3600000 milliseconds, got ${value}`);
  return ms;
}

export { UsageError };
