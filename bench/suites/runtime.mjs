// Runtime: what Caisson adds on top of a real engine. (1) create → ACTIVE of a one-container instance through
// the API, against a raw engine create + start + "running" of the same image on the same socket (median of
// sequential runs, interleaved so machine noise hits both alike); goal ≤ 1.5× on Podman. (2) 50 instances
// created at once, then 200 (not with --quick): all ACTIVE, no errors, total time, and for 50 the p99 of each
// create's POST → first seen ACTIVE. Caisson runs with its default holder pool (see docs/operations.md). Everything created is removed:
// through the API, then by label for anything left.
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import Docker from "dockerode";
import { CaissonApi } from "../lib/api.mjs";
import { figure, info } from "../lib/figures.mjs";
import { startCaisson, tempDir } from "../lib/processes.mjs";
import { median, percentile } from "../lib/stats.mjs";

export const name = "runtime";

const ENGINES = [
  { name: "podman", socket: process.env.CAISSON_TEST_PODMAN_SOCKET ?? "/tmp/ci-rt/podman.sock" },
  { name: "docker", socket: process.env.CAISSON_TEST_DOCKER_SOCKET ?? "/tmp/dk/docker.sock" },
];
const IMAGE = "localhost/busybox:ci";
const SEQUENTIAL_RUNS = 10;
/** The whole suite stays well inside the runner's deadline, whatever the engine's speed. */
const SUITE_BUDGET_MS = 4.5 * 60 * 1000;

/** The owner label Caisson puts on an installation's engine objects (see runtime/docker/labels.ts). */
const ownerOf = (stateDir) => createHash("sha256").update(resolve(stateDir)).digest("hex").slice(0, 16);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Polls with a short, slowly growing delay: fine-grained enough not to dominate a ~100 ms measurement. */
async function poll(what, probe, deadline) {
  for (let delay = 2; ; delay = Math.min(delay * 1.5, 50)) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(delay);
  }
}

async function answeringEngines() {
  const found = [];
  for (const engine of ENGINES) {
    const docker = new Docker({ socketPath: engine.socket });
    try {
      await Promise.race([docker.ping(), sleep(2000).then(() => Promise.reject(new Error("no answer in 2 s")))]);
      await docker.getImage(IMAGE).inspect();
      found.push({ ...engine, docker });
    } catch (error) {
      found.push({ ...engine, unavailable: `${engine.socket}: ${error.message}` });
    }
  }
  return found;
}

/** The baseline: what any client of the engine pays for a running container of the same image. */
async function rawCreateToRunning(docker, deadline) {
  const started = nowMs();
  const container = await docker.createContainer({
    Image: IMAGE,
    Cmd: ["sleep", "3600"],
    Labels: { "caisson.bench": "runtime" },
    HostConfig: { Init: true },
  });
  await container.start();
  await poll(
    "raw container to run",
    async () => ((await container.inspect()).State.Running ? true : undefined),
    deadline,
  );
  const elapsed = nowMs() - started;
  await container.remove({ force: true });
  return elapsed;
}

class RuntimeApi {
  constructor(api, availabilityDomain) {
    this.api = api;
    this.ad = availabilityDomain;
    this.created = new Set();
  }

  body(displayName) {
    return {
      ...this.api.createBody(this.ad, displayName),
      containers: [{ imageUrl: IMAGE, command: ["sleep", "3600"] }],
      gracefulShutdownTimeoutInSeconds: 1,
    };
  }

  async create(displayName) {
    const response = await this.api.call("POST", "/20210415/containerInstances", this.body(displayName));
    const id = response.json().id;
    this.created.add(id);
    return id;
  }

  async state(id) {
    return (await this.api.call("GET", `/20210415/containerInstances/${id}`)).json();
  }

  async createToActive(displayName, deadline) {
    const started = nowMs();
    const id = await this.create(displayName);
    const instance = await poll(
      `${id} to settle`,
      async () => {
        const doc = await this.state(id);
        return doc.lifecycleState === "CREATING" ? undefined : doc;
      },
      deadline,
    );
    if (instance.lifecycleState !== "ACTIVE") {
      throw new Error(`${id} ended ${instance.lifecycleState}: ${instance.lifecycleDetails}`);
    }
    return { id, ms: nowMs() - started };
  }

