// Drives HTTP load with autocannon from a separate process (so the generator's CPU is not the server's), one
// worker. Run as a script it reads its options as JSON from argv[2] and prints a JSON summary; imported, it
// exposes `runLoad`, which spawns that script.
import { fileURLToPath } from "node:url";
import { spawnNode, stopChild } from "./processes.mjs";

const SELF = fileURLToPath(import.meta.url);

/**
 * @param {{url: string, headers?: object, method?: string, body?: string, connections?: number,
 *   durationSec?: number, overallRate?: number}} options
 * @returns {Promise<{rps: number, total: number, non2xx: number, statusCodes: Record<string, number>,
 *   errors: number, timeouts: number,
 *   latency: {p50: number, p90: number, p99: number, max: number, mean: number}}>}
 */
export async function runLoad(options) {
  const child = spawnNode([SELF, JSON.stringify(options)]);
  const timer = setTimeout(() => stopChild(child, 1000), ((options.durationSec ?? 10) + 30) * 1000);
  const { code } = await child.exited;
  clearTimeout(timer);
  const line = child.output.split("\n").find((l) => l.startsWith("{"));
  if (code !== 0 || !line) throw new Error(`load generator failed (${code}):\n${child.output}`);
  return JSON.parse(line);
}

async function main() {
  const { default: autocannon } = await import("autocannon");
  const o = JSON.parse(process.argv[2]);
  // autocannon writes its own content-length for a body: a second one makes the request invalid HTTP, which the
  // server's parser refuses (400) before any of Caisson's code runs.
  const headers = Object.fromEntries(
    Object.entries(o.headers ?? {}).filter(([name]) => o.body === undefined || name.toLowerCase() !== "content-length"),
  );
  const result = await autocannon({
    url: o.url,
    method: o.method ?? "GET",
    headers,
    ...(o.body !== undefined && { body: o.body }),
    connections: o.connections ?? 10,
    duration: o.durationSec ?? 10,
    ...(o.overallRate && { overallRate: o.overallRate }),
    workers: 0,
    timeout: 10,
  });
  const l = result.latency;
  const summary = {
    rps: result.requests.total / (result.duration || o.durationSec || 10),
    total: result.requests.total,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
    errors: result.errors,
    timeouts: result.timeouts,
    latency: { p50: l.p50, p90: l.p90, p99: l.p99, max: l.max, mean: l.average },
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

if (process.argv[1] === SELF) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
