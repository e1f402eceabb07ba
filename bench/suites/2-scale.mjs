// Scale: the same calls against a store holding 100 instances and one holding 100,000 (with their containers,
// work requests and work-request log entries); each call on the large store should take at most twice as long.
// Both servers run at once and the calls alternate between them, so machine noise hits both alike.
import { CaissonApi } from "../lib/api.mjs";
import { figure, info } from "../lib/figures.mjs";
import { residentMemoryMb, startCaisson } from "../lib/processes.mjs";
import { rowAt, sharedStore } from "../lib/seed.mjs";
import { elapsedMs, median } from "../lib/stats.mjs";

export const name = "scale";

const LIMIT = 50;

/** Page tokens are opaque to clients, but a benchmark may build one: the server issues base64url JSON. */
function deepToken(sample, value, id) {
  const parts = JSON.parse(Buffer.from(sample, "base64url").toString("utf8"));
  if (!Array.isArray(parts) || parts.length !== 4) throw new Error(`unexpected page token format: ${sample}`);
  return Buffer.from(JSON.stringify([parts[0], parts[1], value, id])).toString("base64url");
}

export async function run(ctx) {
  const largeTotal = ctx.quick ? 10_000 : 100_000;
  const iterations = ctx.quick ? 15 : 40;
  ctx.log(`building stores of 100 and ${largeTotal} instances`);
  const stores = { small: await sharedStore(100), large: await sharedStore(largeTotal) };
  const servers = {};
  const apis = {};
  try {
    for (const [size, dir] of Object.entries(stores)) {
      const started = process.hrtime.bigint();
      servers[size] = await startCaisson(dir);
      ctx.log(`${size} store: serving after ${Math.round(elapsedMs(started))} ms`);
      apis[size] = new CaissonApi(servers[size].url, dir);
    }
    // Each store has its own tenancy: paths are per store.
    const base = (s) => `/20210415/containerInstances?compartmentId=${apis[s].identity.compartmentId}&limit=${LIMIT}`;
    const wrBase = (s) => `/20210415/workRequests?compartmentId=${apis[s].identity.compartmentId}&limit=${LIMIT}`;

    /** Per store, the path of a call; `deep` builds the cursor at the middle of the listing. */
    const calls = [];
    const sorts = [
      ["timeCreated", "ASC", "time_created"],
      ["timeCreated", "DESC", "time_created"],
      ["displayName", "ASC", "display_name"],
      ["displayName", "DESC", "display_name"],
    ];
    for (const [sortBy, order, column] of sorts) {
      const path = (s) => `${base(s)}&sortBy=${sortBy}&sortOrder=${order}`;
      calls.push({ name: `ListContainerInstances ${sortBy} ${order}, first page`, path });
      calls.push({
        name: `ListContainerInstances ${sortBy} ${order}, deep page`,
        path: (s) => deepPath(s, path(s), { column, order }),
      });
    }
    const filtered = (s) => `${base(s)}&lifecycleState=ACTIVE&sortBy=timeCreated&sortOrder=DESC`;
    const filterWhere = "lifecycle_state = 'ACTIVE'";
    calls.push({ name: "ListContainerInstances lifecycleState=ACTIVE, first page", path: filtered });
    calls.push({
      name: "ListContainerInstances lifecycleState=ACTIVE, deep page",
      path: (s) => deepPath(s, filtered(s), { column: "time_created", order: "DESC", where: filterWhere }),
    });
    calls.push({ name: "ListWorkRequests, first page", path: wrBase });
    calls.push({
      name: "ListWorkRequests, deep page",
      path: (s) =>
        deepPath(s, wrBase(s), { column: "time_accepted", order: "DESC", table: "work_requests", where: "1 = 1" }),
    });
    calls.push({
      name: "GetContainerInstance",
      path: (s) => `/20210415/containerInstances/${middleRow(s, { column: "time_created", order: "ASC" }).id}`,
    });

    async function deepPath(size, path, { column, order, where, table }) {
      const first = await apis[size].call("GET", path);
      const token = first.headers["opc-next-page"];
      if (!token) throw new Error(`no next page for ${path} on the ${size} store`);
      const row = middleRow(size, { column, order, where, table });
      return `${path}&page=${deepToken(token, row.value, row.id)}`;
    }
    function middleRow(size, { column, order, where, table = "container_instances" }) {
      const condition = where ?? "lifecycle_state != 'DELETED'";
      const total = rowAt(stores[size], { column: "count(*)", order: "", where: condition, table, count: true });
      // The middle of the listing, but never so deep that the page is short: both stores serve full pages.
      return rowAt(
        stores[size],
        { column, order, where: condition, table },
        Math.max(0, Math.min(Math.floor(total / 2), total - LIMIT - 1)),
      );
    }

    const figures = [];
    for (const call of calls) {
      const prepared = {};
      for (const size of ["small", "large"]) prepared[size] = await apis[size].prepare("GET", await call.path(size));
      const samples = { small: [], large: [] };
      for (let i = 0; i < iterations + 5; i++) {
        for (const size of i % 2 === 0 ? ["small", "large"] : ["large", "small"]) {
          const started = process.hrtime.bigint();
          const response = await apis[size].send(prepared[size]);
          const ms = elapsedMs(started);
          if (response.status !== 200) throw new Error(`${call.name} on ${size}: ${response.status} ${response.text}`);
          if (i === 0 && call.name.startsWith("List") && response.json().items.length !== LIMIT) {
            throw new Error(`${call.name} on ${size}: ${response.json().items.length} items, expected ${LIMIT}`);
          }
          if (i >= 5) samples[size].push(ms);
        }
      }
      figures.push(
        figure({
          figure: `${call.name}: median time`,
          value: median(samples.large),
          baseline: median(samples.small),
          unit: "ms",
          goal: { on: "ratio", op: "<=", target: 2 },
        }),
      );
    }
    const memory = residentMemoryMb(servers.large.pid);
    const small = residentMemoryMb(servers.small.pid);
    figures.push(
      figure({
        figure: `server resident memory at ${largeTotal.toLocaleString("en")} instances`,
        value: memory.rss,
        baseline: small.rss,
        unit: "MB",
        goal: { on: "value", op: "<", target: 300 },
      }),
      info(
        `server peak resident memory at ${largeTotal.toLocaleString("en")} instances`,
        memory.peak,
        "MB",
        `100 instances: ${small.peak.toFixed(0)} MB`,
      ),
    );
    ctx.note(
      `Stores: 100 and ${largeTotal.toLocaleString("en")} instances (60% ACTIVE, 25% INACTIVE, 10% FAILED, 5% DELETED), one container and one work request each; ` +
        `limit=${LIMIT}; median of ${iterations} sequential calls per store, alternating stores; "deep page" starts at the middle of the listing.`,
    );
    return figures;
  } finally {
    for (const api of Object.values(apis)) api.close();
    for (const server of Object.values(servers)) await server.stop();
  }
}