  async remove(id) {
    const response = await this.api.call("DELETE", `/20210415/containerInstances/${id}`);
    const status = await this.api.waitWorkRequest(response.headers["opc-work-request-id"], 120_000);
    if (status !== "SUCCEEDED") throw new Error(`delete of ${id} ended ${status}`);
    this.created.delete(id);
  }
}

/** Whatever still carries a label of ours, removed directly (apps before holders: podman insists). */
async function removeLeftovers(docker, instanceIds, dataDir) {
  const leftovers = [];
  const byLabel = async (label) => docker.listContainers({ all: true, filters: { label: [label] } });
  const all = [...(await byLabel("caisson.bench=runtime"))];
  for (const id of instanceIds) all.push(...(await byLabel(`caisson.instance-id=${id}`)));
  // Holders (pooled or claimed from the pool) carry the installation's owner label, not always an instance id.
  all.push(...(await byLabel(`caisson.owner=${ownerOf(join(dataDir, "runtime"))}`)));
  all.sort((a) => (a.Labels?.["caisson.role"] === "holder" ? 1 : -1));
  for (const c of all) {
    leftovers.push(c.Names?.[0] ?? c.Id);
    await docker
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => {});
  }
  for (const id of instanceIds) {
    const volumes = await docker.listVolumes({ filters: { label: [`caisson.instance-id=${id}`] } });
    for (const v of volumes.Volumes ?? [])
      await docker
        .getVolume(v.Name)
        .remove()
        .catch(() => {});
  }
  return leftovers;
}

async function withCaisson(engine, fn) {
  const dataDir = tempDir(`runtime-${engine.name}`);
  const server = await startCaisson(dataDir, {
    extraArgs: [
      "--runtime",
      "docker",
      "--docker-host",
      `unix://${engine.socket}`,
      "--holder-image",
      IMAGE,
      "--pull-policy",
      "if-not-present",
    ],
  });
  const api = new CaissonApi(server.url, dataDir, { maxSockets: 64 });
  await api.raiseServiceLimits();
  const runtime = new RuntimeApi(api, (await api.availabilityDomains())[0]);
  try {
    return await fn(runtime);
  } finally {
    const ids = [...runtime.created];
    await Promise.all(ids.map((id) => runtime.remove(id).catch(() => {})));
    await server.stop();
    await removeLeftovers(engine.docker, ids, dataDir);
    const subnetNetworks = await engine.docker.listNetworks({
      filters: { label: [`caisson.subnet-id=${api.identity.subnetId}`] },
    });
    for (const n of subnetNetworks)
      await engine.docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => {});
  }
}

async function singleInstance(engine, ctx, deadline) {
  return withCaisson(engine, async (runtime) => {
    // Warm-up, not measured: the subnet's engine network is created by the first instance only.
    const warm = await runtime.createToActive("warm-up", deadline);
    await runtime.remove(warm.id);
    await rawCreateToRunning(engine.docker, deadline);
    const apiTimes = [];
    const rawTimes = [];
    for (let i = 0; i < SEQUENTIAL_RUNS; i++) {
      const run = await runtime.createToActive(`single-${i}`, deadline);
      apiTimes.push(run.ms);
      await runtime.remove(run.id);
      rawTimes.push(await rawCreateToRunning(engine.docker, deadline));
    }
    const api = median(apiTimes);
    const raw = median(rawTimes);
    ctx.log(`${engine.name}: create → ACTIVE median ${api.toFixed(0)} ms, raw create+start ${raw.toFixed(0)} ms`);
    return figure({
      figure: `${engine.name}: create → ACTIVE, one container (median of ${SEQUENTIAL_RUNS}) vs raw engine create+start`,
      value: api,
      unit: "ms",
      baseline: raw,
      // The goal is Podman's; Docker's figure is shown for comparison.
      ...(engine.name === "podman" && { goal: { on: "ratio", op: "<=", target: 1.5 } }),
      info: "Caisson also starts the instance's network-namespace holder and records the work request",
    });
  });
}

