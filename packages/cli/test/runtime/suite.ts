import * as ci from "oci-containerinstances";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENABLE, suiteRunsHere } from "../../../server/test/support/needs.js";
import { newDataDir } from "../support/serve-process.js";
import {
  AUTH_REGISTRY,
  appContainer,
  b64,
  containersOf,
  createInstance,
  deleteAndWait,
  describeInstance,
  ENGINES,
  type EngineName,
  engineContainers,
  engineIp,
  engineUnavailable,
  getContainer,
  getInstance,
  IMAGE,
  labelledObjects,
  logsOf,
  PRIVATE_IMAGE,
  type RuntimeServer,
  removeByLabel,
  startRuntimeServer,
  subnetNetworks,
  tearDown,
  until,
  waitForContainer,
  waitForInstanceState,
  waitForWorkRequest,
} from "./support/harness.js";
import { createSubnet, ENGINE_OCTET } from "./support/networks.js";

const Policy = ci.models.ContainerInstance.ContainerRestartPolicy;
const sh = (script: string) => ["sh", "-c", script];
/** Keeps running, and stops at once on SIGTERM (the app runs under an init, so the signal is not ignored). */
const SLEEP_LOOP = sh("while true; do sleep 1; done");

/**
 * The end-to-end runtime suite: `caisson serve` on a real engine, driven through the public API with the
 * official OCI clients, with assertions on what really runs in the engine. Every engine gets the same suite.
 */
