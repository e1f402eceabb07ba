import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as ci from "oci-containerinstances";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { installationOwner } from "../../../server/src/runtime/docker/labels.js";
import { engineUnavailable, TEST_ENGINES } from "../../../server/test/runtime/support/engines.js";
import { ENABLE, suiteRunsHere } from "../../../server/test/support/needs.js";
import { officialClient } from "../support/official-clients.js";
import { PrivatePodman, SharedDocker, TEST_IMAGE } from "../support/private-podman.js";
import {
  leaders,
  query,
  type Replica,
  type ReplicaCluster,
  replicaCluster,
  until,
} from "../support/replica-cluster.js";

/**
 * Three real `caisson serve` replicas on one PostgreSQL database and one (private) Podman engine: bootstrap once,
 * any replica answers with read-your-writes, one leader replaced after kill -9 within the documented time, a
 * paused leader that resumes does nothing, and a replica paused past its work lease never runs a create twice.
 */
const LEADER_LEASE_MS = 2_000;
const WORK_LEASE_MS = 3_000;
/**
 * Podman: a private service (its own storage), as for every suite whose servers collect orphans. Docker: the CI's
 * shared engine — replicas only touch objects labelled with their own installation, and the suite removes those.
 */
const ENGINES = [
  {
    name: "Podman",
    missing: PrivatePodman.missing(),
    enable: ENABLE.podman,
    engine: () => new PrivatePodman(),
  },
  {
    name: "Docker",
    missing: await engineUnavailable(TEST_ENGINES.docker),
    enable: ENABLE.docker,
    engine: () => new SharedDocker(TEST_ENGINES.docker),
  },
];

for (const target of ENGINES) {
  const SUITE = `replicas on PostgreSQL and ${target.name}`;
  const runs = suiteRunsHere(SUITE, target.missing, target.enable);
  describe.runIf(runs)(SUITE, () => suite(target.engine()));
}

