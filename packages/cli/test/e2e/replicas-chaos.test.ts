import { randomUUID } from "node:crypto";
import type * as ci from "oci-containerinstances";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENABLE, suiteRunsHere } from "../../../server/test/support/needs.js";
import { against } from "../support/cli-process.js";
import { ENABLE_NGINX, Nginx, nginxMissing } from "../support/nginx.js";
import { officialClient, officialCoreClient } from "../support/official-clients.js";
import { PrivatePodman, TEST_IMAGE } from "../support/private-podman.js";
import {
  freePort,
  query,
  type Replica,
  type ReplicaCluster,
  replicaCluster,
  until,
} from "../support/replica-cluster.js";

/**
 * Chaos: three replicas on PostgreSQL + Podman behind nginx. N creates with retry tokens go through nginx with the
 * official SDK while, every few seconds, a random replica is kill -9'd and restarted, and another is paused
 * (SIGSTOP) for longer than its leases. Afterwards every accepted create has exactly one instance, ACTIVE, whose
 * containers the engine started once; no work request ran twice; no engine object is orphaned; and nginx never
 * answered a create with a 5xx twice in a row (so an SDK retry always got through).
 *
 * N is $CAISSON_CHAOS_CREATES (default 40, about 2 minutes on 2 busy cores); every timeout is derived from it.
 * A subnet's engine network holds 254 addresses, so the instances are spread over the bootstrap subnet and, for N
 * above INSTANCES_PER_SUBNET, more subnets the tenant creates first (through nginx, with the official oci-core
 * client).
 */
const N = Number(process.env.CAISSON_CHAOS_CREATES ?? 40);
const LEADER_LEASE_MS = 2_000;
const WORK_LEASE_MS = 3_000;
const CONCURRENCY = 4;
const INSTANCES_PER_SUBNET = 200;
/** Creates are spread over this long, so that the chaos hits them and their work, not an idle cluster. */
const CREATE_PHASE_MS = Math.max(20_000, N * 250);
/** The chaos lasts at least until this many kills and pauses have happened. */
const MIN_KILLS = 4;
const MIN_PAUSES = 2;
/** Generous: a create takes well under a second on an idle machine; CI shares 2 cores with other suites. */
const BUDGET_MS = 120_000 + CREATE_PHASE_MS + N * 2_000;
const SUITE = "replicas chaos behind nginx";
const missing = PrivatePodman.missing() ?? nginxMissing();
const runs = suiteRunsHere(SUITE, missing, `${ENABLE.podman} && ${ENABLE_NGINX}`);