export async function runtimeSuite(engine: EngineName): Promise<void> {
  const socket = ENGINES[engine];
  const octet = ENGINE_OCTET[engine];
  const unavailable = await engineUnavailable(socket);
  if (!suiteRunsHere(`${engine}: caisson serve on a real engine`, unavailable, ENABLE[engine])) return;
  let server: RuntimeServer | undefined;
  const subnetsToRemove: string[] = [];

  beforeAll(async () => {
    server = await startRuntimeServer(engine);
  });

  afterAll(async () => {
    await tearDown(server, subnetsToRemove);
  });

  const it = (name: string, body: (s: RuntimeServer) => Promise<void>, timeoutMs = 240_000) =>
    test(
      name,
      async () => {
        if (!server) throw new Error("caisson serve did not start");
        await body(server);
      },
      timeoutMs,
    );

  describe(`${engine}: caisson serve on a real engine`, () => {
    it("two containers share localhost: one serves a CONFIGFILE volume, the other fetches it and exits 0", async (s) => {
      const page = `hello from ${engine} ${Date.now()}`;
      const instance = await createInstance(
        s,
        "localhost-pair",
        [
          {
            displayName: "web",
            imageUrl: IMAGE,
            command: ["httpd", "-f", "-p", "8080", "-h", "/www"],
            volumeMounts: [{ volumeName: "www", mountPath: "/www", isReadOnly: true }],
          },
          {
            displayName: "fetch",
            imageUrl: IMAGE,
            // The web container may not listen yet; busybox wget segfaults when the connection fails, which
            // only ends that one attempt. Bounded, so a broken network ends the container instead of hanging.
            command: sh(
              "i=0; until wget -q -O /tmp/page http://127.0.0.1:8080/index.html 2>/dev/null; do " +
                "i=$((i+1)); [ $i -gt 600 ] && exit 7; sleep 0.2; done; echo fetched: $(cat /tmp/page); exit 0",
            ),
          },
        ],
        {
          volumes: [
            {
              name: "www",
              volumeType: "CONFIGFILE",
              configs: [{ fileName: "index.html", data: b64(page) }],
            } as ci.models.CreateContainerConfigFileVolumeDetails,
          ],
          containerRestartPolicy: Policy.Never,
        },
      );
      await waitForInstanceState(s, instance.id, "ACTIVE");
      const [web, fetch] = await containersOf(s, instance.id);
      const fetched = await waitForContainer(
        s,
        fetch!.id,
        (c) => c.lifecycleState === "INACTIVE",
        "the fetching container to end INACTIVE",
      );
      expect(fetched.exitCode).toBe(0);
      expect(await logsOf(s, fetch!.id)).toContain(`fetched: ${page}`);
      // NEVER leaves the server alone: it still runs, and so the instance stays ACTIVE.
      expect((await getContainer(s, web!.id)).lifecycleState).toBe("ACTIVE");
      expect((await appContainer(s, web!.id)).State.Running).toBe(true);
      expect((await appContainer(s, fetch!.id)).State).toMatchObject({ Running: false, ExitCode: 0 });
      expect((await getInstance(s, instance.id)).lifecycleState).toBe("ACTIVE");
      await deleteAndWait(s, instance.id);
    });

    it("instances on one subnet reach each other by private IP; another subnet's cannot", async (s) => {
      const other = await createSubnet(s, "isolated", { vcn: `10.${octet}.0.0/16`, subnet: `10.${octet}.1.0/24` });
      subnetsToRemove.push(other.subnetId);
      const page = `private page ${engine} ${Date.now()}`;
      const target = await createInstance(
        s,
        "target",
        [
          {
            displayName: "web",
            imageUrl: IMAGE,
            command: ["httpd", "-f", "-p", "8080", "-h", "/www"],
            volumeMounts: [{ volumeName: "www", mountPath: "/www" }],
          },
        ],
        {
          volumes: [
            {
              name: "www",
              volumeType: "CONFIGFILE",
              configs: [{ fileName: "index.html", data: b64(page) }],
            } as ci.models.CreateContainerConfigFileVolumeDetails,
          ],
        },
      );
      const active = await waitForInstanceState(s, target.id, "ACTIVE");
      const vnic = (await s.network.getVnic({ vnicId: active.vnics[0]!.vnicId! })).vnic;
      const ip = await engineIp(s, target.id);
      expect(ip).toBeTruthy();

      // The same nc probe on both sides, so "nothing came back" across subnets is not a broken probe.
      const probe = (label: string) =>
        `out=$(printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 2 ${ip} 8080 2>/dev/null); ` +
        `case "$out" in *"${page}"*) echo ${label}:reached;; *) echo ${label}:blocked;; esac`;
      const neighbour = await createInstance(s, "neighbour", [
        {
          displayName: "client",
          imageUrl: IMAGE,
          command: sh(
            `i=0; until wget -q -O /tmp/page http://${ip}:8080/index.html 2>/dev/null; do ` +
              "i=$((i+1)); [ $i -gt 600 ] && exit 7; sleep 0.2; done; echo wget: $(cat /tmp/page); " +
              probe("nc"),
          ),
        },
      ]);
      const stranger = await createInstance(
        s,
        "stranger",
        [{ displayName: "client", imageUrl: IMAGE, command: sh(`for i in 1 2 3; do ${probe(`try$i`)}; done`) }],
        { vnics: [{ subnetId: other.subnetId }] },
      );
      const [neighbourClient] = await containersOf(s, neighbour.id);
      const [strangerClient] = await containersOf(s, stranger.id);
      for (const c of [neighbourClient!, strangerClient!]) {
        await waitForContainer(s, c.id, (x) => x.lifecycleState === "INACTIVE", `${c.displayName} to finish`);
      }
      const near = await logsOf(s, neighbourClient!.id);
      expect(near).toContain(`wget: ${page}`);
      expect(near).toContain("nc:reached");
      const far = await logsOf(s, strangerClient!.id);
      expect(far).toContain("try3:");
      expect(far).not.toContain("reached");

      for (const id of [neighbour.id, stranger.id, target.id]) await deleteAndWait(s, id);
      await other.remove();
      // Last, so the reachability above is proven either way: the API's address must be the engine's, or a
      // user who reads the VNIC (as OCI users do) gets an address nothing answers on.
      expect(vnic.privateIp, "GetVnic privateIp vs the engine's address").toBe(ip);
    });

    it("a failing HTTP health check with KILL under ALWAYS restarts with growing back-off and reads UNHEALTHY", async (s) => {
      const instance = await createInstance(
        s,
        "unhealthy",
        [
          {
            displayName: "app",
            imageUrl: IMAGE,
            command: SLEEP_LOOP,
            healthChecks: [
              {
                healthCheckType: "HTTP",
                name: "nothing-listens",
                port: 8089,
                path: "/",
                intervalInSeconds: 1,
                failureThreshold: 2,
                failureAction: "KILL",
              } as ci.models.CreateContainerHttpHealthCheckDetails,
            ],
          },
        ],
        { containerRestartPolicy: Policy.Always },
      );
      await waitForInstanceState(s, instance.id, "ACTIVE");
      const [app] = await containersOf(s, instance.id);
      // Engine start times are the restarts' timestamps: taken by the engine, not by this poll loop.
      const starts = new Set<string>();
      let sawUnhealthy = false;
      const restarted = await until(
        "four restarts",
        async () => {
          const [container, engineState] = await Promise.all([getContainer(s, app!.id), appContainer(s, app!.id)]);
          if (container.healthChecks?.some((h) => h.status === "UNHEALTHY")) sawUnhealthy = true;
          starts.add(engineState.State.StartedAt);
          return (container.containerRestartAttemptCount ?? 0) >= 4 && starts.size >= 5 ? container : undefined;
        },
        { timeoutMs: 150_000, describe: () => describeInstance(s, instance.id) },
      );
      expect(restarted.containerRestartAttemptCount).toBeGreaterThanOrEqual(4);
      expect(sawUnhealthy).toBe(true);
      // Gaps between restarts only: the first run also spans the create (the reconciler takes an instance
      // over once it is ACTIVE), which would blur the comparison.
      const times = [...starts]
        .map((t) => Date.parse(t))
        .sort((a, b) => a - b)
        .slice(1);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      // Each cycle is "fail twice, then wait the back-off"; with the back-off doubling (1 s, 2 s, 4 s) every
      // gap is longer than the one before. Allow a little jitter from the probe interval.
      for (let i = 1; i < gaps.length; i++)
        expect(gaps[i]!, `gaps ${gaps.join(", ")} ms`).toBeGreaterThan(gaps[i - 1]! - 250);
      expect(gaps.at(-1)! - gaps[0]!, `gaps ${gaps.join(", ")} ms`).toBeGreaterThan(1_500);
      await deleteAndWait(s, instance.id);
    });

    it("RetrieveLogs isPrevious returns the run before a restart, with its own marker", async (s) => {
      const instance = await createInstance(
        s,
        "previous-logs",
        [
          {
            displayName: "app",
            imageUrl: IMAGE,
            // busybox date has no %N; the kernel's uptime (centiseconds, shared by every container) orders runs.
            command: sh("echo run-$(cut -d' ' -f1 /proc/uptime | tr -d .)-$$; sleep 1; exit 1"),
          },
        ],
        { containerRestartPolicy: Policy.OnFailure },
      );
      await waitForInstanceState(s, instance.id, "ACTIVE");
      const [app] = await containersOf(s, instance.id);
      await waitForContainer(s, app!.id, (c) => (c.containerRestartAttemptCount ?? 0) >= 1, "the first restart");
      // The restart has happened; wait until the new run has printed its marker.
      const { current, previous } = await until("a current and a previous run marker", async () => {
        const [cur, prev] = [await logsOf(s, app!.id), await logsOf(s, app!.id, true)];
        return /run-\d+/.test(cur) && /run-\d+/.test(prev) ? { current: cur, previous: prev } : undefined;
      });
      const marker = (text: string) => text.match(/run-(\d+)-\d+/);
      expect(current).not.toBe(previous);
      expect(marker(previous)![0]).not.toBe(marker(current)![0]);
      // Each log holds exactly one run, and the previous one is the earlier (uptime in the marker).
      expect(previous.match(/run-/g)).toHaveLength(1);
      expect(current.match(/run-/g)).toHaveLength(1);
      expect(BigInt(marker(previous)![1]!)).toBeLessThan(BigInt(marker(current)![1]!));
      await deleteAndWait(s, instance.id);
    });

    it("stop, start, restart and delete act on the engine; delete leaves no labelled object behind", async (s) => {
      const own = await createSubnet(s, "lifecycle", {
        vcn: `10.${octet + 10}.0.0/16`,
        subnet: `10.${octet + 10}.1.0/24`,
      });
      subnetsToRemove.push(own.subnetId);
      const instance = await createInstance(
        s,
        "lifecycle",
        [
          { displayName: "a", imageUrl: IMAGE, command: SLEEP_LOOP },
          {
            displayName: "b",
            imageUrl: IMAGE,
            command: SLEEP_LOOP,
            volumeMounts: [{ volumeName: "scratch", mountPath: "/scratch" }],
          },
        ],
        {
          vnics: [{ subnetId: own.subnetId }],
          volumes: [{ name: "scratch", volumeType: "EMPTYDIR" } as ci.models.CreateContainerEmptyDirVolumeDetails],
          // ALWAYS: a stopped instance must stay stopped even though its policy would restart an exit.
          containerRestartPolicy: Policy.Always,
        },
      );
      await waitForInstanceState(s, instance.id, "ACTIVE");
      const ids = (await containersOf(s, instance.id)).map((c) => c.id);
      const engineStates = () => Promise.all(ids.map(async (id) => (await appContainer(s, id)).State));
      expect((await engineStates()).map((st) => st.Running)).toEqual([true, true]);
      expect(await subnetNetworks(s, own.subnetId)).toHaveLength(1);

      const stop = await s.ci.stopContainerInstance({ containerInstanceId: instance.id });
      expect((await waitForWorkRequest(s, stop.opcWorkRequestId)).status).toBe("SUCCEEDED");
      expect((await getInstance(s, instance.id)).lifecycleState).toBe("INACTIVE");
      expect((await engineStates()).map((st) => st.Running)).toEqual([false, false]);
      const stoppedAt = (await engineStates()).map((st) => st.StartedAt);

      const start = await s.ci.startContainerInstance({ containerInstanceId: instance.id });
      expect((await waitForWorkRequest(s, start.opcWorkRequestId)).status).toBe("SUCCEEDED");
      expect((await getInstance(s, instance.id)).lifecycleState).toBe("ACTIVE");
      const started = await engineStates();
      expect(started.map((st) => st.Running)).toEqual([true, true]);
      for (const [i, st] of started.entries())
        expect(Date.parse(st.StartedAt)).toBeGreaterThan(Date.parse(stoppedAt[i]!));

      const restart = await s.ci.restartContainerInstance({ containerInstanceId: instance.id });
      expect((await waitForWorkRequest(s, restart.opcWorkRequestId)).status).toBe("SUCCEEDED");
      const restarted = await engineStates();
      expect(restarted.map((st) => st.Running)).toEqual([true, true]);
      for (const [i, st] of restarted.entries()) {
        expect(Date.parse(st.StartedAt)).toBeGreaterThan(Date.parse(started[i]!.StartedAt));
      }

      expect(await labelledObjects(s, instance.id)).not.toEqual([]);
      await deleteAndWait(s, instance.id);
      expect((await getInstance(s, instance.id)).lifecycleState).toBe("DELETED");
      expect(await labelledObjects(s, instance.id)).toEqual([]);
      // Nothing else uses this subnet but the holder pool's ready holders (they go, with the network, when serve
      // stops); without them the network goes now.
      const users = await s.docker.listContainers({
        all: true,
        filters: { label: [`caisson.subnet-id=${own.subnetId}`] },
      });
      expect(users.filter((c) => !c.Names?.[0]?.startsWith("/caisson-pool-"))).toEqual([]);
      expect(await subnetNetworks(s, own.subnetId)).toHaveLength(users.length > 0 ? 1 : 0);
      await own.remove();
    });

    it("a private image pulls with BASIC imagePullSecrets, and fails with the engine's reason without them", async () => {
      if (!server) return;
      // Its own server: this test needs every create to ask the registry (the default server pulls only
      // what is missing, and an earlier pull would let the credential-less create pass).
      const pulling = await startRuntimeServer(engine, { args: ["--pull-policy", "always"] });
      try {
        await pulling.docker
          .getImage(PRIVATE_IMAGE)
          .remove({ force: true })
          .catch(() => {});
        const withSecret = await createInstance(
          pulling,
          "private-ok",
          [{ displayName: "app", imageUrl: PRIVATE_IMAGE, command: sh("echo private image runs") }],
          {
            imagePullSecrets: [
              {
                secretType: "BASIC",
                registryEndpoint: AUTH_REGISTRY.endpoint,
                username: b64(AUTH_REGISTRY.username),
                password: b64(AUTH_REGISTRY.password),
              } as ci.models.CreateBasicImagePullSecretDetails,
            ],
          },
        );
        // The container echoes and exits, so the instance may pass through ACTIVE too fast to see: its
        // container's clean exit is the proof that the pull, the create and the run all happened.
        const [app] = await containersOf(pulling, withSecret.id);
        const ran = await waitForContainer(
          pulling,
          app!.id,
          (c) => c.lifecycleState === "INACTIVE",
          "the private image to run",
        );
        expect(ran.exitCode).toBe(0);
        expect(await logsOf(pulling, app!.id)).toContain("private image runs");
        expect((await appContainer(pulling, app!.id)).Config.Image).toContain("127.0.0.1:5001/caisson/busybox");

        const created = await pulling.ci.createContainerInstance({
          createContainerInstanceDetails: {
            displayName: "private-denied",
            compartmentId: pulling.serve.info.compartmentId,
            availabilityDomain: pulling.availabilityDomain,
            shape: "CI.Standard.E4.Flex",
            shapeConfig: { ocpus: 1, memoryInGBs: 1 },
            containers: [{ imageUrl: PRIVATE_IMAGE, command: sh("echo should not run") }],
            vnics: [{ subnetId: pulling.serve.info.subnetId }],
          },
        });
        pulling.created.add(created.containerInstance.id);
        const failed = await waitForInstanceState(pulling, created.containerInstance.id, "FAILED");
        // The engine's own words (registry auth refused), not a generic failure.
        expect(failed.lifecycleDetails).toMatch(/pull of 127\.0\.0\.1:5001\/caisson\/busybox:ci failed/);
        expect(failed.lifecycleDetails).toMatch(/auth|unauthorized|credential/i);
        const wr = await waitForWorkRequest(pulling, created.opcWorkRequestId);
        expect(wr.status).toBe("FAILED");
        const errors = await pulling.ci.listWorkRequestErrors({ workRequestId: created.opcWorkRequestId });
        const messages = errors.workRequestErrorCollection.items.map((e) => `${e.code}: ${e.message}`);
        expect(messages.join("\n")).toMatch(/ImagePullFailed: .*(auth|unauthorized|credential)/i);
        expect(await engineContainers(pulling, created.containerInstance.id)).toEqual([]);
      } finally {
        await tearDown(pulling);
      }
    });

    it("crash safety: after SIGKILL and a restart, running containers are adopted untouched and a killed one restarts", async () => {
      if (!server) return;
      const dataDir = newDataDir();
      const first = await startRuntimeServer(engine, { dataDir });
      let second: RuntimeServer | undefined;
      const ids: string[] = [];
      try {
        for (let i = 0; i < 5; i++) {
          const instance = await createInstance(
            first,
            `survivor-${i}`,
            [{ displayName: "app", imageUrl: IMAGE, command: SLEEP_LOOP }],
            {
              containerRestartPolicy: Policy.Always,
            },
          );
          ids.push(instance.id);
        }
        for (const id of ids) await waitForInstanceState(first, id, "ACTIVE");
        const containerIds = await Promise.all(ids.map(async (id) => (await containersOf(first, id))[0]!.id));
        const before = await Promise.all(containerIds.map((id) => appContainer(first, id)));
        expect(before.every((info) => info.State.Running)).toBe(true);

        expect(await first.serve.stop("SIGKILL")).toBe("SIGKILL");
        first.ci.close();
        first.network.close();
        // While Caisson is down, the engine loses one container's process: nobody is there to restart it.
        await first.docker.getContainer(before[0]!.Id).kill({ signal: "SIGKILL" });
        await until("the killed container to have exited", async () =>
          (await first.docker.getContainer(before[0]!.Id).inspect()).State.Running ? undefined : true,
        );

        second = await startRuntimeServer(engine, { dataDir });
        const s = second;
        for (const id of ids) s.created.add(id);
        const revived = await waitForContainer(
          s,
          containerIds[0]!,
          (c) => (c.containerRestartAttemptCount ?? 0) >= 1 && c.lifecycleState === "ACTIVE",
          "the killed container to be restarted",
        );
        expect(revived.containerRestartAttemptCount).toBeGreaterThanOrEqual(1);
        const revivedEngine = await until("the killed container to run again", async () => {
          const info = await appContainer(s, containerIds[0]!);
          return info.State.Running ? info : undefined;
        });
        expect(Date.parse(revivedEngine.State.StartedAt)).toBeGreaterThan(Date.parse(before[0]!.State.StartedAt));

        for (const id of ids) expect((await getInstance(s, id)).lifecycleState).toBe("ACTIVE");
        const after = await Promise.all(containerIds.map((id) => appContainer(s, id)));
        for (let i = 1; i < 5; i++) {
          // Adopted as they were: same engine container, never restarted, no restart counted.
          expect(after[i]!.Id).toBe(before[i]!.Id);
          expect(after[i]!.State.Running).toBe(true);
          expect(after[i]!.State.StartedAt).toBe(before[i]!.State.StartedAt);
          expect((await getContainer(s, containerIds[i]!)).containerRestartAttemptCount ?? 0).toBe(0);
        }
        expect(after[0]!.Id).toBe(before[0]!.Id);
      } finally {
        if (second) await tearDown(second);
        else {
          await first.serve.stop("SIGKILL");
          await removeByLabel(first.docker, ids, [first.serve.info.subnetId]);
        }
      }
    }, 300_000);
  });
}