async function concurrentInstances(engine, ctx, count, deadline) {
  return withCaisson(engine, async (runtime) => {
    const started = nowMs();
    const sentAt = new Map();
    const settledAt = new Map();
    const results = await Promise.allSettled(
      Array.from({ length: count }, async (_, i) => {
        const sent = nowMs();
        const id = await runtime.create(`burst-${i}`);
        sentAt.set(id, sent);
        return id;
      }),
    );
    const createErrors = results.filter((r) => r.status === "rejected").map((r) => r.reason.message);
    const ids = results.filter((r) => r.status === "fulfilled").map((r) => r.value);
    const states = new Map();
    await poll(
      `${count} instances to settle`,
      async () => {
        await Promise.all(
          ids
            .filter((id) => !states.has(id))
            .map(async (id) => {
              const doc = await runtime.state(id);
              if (doc.lifecycleState !== "CREATING") {
                states.set(id, doc);
                settledAt.set(id, nowMs());
              }
            }),
        );
        return states.size === ids.length ? true : undefined;
      },
      deadline,
    );
    const totalMs = nowMs() - started;
    const failed = [...states.values()].filter((doc) => doc.lifecycleState !== "ACTIVE");
    // "Running" in the engine too, not only ACTIVE in the store.
    const running = await engine.docker.listContainers({
      filters: { label: ["caisson.role=app"], status: ["running"] },
    });
    const ours = new Set(ids);
    const runningApps = running.filter((c) => ours.has(c.Labels?.["caisson.instance-id"])).length;
    ctx.log(
      `${engine.name}: ${count} concurrent creates: ${states.size - failed.length} ACTIVE, ${runningApps} running, ` +
        `${createErrors.length + failed.length} errors, ${(totalMs / 1000).toFixed(1)} s`,
    );
    for (const message of [...createErrors, ...failed.map((d) => `${d.id}: ${d.lifecycleDetails}`)].slice(0, 5)) {
      ctx.note(`${engine.name} burst error: ${message}`);
    }
    return [
      figure({
        figure: `${engine.name}: ${count} instances created concurrently, ACTIVE and running`,
        value: runningApps,
        unit: "instances",
        goal: { on: "value", op: "=", target: count },
      }),
      figure({
        figure: `${engine.name}: errors among ${count} concurrent creates`,
        value: createErrors.length + failed.length,
        unit: "errors",
        goal: { on: "value", op: "=", target: 0 },
      }),
      info(`${engine.name}: ${count} concurrent creates → all settled`, totalMs / 1000, "s"),
      info(
        `${engine.name}: ${count} concurrent creates, p99 of each create → ACTIVE`,
        percentile(
          ids.filter((id) => settledAt.has(id)).map((id) => settledAt.get(id) - sentAt.get(id)),
          99,
        ),
        "ms",
      ),
    ];
  });
}

export async function run(ctx) {
  const deadline = Date.now() + SUITE_BUDGET_MS;
  const engines = await answeringEngines();
  const usable = engines.filter((e) => !e.unavailable);
  if (usable.length === 0) {
    return { skipped: `no engine answers: ${engines.map((e) => e.unavailable).join("; ")}` };
  }
  const figures = [];
  for (const engine of engines.filter((e) => e.unavailable))
    ctx.note(`${engine.name} not measured: ${engine.unavailable}`);
  for (const engine of usable) figures.push(await singleInstance(engine, ctx, deadline));
  // The burst runs once, on Podman when it is there (the target engine), to bound the suite's time.
  const burstEngine = usable.find((e) => e.name === "podman") ?? usable[0];
  figures.push(...(await concurrentInstances(burstEngine, ctx, 50, deadline)));
  if (!ctx.quick) figures.push(...(await concurrentInstances(burstEngine, ctx, 200, deadline)));
  return figures;
}
