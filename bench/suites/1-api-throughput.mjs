// API throughput and latency: signed GetContainerInstance and ListContainerInstances (limit 50) against a
// running `caisson serve`, loaded by autocannon from another process, compared with a bare node:http server
// answering the same JSON body on the same machine.
import { CaissonApi } from "../lib/api.mjs";
import { figure, info } from "../lib/figures.mjs";
import { runLoad } from "../lib/load-generator.mjs";
import { startBareServer, startCaisson } from "../lib/processes.mjs";
import { bootstrapDataDir, seedInstances } from "../lib/seed.mjs";

export const name = "api-throughput";

const CONNECTIONS = 10;

export async function run(ctx) {
  const seconds = ctx.quick ? 3 : 8;
  const dataDir = await bootstrapDataDir("throughput");
  seedInstances(dataDir, 99);
  const server = await startCaisson(dataDir, {
    nodeArgs: process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
  });
  const api = new CaissonApi(server.url, dataDir);
  const figures = [];
  try {
    const { compartmentId } = api.identity;
    const list = (await api.call("GET", `/20210415/containerInstances?compartmentId=${compartmentId}&limit=50`)).json();
    if (list.items.length !== 50) throw new Error(`expected a full page of 50, got ${list.items.length}`);
    const operations = [
      ["GetContainerInstance", `/20210415/containerInstances/${list.items[0].id}`],
      ["ListContainerInstances limit=50", `/20210415/containerInstances?compartmentId=${compartmentId}&limit=50`],
    ];
    for (const [operation, path] of operations) {
      const body = (await api.call("GET", path)).text;
      const bare = await startBareServer(body);
      try {
        // Signatures are valid for 5 minutes: sign right before each run, once per URL.
        const load = async (target, extra) => {
          const signed = target === "caisson" ? (await api.prepare("GET", path)).headers : {};
          const url = `${target === "caisson" ? server.url : bare.url}${path}`;
          const result = await runLoad({
            url,
            headers: signed,
            connections: CONNECTIONS,
            durationSec: seconds,
            ...extra,
          });
          if (result.non2xx > 0 || result.errors > 0) {
            throw new Error(`${operation} on ${target}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
          }
          return result;
        };
        ctx.log(`${operation}: warm-up`);
        await load("bare", { durationSec: 2 });
        await load("caisson", { durationSec: 2 });
        ctx.log(`${operation}: peak`);
        const barePeak = await load("bare");
        const peak = await load("caisson");
        const rate = Math.max(1, Math.round(peak.rps / 2));
        ctx.log(`${operation}: half of peak, ${rate} req/s`);
        const bareHalf = await load("bare", { overallRate: rate });
        const half = await load("caisson", { overallRate: rate });
        figures.push(
          figure({
            figure: `${operation}: requests/s at peak (${CONNECTIONS} connections)`,
            value: peak.rps,
            baseline: barePeak.rps,
            unit: "req/s",
            goal: { on: "ratio", op: ">=", target: 0.4 },
          }),
          figure({
            figure: `${operation}: p99 latency at half of peak (${rate} req/s)`,
            value: half.latency.p99,
            baseline: bareHalf.latency.p99,
            unit: "ms",
            goal: { on: "value", op: "<", target: 10 },
          }),
          info(`${operation}: p50 latency at half of peak`, half.latency.p50, "ms", `bare: ${bareHalf.latency.p50} ms`),
          info(`${operation}: response size`, Buffer.byteLength(body), "bytes"),
        );
      } finally {
        await bare.stop();
      }
    }
  } finally {
    api.close();
    await server.stop();
  }
  ctx.note("Load: autocannon, 1 worker, in its own process; server single-process; both share the machine's cores.");
  ctx.note(
    "The baseline is a bare node:http server answering the same body; the GET signature is verified on every request.",
  );
  return figures;
}
