import { mkdtemp } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { LeaseLeadership } from "../../src/replica/leadership.js";
import { type RunningServer, startServer } from "../../src/serve/server.js";
import { DIALECTS, maintenance, postgresUrl, stopPostgres } from "../support/dialects.js";

const postgres = DIALECTS.find((d) => d.name === "postgres")!;
afterAll(() => stopPostgres());

const until = async (what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

test("one lease holder at a time; a take-over raises the token and fences the old holder's token", async () => {
  const store = await postgres.open();
  const a = new LeaseLeadership(store.leases, { leaseMs: 600 });
  const b = new LeaseLeadership(store.leases, { leaseMs: 600 });
  try {
    await a.start();
    await b.start();
    expect(a.holds()).toBe(true);
    expect(b.holds()).toBe(false);
    expect(await a.confirm()).toBe(true);
    const first = (await store.leases.current("leader"))!;
    expect(first.holder).toBe(a.replicaId);

    // A clean stop gives the lease up at once: b takes over at its next try, not after the lease.
    await a.stop();
    expect(a.holds()).toBe(false);
    await until("b to lead", () => b.holds(), 5_000);
    const second = (await store.leases.current("leader"))!;
    expect(second).toMatchObject({ holder: b.replicaId, token: first.token + 1 });
    expect(await store.leases.stillHeld("leader", first.token)).toBe(false);
    expect(await store.leases.renew("leader", a.replicaId, first.token, 600)).toBe(false);
    expect(await b.confirm()).toBe(true);
  } finally {
    await a.stop();
    await b.stop();
    await store.close();
  }
});

test("two servers on one PostgreSQL: health names each replica and one leader; /metrics has the gauges", async () => {
  const server = await postgresUrl();
  const name = `caisson_leaders_${Date.now()}`;
  await maintenance(server, `create database ${name}`);
  const database = server.replace(/\/[^/]*$/, `/${name}`);
  const started: RunningServer[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      started.push(
        await startServer({
          dataDir: await mkdtemp(join(tmpdir(), "caisson-replica-")),
          database,
          port: 0,
          runtime: "emulated",
          leaderLeaseMs: 2_000,
          logLevel: "silent",
        }),
      );
    }
    const health = async (s: RunningServer) => (await s.app.inject({ method: "GET", url: "/_caisson/health" })).json();
    await until("exactly one leader", async () => {
      const all = await Promise.all(started.map(health));
      return all.filter((h) => h.replica.leader).length === 1;
    });
    const [one, two] = await Promise.all(started.map(health));
    expect(one.replica.replicaId).not.toBe(two.replica.replicaId);
    expect(one.replica.databaseReachable).toBe(true);
    // Anonymous callers learn no host name or process id from it.
    expect(JSON.stringify(one)).not.toContain(hostname());
    expect(JSON.stringify(one)).not.toContain(String(process.pid));

    const leader = started.find((s) => s.leadership.holds())!;
    const metrics = await leader.app.inject({ method: "GET", url: "/metrics", remoteAddress: "127.0.0.1" });
    expect(metrics.body).toMatch(/caisson_replica_leader\{replica="replica-[0-9a-f]+"\} 1/);
    expect(metrics.body).toMatch(/caisson_replica_database_reachable\{replica="replica-[0-9a-f]+"\} 1/);
    expect(metrics.body).toMatch(/caisson_replica_leader_takeovers\{replica="replica-[0-9a-f]+"\} 1/);

    // The leader stops cleanly: the other takes over without waiting for the lease to run out.
    await leader.close();
    const other = started.find((s) => s !== leader)!;
    await until("the other replica to lead", () => other.leadership.holds(), 5_000);
  } finally {
    for (const s of started) await s.close().catch(() => {});
    await maintenance(server, `drop database if exists ${name} with (force)`);
  }
});
