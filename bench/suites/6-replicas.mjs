// Replicas on one PostgreSQL (issue 15): how long the installation is without a leader after the leader is
// killed (kill -9), and creates per second with 1 and with 3 replicas (emulated runtime, creates sent round-robin
// straight to the replicas). Information only, on whatever cores the machine has: on 2 cores three replicas
// share the same CPUs, so the figure shows the cost of coordination more than any gain.
// Needs PostgreSQL: $CAISSON_BENCH_POSTGRES_URL, else the CI server on 127.0.0.1:55432; skipped without one.
import { CaissonApi } from "../lib/api.mjs";
import { info } from "../lib/figures.mjs";
import { startCaisson, stopChild, tempDir } from "../lib/processes.mjs";
import { median } from "../lib/stats.mjs";

export const name = "replicas";

const SERVER = process.env.CAISSON_BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:55432/postgres";

async function withPg(fn, url = SERVER) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function freshDatabase(label) {
  const db = `caisson_bench_${label}_${Date.now()}`;
  await withPg((c) => c.query(`create database ${db}`));
  return {
    url: SERVER.replace(/\/[^/]*$/, `/${db}`),
    drop: () => withPg((c) => c.query(`drop database if exists ${db} with (force)`)),
  };
}

async function startReplicas(count, database, extraArgs = []) {
  const dataDirs = Array.from({ length: count }, (_, i) => tempDir(`replica-${i}`));
  const args = ["--database", database.url, ...extraArgs];
  // The first replica bootstraps; the others then start together and find it.
  const first = await startCaisson(dataDirs[0], { extraArgs: args });
  const rest = await Promise.all(dataDirs.slice(1).map((d) => startCaisson(d, { extraArgs: args })));
  return { replicas: [first, ...rest], dataDir: dataDirs[0] };
}

async function health(url) {
  try {
    const response = await fetch(`${url}/_caisson/health`, { signal: AbortSignal.timeout(1_000) });
    return await response.json();
  } catch {
    return undefined;
  }
}

async function leaderOf(replicas) {
  for (const r of replicas) if ((await health(r.url))?.replica?.leader) return r;
  return undefined;
}

/** Kills the leader and times until another replica says it leads (health polled every 20 ms). */
async function failoverMs(leaseMs, rounds, ctx) {
  const database = await freshDatabase("failover");
  const { replicas } = await startReplicas(3, database, ["--leader-lease-ms", String(leaseMs)]);
  const times = [];
  try {
    let alive = replicas;
    for (let round = 0; round < rounds; round++) {
      let leader;
      for (let i = 0; i < 500 && !leader; i++) {
        leader = await leaderOf(alive);
        if (!leader) await new Promise((r) => setTimeout(r, 20));
      }
      if (!leader) throw new Error("no leader among the replicas");
      const started = performance.now();
      leader.child.kill("SIGKILL");
      alive = alive.filter((r) => r !== leader);
      for (;;) {
        if (await leaderOf(alive)) break;
        if (performance.now() - started > leaseMs * 5 + 10_000) throw new Error("no new leader");
        await new Promise((r) => setTimeout(r, 20));
      }
      times.push(performance.now() - started);
      ctx.log(`lease ${leaseMs} ms: new leader after ${times.at(-1).toFixed(0)} ms`);
      if (alive.length < 2) break;
    }
  } finally {
    for (const r of replicas) await stopChild(r.child);
    await database.drop();
  }
  return times;
}

/** `total` creates sent round-robin to the replicas, 16 at a time; accepted/s and ACTIVE/s. */
async function createsPerSecond(count, total, ctx) {
  const database = await freshDatabase(`creates${count}`);
  const { replicas, dataDir } = await startReplicas(count, database);
  const apis = replicas.map((r) => new CaissonApi(r.url, dataDir, { maxSockets: 64 }));
  try {
    await apis[0].raiseServiceLimits();
    const [ad] = await apis[0].availabilityDomains();
    const started = performance.now();
    let next = 0;
    const ids = [];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < total) {
          const i = next++;
          const api = apis[i % apis.length];
          const response = await api.call("POST", "/20210415/containerInstances", api.createBody(ad, `r-${i}`), {
            "opc-retry-token": `bench-replicas-${count}-${i}`,
          });
          ids.push(response.json().id);
        }
      }),
    );
    const acceptedMs = performance.now() - started;
    for (;;) {
      const rows = await withPg(
        (c) => c.query("select count(*) from container_instances where lifecycle_state = 'ACTIVE'"),
        database.url,
      ).then((r) => r.rows);
      if (Number(rows[0].count) >= total) break;
      if (performance.now() - started > 300_000) throw new Error("instances did not all become ACTIVE");
      await new Promise((r) => setTimeout(r, 100));
    }
    const activeMs = performance.now() - started;
    ctx.log(
      `${count} replica(s): ${total} accepted in ${acceptedMs.toFixed(0)} ms, all ACTIVE after ${activeMs.toFixed(0)} ms`,
    );
    return { accepted: (total / acceptedMs) * 1000, active: (total / activeMs) * 1000, acceptedMs, activeMs };
  } finally {
    for (const api of apis) api.close();
    for (const r of replicas) await stopChild(r.child);
    await database.drop();
  }
}

export async function run(ctx) {
  try {
    await withPg((c) => c.query("select 1"));
  } catch (error) {
    return { skipped: `no PostgreSQL at ${SERVER.replace(/:[^:@/]*@/, ":***@")} (${error.message})` };
  }
  const total = ctx.quick ? 100 : 300;
  const rounds = ctx.quick ? 1 : 2;
  const figures = [];
  for (const leaseMs of [5_000, 2_000]) {
    const times = await failoverMs(leaseMs, rounds, ctx);
    figures.push(
      info(
        `failover after kill -9 of the leader (--leader-lease-ms ${leaseMs})`,
        median(times),
        "ms",
        `median of ${times.length}: ${times.map((t) => t.toFixed(0)).join(", ")} ms; documented bound ${Math.round((leaseMs * 4) / 3)} ms`,
      ),
    );
  }
  const one = await createsPerSecond(1, total, ctx);
  const three = await createsPerSecond(3, total, ctx);
  figures.push(
    info("creates accepted per second, 1 replica", one.accepted, "req/s", `${total} creates, 16 at a time`),
    info("creates accepted per second, 3 replicas", three.accepted, "req/s", `${total} creates, round-robin`),
    info(
      "instances reaching ACTIVE per second, 1 replica",
      one.active,
      "inst/s",
      `all ACTIVE after ${one.activeMs.toFixed(0)} ms`,
    ),
    info(
      "instances reaching ACTIVE per second, 3 replicas",
      three.active,
      "inst/s",
      `all ACTIVE after ${three.activeMs.toFixed(0)} ms`,
    ),
  );
  return figures;
}
