// Start-up: from process start to the first 200 from /_caisson/health, with an empty store and with a
// 100,000-instance store, against `node -e` starting a bare HTTP server. Goal: under 3× the bare server.
import { readFileSync } from "node:fs";
import { figure, info } from "../lib/figures.mjs";
import { probe } from "../lib/http.mjs";
import { CAISSON_BIN, freePort, spawnNode, stopChild } from "../lib/processes.mjs";
import { bootstrapDataDir, sharedStore } from "../lib/seed.mjs";
import { elapsedMs, median } from "../lib/stats.mjs";

export const name = "startup";

const BARE = `require("node:http").createServer((q, s) => s.end("ok")).listen(Number(process.env.PORT), "127.0.0.1")`;

/**
 * CPU time (user + system, ms, in clock ticks of 10 ms) a process has used: on a shared machine the wall time
 * moves with the other load, the CPU a start needs much less. Linux only; undefined elsewhere.
 */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
  } catch {
    return undefined;
  }
}

/** Milliseconds from spawning `args` to the first 200 on `path` (polls every 2 ms), and the CPU used by then. */
async function timeToHealthy(args, port, path, timeoutMs = 120_000) {
  const started = process.hrtime.bigint();
  const child = spawnNode(args, { env: { PORT: String(port) } });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if ((await probe(`http://127.0.0.1:${port}${path}`, 2000)) === 200)
        return { ms: elapsedMs(started), cpu: cpuMs(child.pid) };
      if (child.exitCode !== null)
        throw new Error(`process exited (${child.exitCode}) before answering:\n${child.output}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    throw new Error(`no 200 from ${path} within ${timeoutMs} ms:\n${child.output}`);
  } finally {
    await stopChild(child);
  }
}

export async function run(ctx) {
  const repeats = ctx.quick ? 3 : 5;
  const largeTotal = ctx.quick ? 10_000 : 100_000;
  const stores = {
    empty: await bootstrapDataDir("startup-empty", { template: false }),
    [largeTotal]: await sharedStore(largeTotal),
  };
  const samples = { bare: [], empty: [], [largeTotal]: [] };
  const cpu = { bare: [], empty: [] };
  for (let i = 0; i < repeats + 1; i++) {
    const port = await freePort();
    const { ms: bare, cpu: bareCpu } = await timeToHealthy(["-e", BARE], port, "/");
    const measured = {};
    for (const [label, dir] of Object.entries(stores)) {
      const p = await freePort();
      const args = [CAISSON_BIN, "serve", "--port", String(p), "--data-dir", dir, "--runtime", "emulated"];
      const { ms, cpu: used } = await timeToHealthy(args, p, "/_caisson/health");
      measured[label] = ms;
      if (label === "empty" && used !== undefined) cpu.empty.push(used);
    }
    // The first round warms the file-system cache and writes serve's code cache (saved when it stops).
    if (i === 0) continue;
    samples.bare.push(bare);
    if (bareCpu !== undefined) cpu.bare.push(bareCpu);
    for (const [label, ms] of Object.entries(measured)) samples[label].push(ms);
    ctx.log(
      `run ${i}: bare ${bare.toFixed(0)} ms, ${Object.entries(measured)
        .map(([l, ms]) => `${l} ${ms.toFixed(0)} ms`)
        .join(", ")}`,
    );
  }
  const bare = median(samples.bare);
  return [
    figure({
      figure: "start to first health 200, empty store",
      value: median(samples.empty),
      baseline: bare,
      unit: "ms",
      goal: { on: "ratio", op: "<", target: 3 },
    }),
    figure({
      figure: `start to first health 200, ${largeTotal.toLocaleString("en")}-instance store`,
      value: median(samples[largeTotal]),
      baseline: bare,
      unit: "ms",
      goal: { on: "ratio", op: "<", target: 3 },
    }),
    info("bare node -e HTTP server: start to first 200", bare, "ms"),
    ...(cpu.empty.length > 0 && cpu.bare.length > 0
      ? [
          info("CPU used by caisson serve to first health 200, empty store", median(cpu.empty), "ms"),
          info("CPU used by the bare server to first 200", median(cpu.bare), "ms"),
        ]
      : []),
  ];
}
