// Start-up: from process start to the first 200 from /_caisson/health, with an empty store and with a
// 100,000-instance store, against `node -e` starting a bare HTTP server. Goal: under 3× the bare server.
import { figure, info } from "../lib/figures.mjs";
import { probe } from "../lib/http.mjs";
import { CAISSON_BIN, freePort, spawnNode, stopChild } from "../lib/processes.mjs";
import { bootstrapDataDir, sharedStore } from "../lib/seed.mjs";
import { elapsedMs, median } from "../lib/stats.mjs";

export const name = "startup";

const BARE = `require("node:http").createServer((q, s) => s.end("ok")).listen(Number(process.env.PORT), "127.0.0.1")`;

/** Milliseconds from spawning `args` to the first 200 on `path`; polls every 2 ms. */
async function timeToHealthy(args, port, path, timeoutMs = 120_000) {
  const started = process.hrtime.bigint();
  const child = spawnNode(args, { env: { PORT: String(port) } });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if ((await probe(`http://127.0.0.1:${port}${path}`, 2000)) === 200) return elapsedMs(started);
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
  for (let i = 0; i < repeats + 1; i++) {
    const port = await freePort();
    const bare = await timeToHealthy(["-e", BARE], port, "/");
    const measured = {};
    for (const [label, dir] of Object.entries(stores)) {
      const p = await freePort();
      const args = [CAISSON_BIN, "serve", "--port", String(p), "--data-dir", dir, "--runtime", "emulated"];
      measured[label] = await timeToHealthy(args, p, "/_caisson/health");
    }
    if (i === 0) continue; // warms the file-system cache
    samples.bare.push(bare);
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
  ];
}
