import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appName, holderName } from "../../../src/runtime/docker/containers.js";
import { DockerDriver } from "../../../src/runtime/docker/docker-driver.js";
import { type PoolMaker, thisProcess } from "../../../src/runtime/docker/holder-pool.js";
import { DOCKER_LABELS, installationOwner, ownerOf } from "../../../src/runtime/docker/labels.js";
import { subnetNetworkName } from "../../../src/runtime/docker/network.js";
import type { RuntimeInstanceSpec } from "../../../src/runtime/driver.js";
import { ENABLE, suiteRunsHere } from "../../support/needs.js";
import { engineUnavailable, rawEngine, TEST_ENGINES, TEST_IMAGE } from "../support/engines.js";
import { eventually } from "../support/poll.js";
import { containerSpec, instanceSpec, logText, runToExit, sh, uniqueId, waitForState } from "../support/specs.js";

const POOL = 2;
const IDLE = ["sleep", "1000"];

/**
 * The holder pool on one real engine: what a claimed holder serves, refills, concurrency, clean-up and what one
 * tenant's instance leaves in its holder. Subnets 10.215/16 (podman) and 10.216/16 (Docker), apart from the
 * conformance suites'.
 */
export async function describeHolderPool(name: "podman" | "docker"): Promise<void> {
  const socket = TEST_ENGINES[name];
  if (!suiteRunsHere(`${name} holder pool`, await engineUnavailable(socket), ENABLE[name])) return;
  const engine = rawEngine(socket);
  const octet = name === "podman" ? 215 : 216;
  const subnetOf = (third: number) => ({
    subnetId: `ocid1.subnet.oc1..${name}pooltest${third}`,
    cidrBlock: `10.${octet}.${third}.0/24`,
  });

  describe(`${name} holder pool`, () => {
    let stateDir = "";
    const drivers: DockerDriver[] = [];
    const created = new Map<string, DockerDriver>();

    const connect = async (holderPool = POOL, dir = stateDir) => {
      const driver = await DockerDriver.connect({
        endpoint: `unix://${socket}`,
        stateDir: dir,
        holderImage: TEST_IMAGE,
        holderPool,
      });
      drivers.push(driver);
      return driver;
    };
    const create = async (driver: DockerDriver, spec: RuntimeInstanceSpec) => {
      created.set(spec.instanceId, driver);
      return driver.createInstance(spec);
    };
    const idleSpec = (subnet: ReturnType<typeof subnetOf>, overrides: Partial<RuntimeInstanceSpec> = {}) =>
      instanceSpec(subnet, [containerSpec({ image: TEST_IMAGE, command: IDLE })], overrides);
    /** Warms the subnet's pool: the first instance on a network starts it. */
    const warm = async (driver: DockerDriver, subnet: ReturnType<typeof subnetOf>, size = POOL) => {
      await create(driver, idleSpec(subnet));
      await driver.holderPool.settled();
      expect(driver.holderPool.readyOn(subnetNetworkName(subnet.subnetId))).toBe(size);
    };
    const holderOf = (instanceId: string) => engine.getContainer(holderName(instanceId)).inspect();
    const poolHolders = async (owner: string) =>
      (await engine.listContainers({ all: true, filters: { label: [`${DOCKER_LABELS.owner}=${owner}`] } })).filter(
        (c) => c.Labels?.[DOCKER_LABELS.pool] !== undefined,
      );

    beforeAll(async () => {
      stateDir = await mkdtemp(join(tmpdir(), `caisson-pool-${name}-`));
    });
    afterEach(async () => {
      for (const [instanceId, driver] of created) await driver.deleteInstance(instanceId);
      created.clear();
      for (const driver of drivers.splice(0)) await driver.close();
    });
    afterAll(async () => {
      await rm(stateDir, { recursive: true, force: true });
      // Whatever a failed test left: every container of this installation, then the subnets' networks.
      const left = await engine.listContainers({
        all: true,
        filters: { label: [`${DOCKER_LABELS.owner}=${ownerOf(stateDir)}`] },
      });
      for (const c of left.sort((a) => (a.Labels?.["caisson.role"] === "holder" ? 1 : -1))) {
        await engine
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => {});
      }
      for (const third of [1, 2, 3, 4, 5, 6]) {
        await engine
          .getNetwork(subnetNetworkName(subnetOf(third).subnetId))
          .remove()
          .catch(() => {});
      }
    });

    it("serves an instance from a claimed holder: address, hostname, logs, restart and delete", async () => {
      const driver = await connect();
      const subnet = subnetOf(1);
      await warm(driver, subnet);
      const app = containerSpec({ image: TEST_IMAGE, command: sh("hostname; echo pooled-log; exec sleep 1000") });
      const spec = instanceSpec(subnet, [app]);
      const status = await create(driver, spec);

      const holder = await holderOf(spec.instanceId);
      // Claimed from the pool: made before the instance, so it carries no instance label.
      expect(holder.Config.Labels[DOCKER_LABELS.pool]).toBeDefined();
      expect(holder.Config.Labels["caisson.instance-id"]).toBeUndefined();
      expect(status.containers.map((c) => c.state)).toEqual(["running"]);
      expect(status.privateIp).toMatch(new RegExp(`^10\\.${octet}\\.1\\.`));
      expect(holder.NetworkSettings.Networks[subnetNetworkName(subnet.subnetId)]?.IPAddress).toBe(status.privateIp);
      // No hostname asked for: the engine's default, the holder's short id, as with a holder made for it.
      await eventually("the log", async () =>
        (await logText(driver, spec.instanceId, app.containerId)).includes("pooled-log") ? true : undefined,
      );
      const log = await logText(driver, spec.instanceId, app.containerId);
      expect(log.split("\n")[0]).toBe(holder.Config.Hostname);
      expect(holder.Id.startsWith(holder.Config.Hostname)).toBe(true);

      expect(await driver.listInstanceIds()).toContain(spec.instanceId);
      expect((await driver.inspectInstance(spec.instanceId))?.privateIp).toBe(status.privateIp);
      await driver.restartContainer(spec.instanceId, app.containerId, 1);
      await waitForState(driver, spec.instanceId, app.containerId, "running");
      expect((await driver.inspectInstance(spec.instanceId))?.privateIp).toBe(status.privateIp);
      expect(await logText(driver, spec.instanceId, app.containerId, true)).toContain("pooled-log");

      await driver.stopInstance(spec.instanceId, 1);
      await driver.startInstance(spec);
      await waitForState(driver, spec.instanceId, app.containerId, "running");
      expect((await holderOf(spec.instanceId)).Id).toBe(holder.Id);

      await driver.deleteInstance(spec.instanceId);
      created.delete(spec.instanceId);
      await expect(engine.getContainer(holder.Id).inspect()).rejects.toMatchObject({ statusCode: 404 });
      expect(await driver.inspectInstance(spec.instanceId)).toBeUndefined();
      expect(await driver.listInstanceIds()).not.toContain(spec.instanceId);
    });

    it("gives a pooled holder the same hardening and limits as one made for an instance", async () => {
      const driver = await connect();
      const subnet = subnetOf(2);
      await warm(driver, subnet);
      const pooled = idleSpec(subnet);
      const fresh = idleSpec(subnet, { network: { ...subnet, hostname: "fresh-one" } });
      await create(driver, pooled);
      await create(driver, fresh);
      const [a, b] = [await holderOf(pooled.instanceId), await holderOf(fresh.instanceId)];
      expect(a.Config.Labels[DOCKER_LABELS.pool]).toBeDefined();
      // A hostname is fixed when a holder is made, so that instance got a holder of its own.
      expect(b.Config.Labels[DOCKER_LABELS.pool]).toBeUndefined();
      expect(b.Config.Hostname).toBe("fresh-one");
      const hardening = (h: Docker.ContainerInspectInfo) => ({
        image: h.Config.Image,
        entrypoint: h.Config.Entrypoint,
        capDrop: h.HostConfig.CapDrop,
        capAdd: h.HostConfig.CapAdd,
        readOnly: h.HostConfig.ReadonlyRootfs,
        privileged: h.HostConfig.Privileged,
        securityOpt: h.HostConfig.SecurityOpt,
        pids: h.HostConfig.PidsLimit,
        memory: h.HostConfig.Memory,
        cpus: h.HostConfig.NanoCpus,
        init: h.HostConfig.Init,
        userns: h.HostConfig.UsernsMode,
        network: h.HostConfig.NetworkMode,
      });
      expect(hardening(a)).toEqual(hardening(b));
      expect(hardening(a)).toMatchObject({ readOnly: true, privileged: false, securityOpt: ["no-new-privileges"] });
      // Docker keeps ["ALL"]; Podman spells out every capability it dropped.
      expect(a.HostConfig.CapDrop?.length).toBeGreaterThan(0);
      expect(a.HostConfig.CapAdd ?? []).toEqual([]);
    });

    it("refills after each claim and never hands one holder to two concurrent creates", async () => {
      const driver = await connect();
      const subnet = subnetOf(3);
      await warm(driver, subnet);
      const specs = Array.from({ length: 6 }, () => idleSpec(subnet));
      const statuses = await Promise.all(specs.map((spec) => create(driver, spec)));
      expect(statuses.flatMap((s) => s.containers.map((c) => c.state))).toEqual(Array(6).fill("running"));
      const holders = await Promise.all(specs.map((spec) => holderOf(spec.instanceId)));
      expect(new Set(holders.map((h) => h.Id)).size).toBe(6);
      expect(new Set(statuses.map((s) => s.privateIp)).size).toBe(6);
      // Every app joined its own instance's holder, whatever the order the creates ran in.
      for (const spec of specs) {
        const app = await engine.getContainer(appName(spec.instanceId, spec.containers[0]!.containerId)).inspect();
        expect(app.HostConfig.NetworkMode).toBe(`container:${(await holderOf(spec.instanceId)).Id}`);
      }
      expect(holders.filter((h) => h.Config.Labels[DOCKER_LABELS.pool] !== undefined).length).toBeGreaterThanOrEqual(
        POOL,
      );
      await driver.holderPool.settled();
      expect(driver.holderPool.readyOn(subnetNetworkName(subnet.subnetId))).toBe(POOL);
      const unclaimed = (await poolHolders(ownerOf(stateDir))).filter((c) =>
        c.Names?.[0]?.startsWith("/caisson-pool-"),
      );
      expect(unclaimed).toHaveLength(POOL);
    });

    it("removes unclaimed holders at close, and those a crashed run left at the next start", async () => {
      const subnet = subnetOf(4);
      const network = subnetNetworkName(subnet.subnetId);
      const crashed = await connect();
      await warm(crashed, subnet);
      const owner = ownerOf(stateDir);
      const leftBehind = (await poolHolders(owner)).filter((c) => c.Names?.[0]?.startsWith("/caisson-pool-"));
      expect(leftBehind.length).toBeGreaterThanOrEqual(POOL);
      // One was claimed by a create that then crashed before making its app: it is named for an instance that
      // no app container of this installation points to.
      const interrupted = holderName(uniqueId("computecontainerinstance"));
      await engine.getContainer(leftBehind[0]!.Id).rename({ name: interrupted });
      // A second run of the same installation (the first never closed, as after a crash) sweeps them all.
      const next = await connect();
      await warm(next, subnet);
      const now = (await poolHolders(owner)).map((c) => c.Id);
      for (const old of leftBehind) expect(now).not.toContain(old.Id);
      await expect(engine.getContainer(interrupted).inspect()).rejects.toMatchObject({ statusCode: 404 });
      // What pool holders remain are the new run's own ready ones.
      expect(now).toHaveLength(POOL);
      drivers.splice(drivers.indexOf(crashed), 1);

      for (const [instanceId, driver] of created) await driver.deleteInstance(instanceId);
      created.clear();
      await next.close();
      drivers.splice(drivers.indexOf(next), 1);
      await crashed.close();
      expect(await poolHolders(owner)).toEqual([]);
      const networks = await engine.listNetworks({ filters: { name: [network] } });
      expect(networks.filter((n) => n.Name === network)).toEqual([]);
    });

    it("an address the engine gave a ready pool holder can still be asked for: the holder gives it up", async () => {
      const driver = await connect();
      const subnet = subnetOf(6);
      const network = subnetNetworkName(subnet.subnetId);
      await warm(driver, subnet);
      const ready = (await poolHolders(ownerOf(stateDir))).filter(
        (c) => c.Names?.[0]?.startsWith("/caisson-pool-") && c.Labels?.[DOCKER_LABELS.network] === network,
      );
      expect(ready).toHaveLength(POOL);
      const taken = (await engine.getContainer(ready[0]!.Id).inspect()).NetworkSettings.Networks[network]?.IPAddress;
      expect(taken).toMatch(new RegExp(`^10\\.${octet}\\.6\\.`));

      // The store knows nothing of pool holders, so it lets an instance ask for that address.
      const spec = idleSpec(subnet, { network: { ...subnet, privateIp: taken! } });
      const status = await create(driver, spec);
      expect(status.privateIp).toBe(taken);
      expect(status.containers.map((c) => c.state)).toEqual(["running"]);
      await expect(engine.getContainer(ready[0]!.Id).inspect()).rejects.toMatchObject({ statusCode: 404 });
      await driver.holderPool.settled();
      expect(driver.holderPool.readyOn(network)).toBe(POOL);
    });

    it("replicas sharing the installation: a starting one leaves a live replica's pool alone, and sweeps a dead one's", async () => {
      const installation = uniqueId("installation");
      const subnet = subnetOf(5);
      const owner = installationOwner(installation);
      const replica = async (maker?: PoolMaker) => {
        const driver = await DockerDriver.connect({
          endpoint: `unix://${socket}`,
          stateDir: await mkdtemp(join(stateDir, "replica-")),
          holderImage: TEST_IMAGE,
          holderPool: POOL,
          ...(maker && { poolMaker: maker }),
        });
        driver.shareWithReplicas(installation);
        drivers.push(driver);
        return driver;
      };
      const unclaimedBy = async (maker: string) =>
        (await poolHolders(owner))
          .filter((c) => c.Names?.[0]?.startsWith("/caisson-pool-") && c.Labels?.[DOCKER_LABELS.poolMaker] === maker)
          .map((c) => c.Id)
          .sort();
      // Replica A's pool is made by another process of this host, which is alive until killed below.
      const other = spawn("sleep", ["600"], { stdio: "ignore" });
      const us = thisProcess();
      const aMaker = `${us.host}/${us.pidNamespace}/${other.pid}`;
      const ours = `${us.host}/${us.pidNamespace}/${process.pid}`;
      try {
        const a = await replica({ ...us, pid: other.pid! });
        await warm(a, subnet);
        const aReady = await unclaimedBy(aMaker);
        expect(aReady).toHaveLength(POOL);

        // Replica B starts while A lives: its sweep must not take A's holders, which A may be claiming right now.
        const b = await replica();
        await warm(b, subnet);
        expect(await unclaimedBy(aMaker)).toEqual(aReady);
        const claimed = idleSpec(subnet);
        const status = await create(a, claimed);
        expect(status.containers.map((c) => c.state)).toEqual(["running"]);
        expect(aReady).toContain((await holderOf(claimed.instanceId)).Id);

        // A's process dies (kill -9 skips close): the next replica to start removes A's unclaimed holders, and
        // only those.
        other.kill("SIGKILL");
        await once(other, "exit");
        const bReady = await unclaimedBy(ours);
        expect(bReady).toHaveLength(POOL);
        const c = await replica();
        await warm(c, subnet);
        expect(await unclaimedBy(aMaker)).toEqual([]);
        expect(await unclaimedBy(ours)).toEqual(expect.arrayContaining(bReady));
        // The instance that claimed one of A's holders keeps it.
        expect((await holderOf(claimed.instanceId)).State.Running).toBe(true);
      } finally {
        other.kill("SIGKILL");
      }
    });

    it("attack: what one tenant's instance did in its holder's namespace never reaches a later instance", async () => {
      const driver = await connect(1);
      const subnet = subnetOf(1);
      await warm(driver, subnet, 1);
      // Tenant A listens on a port of its network namespace (the holder's); its second container proves it does.
      const listener = containerSpec({ image: TEST_IMAGE, command: sh("exec httpd -f -p 7777 -h /tmp") });
      const witness = containerSpec({
        image: TEST_IMAGE,
        command: sh(
          `for i in $(seq 100); do ${PROBE_SCRIPT}; grep -q LISTENING /tmp/seen && break; sleep 0.2; done; cat /tmp/seen`,
        ),
      });
      const a = instanceSpec(subnet, [listener, witness]);
      await create(driver, a);
      const holderA = await holderOf(a.instanceId);
      expect(holderA.Config.Labels[DOCKER_LABELS.pool]).toBeDefined();
      expect((await runToExit(driver, a.instanceId, witness.containerId)).log).toContain("LISTENING");
      await driver.deleteInstance(a.instanceId);
      created.delete(a.instanceId);
      await expect(engine.getContainer(holderA.Id).inspect()).rejects.toMatchObject({ statusCode: 404 });

      // Every instance after A gets another holder, and a namespace where nothing listens on 7777.
      for (let i = 0; i < 3; i++) {
        await driver.holderPool.settled();
        const probe = containerSpec({ image: TEST_IMAGE, command: sh(`${PROBE_SCRIPT}; cat /tmp/seen`) });
        const b = instanceSpec(subnet, [probe]);
        await create(driver, b);
        const holderB = await holderOf(b.instanceId);
        expect(holderB.Config.Labels[DOCKER_LABELS.pool]).toBeDefined();
        expect(holderB.Id).not.toBe(holderA.Id);
        const result = await runToExit(driver, b.instanceId, probe.containerId);
        expect(result.log).toContain("CLEAN");
        expect(result.log).not.toContain("LISTENING");
      }
    });
  });
}

/** Writes LISTENING to /tmp/seen when something in this network namespace listens on TCP 7777 (0x1E61, v4 or v6), else CLEAN. */
const PROBE_SCRIPT =
  "if cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep -qiE ':1E61 0+:0000 0A '; " +
  "then echo LISTENING > /tmp/seen; else echo CLEAN > /tmp/seen; fi";
