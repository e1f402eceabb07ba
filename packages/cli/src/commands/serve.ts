import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT,
  DEFAULT_REGION,
  LOG_LEVELS,
  type LogLevel,
  type RuntimeChoice,
  startServer,
} from "@caisson/server";
import { UsageError } from "../errors.js";
import type { Output } from "../output.js";

export const SERVE_HELP = `Usage: caisson serve [options]

Starts the Caisson server: the OCI Container Instances API 20210415 on a local port.

Options:
  --host HOST          address to listen on (default 127.0.0.1)
  --port PORT          port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --data-dir DIR       where state, the OCI config file and the API key live (default ~/.caisson)
  --database PATH      SQLite file, or :memory: (default <data-dir>/caisson.db)
  --runtime NAME       auto (default), docker (Docker or Podman, required) or emulated (runs nothing)
  --docker-host URL    engine endpoint, e.g. unix:///run/podman/podman.sock (else DOCKER_HOST, else discovery)
  --holder-image REF   image that holds each instance's network namespace (needs only \`sleep\`;
                       default docker.io/library/busybox:1.36; use a local image on offline machines)
  --pull-policy P      always (default: every create asks the registry) or if-not-present
  --region REGION      region id used in OCIDs and the config file (default ${DEFAULT_REGION})
  --emulated-delay MS  with the emulated runtime, how long each lifecycle step takes (default 0)
  --rate-limit N       requests per second each user may make, in bursts of up to 2N (default
                       ${DEFAULT_RATE_LIMIT}); more get 429 TooManyRequests with retry-after; 0 turns it off
  --max-connections-per-client N
                       connections one client address may hold open (default 128; 0: no cap)
  --log-level LEVEL    fatal, error, warn, info (default), debug, trace or silent
  --log-format FORMAT  json or pretty (default: pretty on a terminal, json otherwise)
  --metrics-public     answer GET /metrics from any address (default: loopback callers only)

Example:
  caisson serve --port 9911 --runtime auto
`;

export async function serveCommand(argv: string[], out: Output): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      "data-dir": { type: "string" },
      database: { type: "string" },
      runtime: { type: "string" },
      "docker-host": { type: "string" },
      "holder-image": { type: "string" },
      "pull-policy": { type: "string" },
      region: { type: "string" },
      "emulated-delay": { type: "string" },
      "rate-limit": { type: "string" },
      "max-connections-per-client": { type: "string" },
      "log-level": { type: "string" },
      "log-format": { type: "string" },
      "metrics-public": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    out.stdout(SERVE_HELP);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0..65535, got ${values.port}`);
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
  const rateLimit = wholeNumber(values["rate-limit"], "--rate-limit");
  const maxConnections = wholeNumber(values["max-connections-per-client"], "--max-connections-per-client");
  const logLevel = values["log-level"] as LogLevel | undefined;
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(", ")}, got ${logLevel}`);
  }
  const logFormat = values["log-format"];
  if (logFormat !== undefined && logFormat !== "json" && logFormat !== "pretty") {
    throw new UsageError(`--log-format must be json or pretty, got ${logFormat}`);
  }
  const dataDir = resolve(values["data-dir"] ?? join(homedir(), ".caisson"));
  const server = await startServer({
    dataDir,
    port,
    runtime,
    ...(values.host && { host: values.host }),
    ...(values.database && { database: values.database }),
    ...(values.region && { region: values.region }),
    ...(values["docker-host"] && { dockerHost: values["docker-host"] }),
    ...(values["holder-image"] && { holderImage: values["holder-image"] }),
    ...(pullPolicy && { pullPolicy: pullPolicy === "always" ? "always" : "ifNotPresent" }),
    ...(emulatedDelayMs !== undefined && { emulatedDelayMs }),
    ...(rateLimit !== undefined && { rateLimit }),
    ...(maxConnections !== undefined && { httpLimits: { maxConnectionsPerAddress: maxConnections } }),
    ...(logLevel && { logLevel }),
    ...(logFormat && { logFormat }),
    ...(values["metrics-public"] && { metricsPublic: true }),
    log: (line) => out.stderr(`${line}\n`),
  });
  const b = server.bootstrap;
  out.stdout(
    [
      `Caisson — OCI Container Instances API 20210415 ${server.firstStart ? "(first start: tenancy created)" : ""}`.trimEnd(),
      `  endpoint     ${server.url}`,
      `  runtime      ${server.runtime.driver.describe()} — ${server.runtime.reason}`,
      `  store        ${server.store.location}`,
      `  region       ${b.region}`,
      `  tenancy      ${b.tenancyId}  (root compartment)`,
      `  subnet       ${b.subnetId}`,
      `  config       ${b.configFile}  (profile DEFAULT)`,
      "",
      "Try it:",
      `  caisson run --endpoint ${server.url} --config-file ${b.configFile} busybox -- echo hello`,
      `  oci --config-file ${b.configFile} --endpoint ${server.url} container-instances container-instance list --compartment-id ${b.compartmentId}`,
      "",
    ].join("\n"),
  );

  await new Promise<void>((resolveStop) => {
    const stop = (signal: string) => {
      out.stderr(`Received ${signal}; shutting down.\n`);
      server.close().then(resolveStop, resolveStop);
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  return 0;
}

function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new UsageError(`${flag} must be a whole number, got ${value}`);
  return n;
}

export { UsageError };
