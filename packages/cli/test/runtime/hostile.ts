import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import * as ci from "oci-containerinstances";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENABLE, suiteRunsHere } from "../../../server/test/support/needs.js";
import { against } from "../support/cli-process.js";
import { officialClient, officialIdentityClient } from "../support/official-clients.js";
import { newDataDir } from "../support/serve-process.js";
import {
  AUTH_REGISTRY,
  appContainer,
  b64,
  containersOf,
  createInstance,
  deleteAndWait,
  ENGINES,
  type EngineName,
  engineContainers,
  engineIp,
  engineUnavailable,
  getContainer,
  IMAGE,
  logsOf,
  PRIVATE_IMAGE,
  type RuntimeServer,
  startRuntimeServer,
  tearDown,
  waitForContainer,
  waitForInstanceState,
  waitForWorkRequest,
} from "./support/harness.js";
import { createSubnet } from "./support/networks.js";

const Policy = ci.models.ContainerInstance.ContainerRestartPolicy;
const sh = (script: string) => ["sh", "-c", script];
const PIDS_LIMIT = 100;
const GB = 1024 ** 3;

/** CapEff of OCI's 14 default capabilities: CHOWN … AUDIT_WRITE, SETFCAP (bits 0,1,3-8,10,13,18,27,29,31). */
const OCI_DEFAULT_CAPS = [0, 1, 3, 4, 5, 6, 7, 8, 10, 13, 18, 27, 29, 31].reduce(
  (m, bit) => m | (1n << BigInt(bit)),
  0n,
);
const CAP_NET_ADMIN = 12n;
const CAP_SYS_MODULE = 16n;
const CAP_SYS_ADMIN = 21n;

/** The official client's error for a refused create: status, OCI code and message. */
async function refusal(
  promise: Promise<unknown>,
): Promise<{ statusCode: number; serviceCode: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { statusCode: number; serviceCode: string; message: string };
  }
  throw new Error("the request was accepted");
}