describe.runIf(runs)(SUITE, () => {
  const podman = new PrivatePodman();
  let cluster: ReplicaCluster | undefined;
  let replicas: Replica[] = [];
  let nginx: Nginx;
  let client: ci.ContainerInstanceClient;
  const subnetIds: string[] = [];
  const since = Math.floor(Date.now() / 1000) - 1;

  beforeAll(async () => {
    cluster = await replicaCluster(podman, { leaderLeaseMs: LEADER_LEASE_MS, workLeaseMs: WORK_LEASE_MS });
    replicas = cluster.replicas;
    await Promise.all(replicas.map((r) => r.start()));
    nginx = new Nginx(
      await freePort(),
      replicas.map((r) => r.port),
    );
    await nginx.start();
    client = officialClient(replicas[0]!.process!.configFile, nginx.url);
    // The defaults allow 100 instances per availability domain; the operator raises them, as for any load test.
    const cli = against(replicas[0]!.process!);
    for (const name of ["container-instance-count", "ocpu-count", "memory-gb"]) {
      const set = await cli([
        "admin",
        "limit",
        "set",
        "--tenancy-id",
        replicas[0]!.process!.info.tenancyId,
        "--name",
        name,
        "--value",
        String(Math.max(1_000, N * 4)),
      ]);
      expect(set.code, set.stderr).toBe(0);
    }
    subnetIds.push(replicas[0]!.process!.info.subnetId);
    const network = officialCoreClient(replicas[0]!.process!.configFile, nginx.url);
    const { compartmentId } = replicas[0]!.process!.info;
    for (let extra = 1; extra < Math.ceil(N / INSTANCES_PER_SUBNET); extra++) {
      const vcn = await network.createVcn({
        createVcnDetails: { compartmentId, cidrBlocks: [`10.${80 + extra}.0.0/16`], displayName: `chaos-vcn-${extra}` },
      });
      const subnet = await network.createSubnet({
        createSubnetDetails: {
          compartmentId,
          vcnId: vcn.vcn.id,
          cidrBlock: `10.${80 + extra}.1.0/24`,
          displayName: `chaos-subnet-${extra}`,
        },
      });
      subnetIds.push(subnet.subnet.id);
    }
    network.close();
  }, 180_000);

  afterAll(async () => {
    client?.close();
    nginx?.stop();
    await cluster?.stop();
  }, 180_000);

  test(
    `${N} creates through nginx while replicas are killed, restarted and paused: each ran exactly once`,
    async () => {
      const info = replicas[0]!.process!.info;
      const accepted = new Map<string, { id: string; workRequestId: string }>();
      let chaosOn = true;
      const chaosLog: string[] = [];
      let kills = 0;
      let pauses = 0;

      // The chaos: every 2–4 s a random replica (not the paused one) is killed and restarted; every 8 s another one
      // is paused for twice the work lease (longer than both leases), then resumed.
      let paused: Replica | undefined;
      const killer = (async () => {
        while (chaosOn) {
          await sleep(2_000 + Math.random() * 2_000);
          if (!chaosOn) break;
          const candidates = replicas.filter((r) => r !== paused && r.alive);
          if (candidates.length < 2) continue;
          const victim = candidates[Math.floor(Math.random() * candidates.length)]!;
          chaosLog.push(`kill -9 replica ${victim.index}`);
          kills++;
          await victim.signal("SIGKILL");
          await sleep(500);
          await victim.start();
        }
      })();
      const pauser = (async () => {
        while (chaosOn) {
          await sleep(4_000);
          if (!chaosOn) break;
          const candidates = replicas.filter((r) => r.alive);
          paused = candidates[Math.floor(Math.random() * candidates.length)];
          if (!paused) continue;
          chaosLog.push(`SIGSTOP replica ${paused.index}`);
          pauses++;
          await paused.signal("SIGSTOP");
          await sleep(WORK_LEASE_MS * 2);
          await paused.signal("SIGCONT");
          paused = undefined;
          await sleep(4_000);
        }
      })();

      const deadline = Date.now() + BUDGET_MS;
      const create = async (index: number) => {
        const token = randomUUID();
        const details = {
          displayName: `chaos-${index}`,
          compartmentId: info.compartmentId,
          availabilityDomain: info.availabilityDomain,
          shape: "CI.Standard.E4.Flex",
          shapeConfig: { ocpus: 1, memoryInGBs: 1 },
          containers: [{ displayName: "app", imageUrl: TEST_IMAGE, command: ["sleep", "3600"] }],
          vnics: [{ subnetId: subnetIds[Math.floor(index / INSTANCES_PER_SUBNET)] ?? info.subnetId }],
        };
        // The SDK retries on its own; this loop only outlasts a stretch in which every replica was unavailable.
        for (;;) {
          try {
            const created = await client.createContainerInstance({
              opcRetryToken: token,
              createContainerInstanceDetails: details,
            });
            const earlier = accepted.get(token);
            if (earlier && earlier.id !== created.containerInstance.id) {
              throw new Error(`retry token ${token} answered two instances`);
            }
            accepted.set(token, { id: created.containerInstance.id, workRequestId: created.opcWorkRequestId! });
            return;
          } catch (error) {
            const status = (error as { statusCode?: number }).statusCode ?? 0;
            if ((status >= 400 && status < 500 && status !== 409 && status !== 429) || Date.now() > deadline)
              throw error;
            await sleep(500);
          }
        }
      };
      let next = 0;
      const pace = (CREATE_PHASE_MS * CONCURRENCY) / N;
      try {
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async (_, worker) => {
            await sleep((pace / CONCURRENCY) * worker);
            while (next < N) {
              const started = Date.now();
              await create(next++);
              await sleep(Math.max(0, pace - (Date.now() - started)));
            }
          }),
        );
        await until(
          "enough chaos",
          async () => (kills >= MIN_KILLS && pauses >= MIN_PAUSES ? true : undefined),
          BUDGET_MS,
        );
      } finally {
        chaosOn = false;
        await Promise.all([killer, pauser]);
      }
      for (const replica of replicas) if (!replica.alive) await replica.start();
      expect(accepted.size).toBe(N);

      // Every accepted create: exactly one instance, ACTIVE.
      const ids = [...accepted.values()].map((a) => a.id);
      let lastSeen = "nothing yet";
      await until(
        `all ${N} instances ACTIVE`,
        async () => {
          const rows = await query<{ lifecycle_state: string; count: string }>(
            cluster!.database.url,
            "select lifecycle_state, count(*) from container_instances group by lifecycle_state",
          );
          lastSeen = rows.map((r) => `${r.lifecycle_state} ${r.count}`).join(", ");
          // A FAILED instance never becomes ACTIVE: stop waiting and say why.
          if (rows.some((r) => r.lifecycle_state === "FAILED")) return "failed";
          return rows.length === 1 && rows[0]!.lifecycle_state === "ACTIVE" ? "active" : undefined;
        },
        Math.max(60_000, BUDGET_MS - (Date.now() - (deadline - BUDGET_MS))),
      )
        .then((outcome) => {
          if (outcome === "failed") throw new Error("an instance FAILED");
        })
        .catch(async (error: Error) => {
          // What a timeout leaves to look at: the instances' states and the work requests not finished.
          const open = await query<{ operation_type: string; status: string; count: string }>(
            cluster!.database.url,
            "select operation_type, status, count(*) from work_requests where status <> 'SUCCEEDED' group by 1, 2",
          ).catch(() => []);
          const entries = await query<{ work_request_id: string; kind: string; message: string }>(
            cluster!.database.url,
            `select e.work_request_id, e.kind, e.message from work_request_entries e
               join work_requests w on w.id = e.work_request_id where w.status <> 'SUCCEEDED' order by e.seq`,
          ).catch(() => []);
          throw new Error(
            `${error.message}; instances: ${lastSeen}; unfinished work requests: ${JSON.stringify(open)}; ` +
              `their entries: ${JSON.stringify(entries)}; chaos: ${chaosLog.join("; ")}`,
          );
        });
      const instances = await query<{ id: string; lifecycle_state: string }>(
        cluster!.database.url,
        "select id, lifecycle_state from container_instances",
      );
      expect(instances).toHaveLength(N);
      expect(new Set(instances.map((i) => i.id))).toEqual(new Set(ids));
      // The API says the same as the store, through nginx.
      for (const id of ids.slice(0, 5)) {
        expect((await client.getContainerInstance({ containerInstanceId: id })).containerInstance.lifecycleState).toBe(
          "ACTIVE",
        );
      }

      // No work request ran twice: each create SUCCEEDED, with one "Created on" entry.
      const works = await query<{ id: string; status: string; created: string }>(
        cluster!.database.url,
        `select w.id, w.status, (select count(*) from work_request_entries e
         where e.work_request_id = w.id and e.message like 'Created on%') as created
       from work_requests w where w.operation_type = 'CREATE_CONTAINER_INSTANCE'`,
      );
      expect(works).toHaveLength(N);
      for (const work of works)
        expect({ id: work.id, status: work.status, created: Number(work.created) }).toEqual({
          id: work.id,
          status: "SUCCEEDED",
          created: 1,
        });

      // The engine started each container once, and holds nothing the store does not know.
      const containers = await query<{ id: string }>(cluster!.database.url, "select id from containers");
      expect(containers).toHaveLength(N);
      const starts = await podman.starts(since);
      const startsOf = new Map<string, number>();
      for (const s of starts) if (s.containerId) startsOf.set(s.containerId, (startsOf.get(s.containerId) ?? 0) + 1);
      const twice = containers.filter((c) => startsOf.get(c.id) !== 1).map((c) => `${c.id}: ${startsOf.get(c.id)}`);
      expect(twice, `containers not started exactly once (chaos: ${chaosLog.join("; ")})`).toEqual([]);
      const known = new Set(ids);
      for (const id of await podman.managedInstanceIds()) expect(known).toContain(id);

      // nginx never answered one create with a 5xx twice in a row: one SDK retry always got through.
      const byToken = new Map<string, number[]>();
      for (const r of nginx.requests()) {
        if (r.method !== "POST" || !r.token || r.token === "-") continue;
        byToken.set(r.token, [...(byToken.get(r.token) ?? []), r.status]);
      }
      let worstRun = 0;
      for (const statuses of byToken.values()) {
        let run = 0;
        for (const status of statuses) {
          run = status >= 500 ? run + 1 : 0;
          worstRun = Math.max(worstRun, run);
        }
      }
      console.info(
        `chaos: ${N} creates, ${chaosLog.length} disruptions (${chaosLog.join("; ")}); longest run of 5xx on one create: ${worstRun}`,
      );
      expect(worstRun).toBeLessThanOrEqual(1);
    },
    BUDGET_MS * 2 + 120_000,
  );
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