function suite(podman: PrivatePodman | SharedDocker): void {
  let cluster: ReplicaCluster | undefined;
  let replicas: Replica[] = [];
  const since = Math.floor(Date.now() / 1000) - 1;
  const clients: ci.ContainerInstanceClient[] = [];
  const clientOf = (replica: Replica) => {
    const client = officialClient(replica.process!.configFile, replica.url);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    cluster = await replicaCluster(podman, { leaderLeaseMs: LEADER_LEASE_MS, workLeaseMs: WORK_LEASE_MS });
    replicas = cluster.replicas;
  }, 120_000);

  let owner: string | undefined;

  afterAll(async () => {
    for (const client of clients) client.close();
    await cluster?.stop(owner);
  }, 120_000);

  const createInstance = (client: ci.ContainerInstanceClient, replica: Replica, containers = 1) =>
    client.createContainerInstance({
      opcRetryToken: randomUUID(),
      createContainerInstanceDetails: {
        compartmentId: replica.process!.info.compartmentId,
        availabilityDomain: replica.process!.info.availabilityDomain,
        shape: "CI.Standard.E4.Flex",
        shapeConfig: { ocpus: 1, memoryInGBs: 1 },
        containerRestartPolicy: "ALWAYS" as never,
        containers: Array.from({ length: containers }, (_, i) => ({
          displayName: `c${i}`,
          imageUrl: TEST_IMAGE,
          command: ["sleep", "3600"],
        })),
        vnics: [{ subnetId: replica.process!.info.subnetId }],
      },
    });

  const activeVia = (client: ci.ContainerInstanceClient, id: string, timeoutMs = 90_000) =>
    until(
      `instance ${id} ACTIVE`,
      async () => {
        const got = await client.getContainerInstance({ containerInstanceId: id });
        if (got.containerInstance.lifecycleState === "FAILED") throw new Error(`${id} FAILED`);
        return got.containerInstance.lifecycleState === "ACTIVE" ? got.containerInstance : undefined;
      },
      timeoutMs,
    );

  test("three simultaneous first starts bootstrap once; each replica's own config works on every replica", async () => {
    await Promise.all(replicas.map((r) => r.start()));
    const firstStarts = replicas.filter((r) => r.process!.output().includes("first start: tenancy created"));
    expect(firstStarts).toHaveLength(1);
    const tenancies = await query<{ count: string }>(cluster!.database.url, "select count(*) from tenancies");
    expect(Number(tenancies[0]!.count)).toBe(1);
    const installation = await query<{ id: string }>(cluster!.database.url, "select id from installation");
    expect(installation).toHaveLength(1);
    owner = installationOwner(installation[0]!.id);
    const operator = replicas.map((r) => JSON.parse(readFileSync(join(r.dataDir, "bootstrap.json"), "utf8")).tenancyId);
    expect(new Set(operator).size).toBe(1);
    // Each replica wrote the operator's config (its own key) into its own data directory; any replica accepts it.
    for (const [i, replica] of replicas.entries()) {
      const other = replicas[(i + 1) % replicas.length]!;
      const listed = await clientOf(replica).listContainerInstances({ compartmentId: operator[0] });
      expect(listed.containerInstanceCollection.items).toEqual([]);
      const fromOther = officialClient(replica.process!.configFile, other.url);
      clients.push(fromOther);
      await fromOther.listContainerInstances({ compartmentId: operator[0] });
    }
  }, 180_000);

  test("any replica answers, and a create on one is read at once on the others", async () => {
    const [a, b, c] = replicas as [Replica, Replica, Replica];
    const created = await createInstance(clientOf(a), a);
    const id = created.containerInstance.id;
    for (const other of [b, c]) {
      const got = await clientOf(other).getContainerInstance({ containerInstanceId: id });
      expect(got.containerInstance.id).toBe(id);
      const listed = await clientOf(other).listContainerInstances({ compartmentId: a.process!.info.compartmentId });
      expect(listed.containerInstanceCollection.items.map((i) => i.id)).toContain(id);
    }
    const active = await activeVia(clientOf(c), id);
    const starts = (await podman.starts(since)).filter((s) => s.containerId === active.containers[0]!.containerId);
    expect(starts).toHaveLength(1);
  }, 180_000);

  test("one leader; after kill -9 another leads within lease + lease/3, and runs the restart policy", async () => {
    const [leader] = await until("one leader", async () => {
      const found = await leaders(replicas);
      return found.length === 1 ? found : undefined;
    });
    const someone = replicas.find((r) => r !== leader)!;
    const client = clientOf(someone);
    const instance = await activeVia(client, (await createInstance(client, someone)).containerInstance.id);
    const killedAt = Date.now();
    await leader!.signal("SIGKILL");
    const [next] = await until(
      "a new leader",
      async () => {
        const found = await leaders(replicas);
        return found.length === 1 ? found : undefined;
      },
      30_000,
    );
    const failoverMs = Date.now() - killedAt;
    expect(next).not.toBe(leader);
    // lease + a third (the documented bound), plus the health polls' own latency on a busy machine.
    expect(failoverMs).toBeLessThan(LEADER_LEASE_MS + LEADER_LEASE_MS / 3 + 3_000);

    // The new leader's reconciler restarts a container that dies behind Caisson's back (restart policy ALWAYS).
    const containerId = instance.containers[0]!.containerId;
    const engine = await podman.get<Array<{ Id: string; Labels: Record<string, string> }>>(
      `/containers/json?filters=${encodeURIComponent(JSON.stringify({ label: [`caisson.container-id=${containerId}`] }))}`,
    );
    await podman.post(`/containers/${engine[0]!.Id}/kill?signal=KILL`);
    await until(
      "the new leader to restart the killed container",
      async () => {
        const got = await clientOf(next!).getContainer({ containerId });
        return (got.container.containerRestartAttemptCount ?? 0) >= 1 ? true : undefined;
      },
      60_000,
    );
    await leader!.start();
  }, 240_000);

  test("a leader paused past its lease is replaced, and once resumed it does not lead", async () => {
    const [leader] = await until("one leader", async () => {
      const found = await leaders(replicas);
      return found.length === 1 ? found : undefined;
    });
    const tokenBefore = Number(
      (await query<{ token: string }>(cluster!.database.url, "select token from leader_leases"))[0]!.token,
    );
    await leader!.signal("SIGSTOP");
    try {
      await until(
        "another leader",
        async () => ((await leaders(replicas.filter((r) => r !== leader))).length === 1 ? true : undefined),
        30_000,
      );
    } finally {
      await leader!.signal("SIGCONT");
    }
    // Its first answer after resuming already says it does not lead: its own lease ran out on its monotonic clock.
    const health = await until("the resumed leader to answer", () => leader!.health(10_000), 30_000);
    expect(health.replica.leader).toBe(false);
    const tokenAfter = Number(
      (await query<{ token: string }>(cluster!.database.url, "select token from leader_leases"))[0]!.token,
    );
    expect(tokenAfter).toBeGreaterThan(tokenBefore);
    expect(await leaders(replicas)).toHaveLength(1);
  }, 120_000);

  test("a replica paused (SIGSTOP) past its work lease during a create: the create runs exactly once", async () => {
    let scenario: { id: string; workRequestId: string; replica: Replica } | undefined;
    const missed: string[] = [];
    const { default: pg } = await import("pg");
    const watcher = new pg.Client({ connectionString: cluster!.database.url });
    await watcher.connect();
    try {
      for (let attempt = 0; attempt < 10 && !scenario; attempt++) {
        const replica = replicas[attempt % replicas.length]!;
        const created = await createInstance(clientOf(replica), replica, 6);
        const workRequestId = created.opcWorkRequestId!;
        // Pause the replica as soon as its worker has begun the create (6 containers take a while): one
        // connection, polled back to back, so the pause lands within milliseconds of the start.
        const deadline = Date.now() + 30_000;
        let row: { lease_owner: string | null; status: string } | undefined;
        do {
          row = (await watcher.query("select lease_owner, status from work_requests where id = $1", [workRequestId]))
            .rows[0] as typeof row;
        } while (row?.status === "ACCEPTED" && Date.now() < deadline);
        if (row?.status !== "IN_PROGRESS" || !row.lease_owner?.startsWith(`worker-${replica.pid}-`)) {
          missed.push(`${row?.status} by ${row?.lease_owner} (replica pid ${replica.pid})`);
          continue;
        }
        await replica.signal("SIGSTOP");
        const still = await watcher.query("select status from work_requests where id = $1", [workRequestId]);
        if (still.rows[0]?.status !== "IN_PROGRESS") {
          missed.push(`${still.rows[0]?.status} before the pause landed`);
          await replica.signal("SIGCONT");
          continue;
        }
        scenario = { id: created.containerInstance.id, workRequestId, replica };
      }
    } finally {
      await watcher.end();
    }
    expect(scenario, `no attempt caught a create in flight: ${missed.join("; ")}`).toBeDefined();
    const { id, workRequestId, replica } = scenario!;
    const other = replicas.find((r) => r !== replica && r.alive)!;
    const client = clientOf(other);
    try {
      await until(
        "another replica to finish the create",
        async () => {
          const wr = await client.getWorkRequest({ workRequestId });
          return wr.workRequest.status === "SUCCEEDED" ? true : undefined;
        },
        90_000,
      );
    } finally {
      await replica.signal("SIGCONT");
    }
    // Let the resumed replica run whatever it had pending: its renewal, the rest of its create, its final commit.
    await until("the resumed replica to answer", () => replica.health(10_000), 30_000);
    await new Promise((resolve) => setTimeout(resolve, WORK_LEASE_MS));

    const rows = await query<{ attempts: number; lease_token: string; status: string }>(
      cluster!.database.url,
      "select attempts, lease_token, status from work_requests where id = $1",
      [workRequestId],
    );
    expect(rows[0]).toMatchObject({ attempts: 2, status: "SUCCEEDED" });
    expect(Number(rows[0]!.lease_token)).toBe(2);
    const logs = (await client.listWorkRequestLogs({ workRequestId })).workRequestLogEntryCollection.items.map(
      (l) => l.message,
    );
    expect(logs.filter((m) => m.startsWith("Created on"))).toHaveLength(1);
    expect(logs.filter((m) => m.startsWith("Resumed after an interruption"))).toHaveLength(1);
    const instance = await activeVia(client, id);
    expect(instance.containers).toHaveLength(6);
    const starts = await podman.starts(since);
    for (const container of instance.containers) {
      expect(starts.filter((s) => s.containerId === container.containerId)).toHaveLength(1);
    }
  }, 240_000);

  test("no engine object belongs to an instance the store does not know", async () => {
    const known = new Set(
      (await query<{ id: string }>(cluster!.database.url, "select id from container_instances")).map((r) => r.id),
    );
    const inEngine = await podman.managedInstanceIds(owner);
    expect(inEngine.size).toBeGreaterThan(0);
    for (const id of inEngine) expect(known).toContain(id);
  }, 60_000);
}