/** `Key:\tvalue` lines of /proc/self/status printed by a container, as a map. */
function statusFields(log: string): Map<string, string> {
  return new Map(
    log
      .split("\n")
      .map((line) => /^(\w+):\s*(\S+)/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

/**
 * Hostile tenants, on a real engine: every attack a tenant with an ordinary API key could try against the
 * host, through the public API with the official client, and what the engine and the host really show.
 */
export async function hostileTenantSuite(engine: EngineName): Promise<void> {
  const suite = `${engine}: a hostile tenant cannot reach the host`;
  const unavailable = await engineUnavailable(ENGINES[engine]);
  if (!suiteRunsHere(suite, unavailable, ENABLE[engine])) return;
  let server: RuntimeServer | undefined;

  beforeAll(async () => {
    server = await startRuntimeServer(engine, { args: ["--pids-limit", String(PIDS_LIMIT)] });
  });

  afterAll(async () => {
    await tearDown(server);
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

  /** Runs one container to its end and returns its log. */
  async function runToEnd(
    s: RuntimeServer,
    name: string,
    container: ci.models.CreateContainerDetails,
    extra: Partial<ci.models.CreateContainerInstanceDetails> = {},
  ): Promise<{ log: string; instanceId: string; containerId: string }> {
    const instance = await createInstance(s, name, [container], { containerRestartPolicy: Policy.Never, ...extra });
    const [app] = await containersOf(s, instance.id);
    await waitForContainer(s, app!.id, (c) => ["INACTIVE", "FAILED"].includes(c.lifecycleState), `${name} to finish`);
    return { log: await logsOf(s, app!.id), instanceId: instance.id, containerId: app!.id };
  }

  describe(`${engine}: a hostile tenant cannot reach the host`, () => {
    it("path-like volume names, file names, sub-paths and mount paths are refused with 400 before anything runs", async (s) => {
      const marker = `caisson-hostile-${engine}-${Date.now()}`;
      const attacks: Array<[string, Partial<ci.models.CreateContainerInstanceDetails>, string]> = [
        [
          "config volume named to climb out",
          {
            volumes: [
              {
                name: `../../../../../../../../../tmp/${marker}`,
                volumeType: "CONFIGFILE",
                configs: [{ fileName: "x", data: b64("pwned") }],
              } as ci.models.CreateContainerConfigFileVolumeDetails,
            ],
          },
          "volumes[0].name",
        ],
        [
          "the host's / as a volume",
          {
            volumes: [
              {
                name: "../../../../..",
                volumeType: "CONFIGFILE",
                configs: [],
              } as ci.models.CreateContainerConfigFileVolumeDetails,
            ],
            containers: [
              {
                imageUrl: IMAGE,
                volumeMounts: [{ volumeName: "../../../../..", mountPath: "/host" }],
              },
            ],
          },
          "volumes[0].name",
        ],
        [
          "config fileName climbing out",
          {
            volumes: [
              {
                name: "cfg",
                volumeType: "CONFIGFILE",
                configs: [{ fileName: `../../../../../../../../../tmp/${marker}`, data: b64("pwned") }],
              } as ci.models.CreateContainerConfigFileVolumeDetails,
            ],
          },
          "volumes[0].configs[0].fileName",
        ],
        [
          "config path climbing out",
          {
            volumes: [
              {
                name: "cfg",
                volumeType: "CONFIGFILE",
                configs: [{ fileName: marker, path: "../../../../../../../../../tmp", data: b64("pwned") }],
              } as ci.models.CreateContainerConfigFileVolumeDetails,
            ],
          },
          "volumes[0].configs[0].path",
        ],
        [
          "subPath climbing out of a config volume",
          {
            volumes: [
              {
                name: "cfg",
                volumeType: "CONFIGFILE",
                configs: [],
              } as ci.models.CreateContainerConfigFileVolumeDetails,
            ],
            containers: [
              { imageUrl: IMAGE, volumeMounts: [{ volumeName: "cfg", mountPath: "/host", subPath: "../../../.." }] },
            ],
          },
          "containers[0].volumeMounts[0].subPath",
        ],
        [
          "a mount over /proc",
          {
            volumes: [{ name: "e", volumeType: "EMPTYDIR" } as ci.models.CreateContainerEmptyDirVolumeDetails],
            containers: [{ imageUrl: IMAGE, volumeMounts: [{ volumeName: "e", mountPath: "/proc/sysrq-trigger" }] }],
          },
          "containers[0].volumeMounts[0].mountPath",
        ],
      ];
      for (const [what, extra, field] of attacks) {
        const error = await refusal(createInstance(s, what, [{ imageUrl: IMAGE }], extra));
        expect(error.statusCode, what).toBe(400);
        expect(error.serviceCode, what).toBe("InvalidParameter");
        expect(error.message, what).toContain(field);
      }
      expect(existsSync(join("/tmp", marker))).toBe(false);
      // Nothing was recorded, so nothing ever reached the engine.
      const listed = await s.ci.listContainerInstances({ compartmentId: s.serve.info.compartmentId });
      expect(listed.containerInstanceCollection.items.map((i) => i.displayName)).not.toContain(attacks[0]![0]);
    });

    it("a config file swapped for a symlink cannot make Caisson rewrite a host file at restart", async (s) => {
      const dir = mkdtempSync(join(tmpdir(), "caisson-victim-"));
      const victim = join(dir, "victim");
      writeFileSync(victim, "untouched\n");
      chmodSync(victim, 0o600);
      chownSync(victim, 0, 0);
      const before = statSync(victim);
      const instance = await createInstance(
        s,
        "symlink-swap",
        [
          {
            displayName: "swapper",
            imageUrl: IMAGE,
            securityContext: {
              securityContextType: "LINUX",
              runAsUser: 0,
            } as ci.models.CreateLinuxSecurityContextDetails,
            volumeMounts: [{ volumeName: "cfg", mountPath: "/cfg" }],
            command: sh(
              `rm -f /cfg/app.conf 2>&1; ln -sf ${victim} /cfg/app.conf 2>&1; echo "swap exit $?"; ` +
                "echo planted > /cfg/new 2>&1; ls -la /cfg; cat /cfg/app.conf; exit 0",
            ),
          },
        ],
        {
          containerRestartPolicy: Policy.Never,
          securityContext: {
            securityContextType: "LINUX",
            fsGroup: 4242,
          } as ci.models.CreateLinuxContainerInstanceSecurityContextDetails,
          volumes: [
            {
              name: "cfg",
              volumeType: "CONFIGFILE",
              configs: [{ fileName: "app.conf", data: b64("config-content\n") }],
            } as ci.models.CreateContainerConfigFileVolumeDetails,
          ],
        },
      );
      const [app] = await containersOf(s, instance.id);
      const ended = (c: ci.models.Container) => ["INACTIVE", "FAILED"].includes(c.lifecycleState);
      await waitForContainer(s, app!.id, ended, "the swap attempt to end");
      const log = await logsOf(s, app!.id);
      expect(log).toMatch(/Read-only file system/);
      expect(log).toContain("config-content");

      // A restart is when Caisson used to rewrite config files (following the planted symlink).
      const first = await getContainer(s, app!.id);
      const restart = await s.ci.restartContainerInstance({ containerInstanceId: instance.id });
      expect((await waitForWorkRequest(s, restart.opcWorkRequestId)).status).toBe("SUCCEEDED");
      await waitForContainer(
        s,
        app!.id,
        (c) => ended(c) && c.timeTerminated !== first.timeTerminated,
        "the restarted run to end",
      );
      expect(await logsOf(s, app!.id)).toMatch(/Read-only file system/);
      const after = statSync(victim);
      expect(readFileSync(victim, "utf8")).toBe("untouched\n");
      expect([after.uid, after.gid, after.mode]).toEqual([before.uid, before.gid, before.mode]);
      expect(readdirSync(dir)).toEqual(["victim"]);
    });

    it('addCapabilities ["ALL"] as root means OCI\'s 14 capabilities; no-new-privileges, seccomp, pids and memory limits hold', async (s) => {
      const { log } = await runToEnd(s, "caps-all", {
        displayName: "caps",
        imageUrl: IMAGE,
        securityContext: {
          securityContextType: "LINUX",
          runAsUser: 0,
          capabilities: { addCapabilities: ["ALL"] },
        } as ci.models.CreateLinuxSecurityContextDetails,
        command: sh(
          "grep -E '^(CapEff|CapBnd|CapPrm|NoNewPrivs|Seccomp):' /proc/self/status; " +
            "echo PidsMax: $(cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max); " +
            "echo MemoryMax: $(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max); " +
            "mount -t tmpfs none /mnt 2>/dev/null && echo mount: allowed || echo mount: refused",
        ),
      });
      const fields = statusFields(log);
      for (const key of ["CapEff", "CapBnd", "CapPrm"]) {
        const mask = BigInt(`0x${fields.get(key)}`);
        expect(mask, `${key} in\n${log}`).toBe(OCI_DEFAULT_CAPS);
        for (const bit of [CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_NET_ADMIN]) expect((mask >> bit) & 1n).toBe(0n);
      }
      expect(fields.get("NoNewPrivs")).toBe("1");
      expect(fields.get("Seccomp")).toBe("2");
      expect(fields.get("PidsMax")).toBe(String(PIDS_LIMIT));
      // The instance's shape (1 GB) is the ceiling of a container that set no memory limit of its own.
      expect(Number(fields.get("MemoryMax"))).toBe(GB);
      expect(log).toContain("mount: refused");
    });

    it("a container's own limits never exceed the shape; CPU follows the shape too", async (s) => {
      const instance = await createInstance(
        s,
        "limits",
        [
          { displayName: "unlimited", imageUrl: IMAGE, command: sh("sleep 600") },
          {
            displayName: "half",
            imageUrl: IMAGE,
            command: sh("sleep 600"),
            resourceConfig: { memoryLimitInGBs: 0.5, vcpusLimit: 1 },
          },
        ],
        { containerRestartPolicy: Policy.Never, shapeConfig: { ocpus: 1, memoryInGBs: 1 } },
      );
      await waitForInstanceState(s, instance.id, "ACTIVE");
      const [unlimited, half] = await containersOf(s, instance.id);
      const a = await appContainer(s, unlimited!.id);
      const b = await appContainer(s, half!.id);
      expect([a.HostConfig.Memory, a.HostConfig.NanoCpus]).toEqual([GB, 2e9]);
      expect([b.HostConfig.Memory, b.HostConfig.NanoCpus]).toEqual([GB / 2, 1e9]);
      for (const info of [a, b]) {
        expect(info.HostConfig.Privileged).toBe(false);
        expect(info.HostConfig.SecurityOpt).toContain("no-new-privileges");
        expect(info.HostConfig.PidsLimit).toBe(PIDS_LIMIT);
        expect(info.HostConfig.Devices ?? []).toEqual([]);
        expect(info.HostConfig.PidMode || "private").not.toBe("host");
        expect(info.HostConfig.IpcMode).not.toBe("host");
      }
      const holder = (await engineContainers(s, instance.id)).find((c) => c.Labels["caisson.role"] === "holder")!;
      const h = await s.docker.getContainer(holder.Id).inspect();
      expect(h.HostConfig.ReadonlyRootfs).toBe(true);
      // The holder's init, seen from the host: no capability at all.
      const status = readFileSync(`/proc/${h.State.Pid}/status`, "utf8");
      expect(status).toMatch(/^CapEff:\s+0+$/m);
      expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
      expect(h.HostConfig.SecurityOpt).toContain("no-new-privileges");
      expect(h.HostConfig.PidsLimit).toBeGreaterThan(0);
      expect(h.HostConfig.Memory).toBeGreaterThan(0);
      expect(h.HostConfig.NanoCpus).toBeGreaterThan(0);
      expect(h.HostConfig.Privileged).toBe(false);
      await deleteAndWait(s, instance.id);
    });

    it("the shape bounds an instance's containers together: two 700 MB containers do not fit in 1 GB", async (s) => {
      // Each holds 700 MB (dd's buffer, kept while the pipe is full) for 8 s; each alone fits its own 1 GB
      // ceiling, together they exceed the instance's, so the kernel kills one of them (137).
      const hog = (name: string) => ({
        displayName: name,
        imageUrl: IMAGE,
        command: sh(
          "sleep 1; { dd if=/dev/zero bs=700M count=1 2>/dev/null; echo dd-exit=$? >&2; } | sleep 8; sleep 1; exit 0",
        ),
      });
      const instance = await createInstance(s, "instance-ceiling", [hog("a"), hog("b")], {
        containerRestartPolicy: Policy.Never,
        shapeConfig: { ocpus: 1, memoryInGBs: 1 },
      });
      const containers = await containersOf(s, instance.id);
      const exits: string[] = [];
      for (const c of containers) {
        await waitForContainer(
          s,
          c.id,
          (x) => ["INACTIVE", "FAILED"].includes(x.lifecycleState),
          `${c.displayName} to end`,
        );
        exits.push(/dd-exit=(\d+)/.exec(await logsOf(s, c.id))?.[1] ?? "none");
      }
      expect(exits.sort(), `dd exit codes: ${exits}`).toEqual(["137", "141"]);
      expect(s.serve.output()).toMatch(/shape bounds each instance/);
      const cgroup = (await appContainer(s, containers[0]!.id)).HostConfig.CgroupParent!;
      // The holder's 32 MiB are added only when the holder is inside the cgroup (one from the pool is not).
      const holder = (await engineContainers(s, instance.id)).find((c) => c.Labels["caisson.role"] === "holder")!;
      const holderInside = (await s.docker.getContainer(holder.Id).inspect()).HostConfig.CgroupParent === cgroup;
      expect(readFileSync(join("/sys/fs/cgroup/memory", cgroup, "memory.limit_in_bytes"), "utf8").trim()).toBe(
        String(GB + (holderInside ? 32 * 1024 * 1024 : 0)),
      );
      await deleteAndWait(s, instance.id);
      // Deleting the instance removes its cgroup from every controller.
      for (const controller of readdirSync("/sys/fs/cgroup")) {
        expect(existsSync(join("/sys/fs/cgroup", controller, cgroup)), controller).toBe(false);
      }
    });

    it("a subnet whose range the host already routes never becomes a bridge that shadows that route", async (s) => {
      // A route of the host's own (a bridge of its own standing for its LAN), then a tenant subnet with that range.
      const octet = engine === "podman" ? 213 : 214;
      const device = `caisson-hx${octet}`;
      const range = `10.${octet}.0.0/24`;
      execFileSync("ip", ["link", "add", device, "type", "bridge"]);
      try {
        execFileSync("ip", ["addr", "add", `10.${octet}.0.1/24`, "dev", device]);
        execFileSync("ip", ["link", "set", device, "up"]);
        const subnet = await createSubnet(s, "shadow", { vcn: `10.${octet}.0.0/16`, subnet: range });
        try {
          const instance = await createInstance(s, "shadow", [{ imageUrl: IMAGE, command: sh("sleep 600") }], {
            vnics: [{ subnetId: subnet.subnetId }],
          });
          await waitForInstanceState(s, instance.id, "ACTIVE");
          const routes = execFileSync("ip", ["-4", "route", "show", range], { encoding: "utf8" }).trim().split("\n");
          expect(routes, routes.join("\n")).toHaveLength(1);
          expect(routes[0]).toContain(`dev ${device}`);
          const ip = await engineIp(s, instance.id);
          expect(ip, "the instance still gets an address").toBeTruthy();
          expect(ip!.startsWith(`10.${octet}.0.`)).toBe(false);
          await deleteAndWait(s, instance.id);
        } finally {
          await subnet.remove();
        }
      } finally {
        execFileSync("ip", ["link", "del", device]);
      }
    });

    it("a container printing 40 MB does not keep 40 MB of log on the host's disk", async (s) => {
      const { containerId, log } = await runToEnd(s, "chatty", {
        displayName: "chatty",
        imageUrl: IMAGE,
        command: sh(
          "yes 0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz | head -c 40000000; echo; echo the-end",
        ),
      });
      expect(log.trimEnd().endsWith("the-end")).toBe(true);
      const info = await appContainer(s, containerId);
      const dir = dirname(info.LogPath);
      const base = basename(info.LogPath);
      const kept = readdirSync(dir)
        .filter((name) => name.startsWith(base))
        .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
      // Docker keeps 3 files of 10 MiB (JSON-wrapped lines), Podman one of 10 MiB.
      expect(kept, `${kept} bytes of log kept in ${dir}`).toBeLessThan(32 * 1024 * 1024);
    });

    it("a fork bomb stops at the pids limit", async (s) => {
      // Bounded on purpose: 3 × the limit attempts, each a sleeping child; counted from inside.
      const { log } = await runToEnd(s, "fork-bomb", {
        displayName: "bomb",
        imageUrl: IMAGE,
        // The inner shell dies when fork fails; the outer one counts with builtins only (no fork left).
        command: sh(
          `sh -c 'n=0; while [ $n -lt ${PIDS_LIMIT * 3} ]; do sleep 120 & n=$((n+1)); done' 2>/dev/null; ` +
            "set -- /proc/[0-9]*; echo running: $#; kill -9 -1; exit 0",
        ),
      });
      const running = Number(/running: (\d+)/.exec(log)?.[1]);
      expect(running, log).toBeGreaterThan(10);
      expect(running, log).toBeLessThanOrEqual(PIDS_LIMIT);
    });

    it("a private image pulled by one tenancy does not run for another without credentials", async (s) => {
      const secret = (password: string) =>
        ({
          secretType: "BASIC",
          registryEndpoint: AUTH_REGISTRY.endpoint,
          username: b64(AUTH_REGISTRY.username),
          password: b64(password),
        }) as ci.models.CreateBasicImagePullSecretDetails;
      // Tenancy A (the operator's) pulls it with its secret; the server pulls only what is missing.
      const a = await runToEnd(
        s,
        "private-a",
        { displayName: "app", imageUrl: PRIVATE_IMAGE, command: sh("echo tenancy A runs its image") },
        { imagePullSecrets: [secret(AUTH_REGISTRY.password)] },
      );
      expect(a.log).toContain("tenancy A runs its image");
      expect(await s.docker.getImage(PRIVATE_IMAGE).inspect()).toBeTruthy();

      // Tenancy B: its own key, its own subnet, no (or a wrong) secret.
      const teamDir = join(newDataDir(), "tenant-b");
      const made = await against(s.serve)([
        "admin",
        "tenancy",
        "create",
        "--name",
        `b-${engine}`,
        "--output-dir",
        teamDir,
      ]);
      expect(made.code, made.stderr).toBe(0);
      const b = made.json().data as { tenancyId: string; subnetId: string };
      const client = officialClient(join(teamDir, "config"), s.serve.url);
      const identity = officialIdentityClient(join(teamDir, "config"), s.serve.url);
      const ads = await identity.listAvailabilityDomains({ compartmentId: b.tenancyId });
      identity.close();
      try {
        for (const [name, secrets] of [
          ["private-b-none", []],
          ["private-b-wrong", [secret("not-the-password")]],
        ] as const) {
          const created = await client.createContainerInstance({
            createContainerInstanceDetails: {
              displayName: name,
              compartmentId: b.tenancyId,
              availabilityDomain: ads.items[0]!.name!,
              shape: "CI.Standard.E4.Flex",
              shapeConfig: { ocpus: 1, memoryInGBs: 1 },
              containers: [{ imageUrl: PRIVATE_IMAGE, command: sh("echo tenancy B got it") }],
              vnics: [{ subnetId: b.subnetId }],
              containerRestartPolicy: Policy.Never,
              imagePullSecrets: [...secrets],
            },
          });
          const id = created.containerInstance.id;
          const failed = await waitUntilFailed(client, id);
          expect(failed.lifecycleDetails ?? "", name).toMatch(/pull|auth|unauthorized/i);
          const [container] = failed.containers;
          const details = await client.getContainer({ containerId: container!.containerId });
          expect(details.container.exitCode, name).toBeUndefined();
          await client.deleteContainerInstance({ containerInstanceId: id });
        }
      } finally {
        client.close();
      }
    });
  });
}

/**
 * User namespaces, an operator option: on Podman each instance gets its own (userns=auto), so root in a
 * container is an unprivileged user on the host; Docker has them only daemon-wide, and `serve` refuses to
 * promise them when its daemon does not remap users.
 */
export async function userNamespaceSuite(engine: EngineName): Promise<void> {
  const suite = `${engine}: user namespaces`;
  const unavailable = await engineUnavailable(ENGINES[engine]);
  if (!suiteRunsHere(suite, unavailable, ENABLE[engine])) return;

  if (engine === "docker") {
    test("docker: --user-namespaces auto is refused when the daemon does not remap users", async () => {
      const started = startRuntimeServer(engine, { args: ["--user-namespaces", "auto"] });
      await expect(started).rejects.toThrow(/userns-remap/);
    });
    return;
  }

  test(`${engine}: --user-namespaces auto puts each instance in its own user namespace`, async () => {
    const s = await startRuntimeServer(engine, { args: ["--user-namespaces", "auto"] });
    try {
      expect(s.serve.output()).toMatch(/isolation\s+no-new-privileges;.*user namespaces: one per instance/);
      const health = (await (await fetch(`${s.serve.url}/_caisson/health`)).json()) as { isolation?: string };
      expect(health.isolation).toMatch(/user namespaces: one per instance/);
      const instance = await createInstance(s, "userns", [
        {
          displayName: "root-inside",
          imageUrl: IMAGE,
          securityContext: {
            securityContextType: "LINUX",
            runAsUser: 0,
          } as ci.models.CreateLinuxSecurityContextDetails,
          command: sh("echo uid=$(id -u); echo map: $(cat /proc/self/uid_map); sleep 600"),
        },
        { displayName: "sidecar", imageUrl: IMAGE, command: sh("echo map: $(cat /proc/self/uid_map); sleep 600") },
      ]);
      await waitForInstanceState(s, instance.id, "ACTIVE");
      const [root, sidecar] = await containersOf(s, instance.id);
      const log = await waitForLog(s, root!.id, /map: .+/);
      expect(log).toContain("uid=0");
      const map = /map: (\d+) (\d+) (\d+)/.exec(log)!;
      // Root inside is a high, unprivileged uid outside, never the host's uid 0.
      expect(map[1]).toBe("0");
      expect(Number(map[2])).toBeGreaterThan(0);
      // Both containers of the instance share one user namespace (the holder's).
      expect(await waitForLog(s, sidecar!.id, /map: .+/)).toContain(`map: ${map[1]} ${map[2]} ${map[3]}`);
      const app = await appContainer(s, root!.id);
      const hostStatus = readFileSync(`/proc/${app.State.Pid}/status`, "utf8");
      expect(/^Uid:\s+(\d+)/m.exec(hostStatus)?.[1]).toBe(map[2]);
    } finally {
      await tearDown(s);
    }
  }, 240_000);
}

async function waitForLog(s: RuntimeServer, containerId: string, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
    const log = await logsOf(s, containerId);
    if (pattern.test(log) || Date.now() > deadline) return log;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function waitUntilFailed(client: ci.ContainerInstanceClient, id: string): Promise<ci.models.ContainerInstance> {
  const deadline = Date.now() + 120_000;
  for (let delay = 100; Date.now() < deadline; delay = Math.min(delay * 2, 1_000)) {
    const { containerInstance } = await client.getContainerInstance({ containerInstanceId: id });
    if (containerInstance.lifecycleState === "FAILED") return containerInstance;
    if (containerInstance.lifecycleState === "ACTIVE") {
      throw new Error(`instance ${id} became ACTIVE: the private image ran without valid credentials`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  throw new Error(`instance ${id} never FAILED`);
}
