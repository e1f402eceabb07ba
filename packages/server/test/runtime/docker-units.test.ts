import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { checkNonRoot } from "../../src/runtime/docker/containers.js";
import { toRuntimeEvent } from "../../src/runtime/docker/events.js";
import { bridgeCidrProblem, hostRoutes, type RouteBlock } from "../../src/runtime/docker/host-routes.js";
import { credentialFor, parseImageReference } from "../../src/runtime/docker/images.js";
import { demultiplex, engineTimestamp, tailBytes } from "../../src/runtime/docker/logs.js";
import { ensureSubnetNetwork, ipv4InCidr } from "../../src/runtime/docker/network.js";
import { createOrAdopt } from "../../src/runtime/docker/provision.js";
import { inspectContainer } from "../../src/runtime/docker/status.js";
import { containerMounts, prepareVolumes } from "../../src/runtime/docker/volumes.js";
import { capabilityName, effectiveCapabilities } from "../../src/runtime/isolation.js";

function frame(stream: number, text: string): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(Buffer.byteLength(text), 4);
  return Buffer.concat([header, Buffer.from(text)]);
}

describe("image references", () => {
  it.each([
    ["busybox", "docker.io/library/busybox:latest", "docker.io"],
    ["me/app:1", "docker.io/me/app:1", "docker.io"],
    ["127.0.0.1:5001/caisson/busybox:ci", "127.0.0.1:5001/caisson/busybox:ci", "127.0.0.1:5001"],
    ["localhost/busybox", "localhost/busybox:latest", "localhost"],
    ["ghcr.io/o/r@sha256:abc", "ghcr.io/o/r@sha256:abc", "ghcr.io"],
    ["registry:5000/x", "registry:5000/x:latest", "registry:5000"],
  ])("%s → %s", (image, full, registry) => {
    expect(parseImageReference(image)).toMatchObject({ full, registry });
  });

  it("matches credentials by registry host, Docker Hub by any of its names", () => {
    const secrets = [
      { registryEndpoint: "https://index.docker.io/v1/", username: "hub", password: "p" },
      { registryEndpoint: "127.0.0.1:5001", username: "local", password: "p" },
    ];
    expect(credentialFor(parseImageReference("busybox"), secrets)?.username).toBe("hub");
    expect(credentialFor(parseImageReference("127.0.0.1:5001/x"), secrets)?.username).toBe("local");
    expect(credentialFor(parseImageReference("127.0.0.1:5000/x"), secrets)).toBeUndefined();
  });
});

describe("logs", () => {
  it("demultiplexes frames in order and keeps a truncated last frame", () => {
    const raw = Buffer.concat([frame(1, "out\n"), frame(2, "err\n"), frame(1, "more\n")]);
    expect(demultiplex(raw).toString()).toBe("out\nerr\nmore\n");
    expect(demultiplex(raw.subarray(0, raw.length - 2)).toString()).toBe("out\nerr\nmor");
    expect(demultiplex(Buffer.from("plain tty output")).toString()).toBe("plain tty output");
    expect(tailBytes(Buffer.from("abcdef"), 2).toString()).toBe("ef");
  });

  it("turns engine timestamps into seconds.nanoseconds", () => {
    expect(engineTimestamp("2026-11-27T15:18:52.123456789Z")).toBe("1795792732.123456789");
    expect(engineTimestamp("2026-11-27T15:18:52Z")).toBe("1795792732.000000000");
  });
});

describe("subnet bridges never shadow the host's routes", () => {
  it("reads /proc/net/route, skipping the default route", async () => {
    const dir = mkdtempSync(join(tmpdir(), "caisson-routes-"));
    const file = join(dir, "route");
    writeFileSync(
      file,
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n" +
        "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n" +
        "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n" +
        "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n",
    );
    const routes = await hostRoutes(file);
    expect(routes).toHaveLength(2);
    expect(bridgeCidrProblem("192.0.2.0/24", routes)).toMatch(/not a private range/);
    expect(bridgeCidrProblem("172.17.4.0/24", routes)).toMatch(/overlaps a route of this host/);
    expect(bridgeCidrProblem("172.16.0.0/12", routes)).toMatch(/overlaps/);
    expect(bridgeCidrProblem("10.0.0.0/16", routes)).toBeUndefined();
    expect(bridgeCidrProblem("8.8.8.0/24", [])).toMatch(/not a private range/);
    expect(bridgeCidrProblem("192.168.7.0/24", [])).toBeUndefined();
  });
});

describe("security", () => {
  it("normalises capability names", () => {
    expect(["CAP_NET_ADMIN", "chown", "ALL", "cap_sys_time"].map(capabilityName)).toEqual([
      "NET_ADMIN",
      "CHOWN",
      "ALL",
      "SYS_TIME",
    ]);
  });

  it("gives OCI's 14 capabilities by default and never more than the operator allows for ALL", () => {
    const defaults = [
      "AUDIT_WRITE",
      "CHOWN",
      "DAC_OVERRIDE",
      "FOWNER",
      "FSETID",
      "KILL",
      "MKNOD",
      "NET_BIND_SERVICE",
      "NET_RAW",
      "SETFCAP",
      "SETGID",
      "SETPCAP",
      "SETUID",
      "SYS_CHROOT",
    ];
    expect(effectiveCapabilities()).toEqual(defaults);
    expect(effectiveCapabilities(["ALL"])).toEqual(defaults);
    expect(effectiveCapabilities(["ALL", "CAP_SYS_ADMIN"])).toEqual(defaults);
    expect(effectiveCapabilities(["ALL"], [], ["CAP_NET_ADMIN"])).toEqual([...defaults, "NET_ADMIN"].sort());
    expect(effectiveCapabilities([], ["ALL"])).toEqual([]);
    expect(effectiveCapabilities(["CAP_KILL"], ["ALL"])).toEqual(["KILL"]);
    expect(effectiveCapabilities([], ["CAP_NET_RAW", "CAP_MKNOD"])).not.toContain("NET_RAW");
  });

  it("refuses path-like names and paths again at the driver, before touching the host", async () => {
    const dir = mkdtempSync(join(tmpdir(), "caisson-state-"));
    const id = "ocid1.computecontainerinstance.oc1.iad.aaaa";
    await expect(
      prepareVolumes(undefined as never, dir, id, [{ name: "../../x", kind: "configFile", files: [] }]),
    ).rejects.toThrow(/volume name "..\/..\/x" must be a name/);
    await expect(
      prepareVolumes(undefined as never, dir, id, [
        { name: "c", kind: "configFile", files: [{ path: "../../escaped", content: Buffer.from("x") }] },
      ]),
    ).rejects.toThrow(/must not contain ".." segments/);
    expect(existsSync(join(dir, "escaped"))).toBe(false);
    const container = {
      containerId: "c1",
      name: "app",
      image: "x",
      env: {},
      mounts: [{ volumeName: "c", mountPath: "/etc/c", subPath: "../../..", readOnly: false }],
    };
    expect(() => containerMounts(dir, id, [{ name: "c", kind: "configFile", files: [] }], container)).toThrow(
      /subPath/,
    );
  });

  it("writes config files exclusively into a fresh directory, once, and mounts them read-only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "caisson-state-"));
    const id = "ocid1.computecontainerinstance.oc1.iad.bbbb";
    const volume = {
      name: "cfg",
      kind: "configFile" as const,
      files: [
        { path: "app.conf", content: Buffer.from("one") },
        { path: "nested/deep/x.txt", content: Buffer.from("two") },
      ],
    };
    await prepareVolumes(undefined as never, dir, id, [volume]);
    const mounts = containerMounts(dir, id, [volume], {
      containerId: "c1",
      name: "app",
      image: "x",
      env: {},
      mounts: [{ volumeName: "cfg", mountPath: "/etc/cfg", readOnly: false }],
    });
    expect(mounts[0]).toMatchObject({ Type: "bind", Target: "/etc/cfg", ReadOnly: true });
    const source = mounts[0]!.Source!;
    expect(source).not.toContain("cfg");
    expect(readFileSync(join(source, "nested/deep/x.txt"), "utf8")).toBe("two");
    // A second provision leaves what is there alone, even a planted symlink is never followed or rewritten.
    const outside = join(dir, "outside");
    writeFileSync(outside, "host file");
    rmSync(join(source, "app.conf"));
    symlinkSync(outside, join(source, "app.conf"));
    await prepareVolumes(undefined as never, dir, id, [volume]);
    expect(readFileSync(outside, "utf8")).toBe("host file");
    // Two files with the same path cannot both be written: the second create is exclusive.
    await expect(
      prepareVolumes(undefined as never, dir, "ocid1.x.oc1..cccc", [
        {
          name: "dup",
          kind: "configFile",
          files: [
            { path: "a", content: Buffer.from("1") },
            { path: "a", content: Buffer.from("2") },
          ],
        },
      ]),
    ).rejects.toThrow(/EEXIST/);
  });

  it("applies nonRootCheck like Kubernetes' runAsNonRoot", () => {
    const spec = (runAsUser?: number) => ({
      containerId: "c",
      name: "app",
      image: "x",
      env: {},
      mounts: [],
      security: { nonRootCheck: true, runAsUser },
    });
    expect(() => checkNonRoot(spec(), "")).toThrow(/root/);
    expect(() => checkNonRoot(spec(), "root")).toThrow(/root/);
    expect(() => checkNonRoot(spec(), "0:0")).toThrow(/root/);
    expect(() => checkNonRoot(spec(), "nobody")).toThrow(/not numeric/);
    expect(() => checkNonRoot(spec(0), "1000")).toThrow(/runAsUser is 0/);
    expect(() => checkNonRoot(spec(), "1000:1000")).not.toThrow();
    expect(() => checkNonRoot(spec(1000), "")).not.toThrow();
  });
});

describe("events and addresses", () => {
  it("maps engine events to runtime events", () => {
    const attributes = { "caisson.instance-id": "i", "caisson.container-id": "c", exitCode: "7" };
    expect(
      toRuntimeEvent({ Type: "container", Action: "die", timeNano: 1e18, Actor: { Attributes: attributes } }),
    ).toEqual({
      instanceId: "i",
      containerId: "c",
      kind: "exited",
      exitCode: 7,
      at: new Date(1e12),
    });
    expect(
      toRuntimeEvent({ Type: "container", Action: "exec_start: sh", Actor: { Attributes: attributes } }),
    ).toBeUndefined();
    expect(toRuntimeEvent({ Type: "container", Action: "start", Actor: { Attributes: {} } })).toBeUndefined();
  });

  it("checks IPv4 membership in a CIDR", () => {
    expect(ipv4InCidr("10.0.1.77", "10.0.1.0/24")).toBe(true);
    expect(ipv4InCidr("10.0.2.1", "10.0.1.0/24")).toBe(false);
    expect(ipv4InCidr("10.0.2.1", "10.0.0.0/16")).toBe(true);
    expect(ipv4InCidr("nonsense", "10.0.0.0/16")).toBe(false);
  });
});

describe("create or adopt", () => {
  /** An engine whose name is held by a create that then fails and is removed (a replica killed mid-call). */
  const engineWithVanishingName = (conflicts: number) => {
    const calls: string[] = [];
    let left = conflicts;
    const engine = {
      createContainer: async (options: { name: string }) => {
        calls.push(`create ${options.name}`);
        if (left-- > 0) throw Object.assign(new Error("name is already in use"), { statusCode: 409 });
        return { id: "made" };
      },
      getContainer: (name: string) => ({
        inspect: async () => {
          calls.push(`inspect ${name}`);
          throw Object.assign(new Error("no such container"), { statusCode: 404 });
        },
      }),
    };
    return { engine: engine as unknown as Docker, calls };
  };

  it("creates again when the conflicting name is gone by the time it is looked up", async () => {
    const { engine, calls } = engineWithVanishingName(1);
    expect(await createOrAdopt(engine, { name: "caisson-x" })).toEqual({ id: "made", created: true });
    expect(calls).toEqual(["create caisson-x", "inspect caisson-x", "create caisson-x"]);
  });

  it("gives up, naming the container, when the name keeps conflicting and vanishing", async () => {
    const { engine, calls } = engineWithVanishingName(10);
    await expect(createOrAdopt(engine, { name: "caisson-x" })).rejects.toThrow(/create container caisson-x/);
    expect(calls.filter((c) => c.startsWith("create"))).toHaveLength(3);
  });
});

describe("inspecting a container whose process exits meanwhile", () => {
  const exitRace = () =>
    Object.assign(new Error("(HTTP code 500) server error - read /proc/31719/cgroup: no such process"), {
      statusCode: 500,
      json: { message: "read /proc/31719/cgroup: no such process", cause: "no such process" },
    });
  const engineFailing = (times: number) => {
    let left = times;
    const engine = {
      getContainer: () => ({
        inspect: async () => {
          if (left-- > 0) throw exitRace();
          return { Id: "c1", State: { Status: "exited" } };
        },
      }),
    };
    return engine as unknown as Docker;
  };

  it("looks again when Podman trips over the exiting process (500 no such process)", async () => {
    expect(await inspectContainer(engineFailing(1), "c1")).toMatchObject({ Id: "c1", State: { Status: "exited" } });
  });

  it("gives up after three looks, naming the container", async () => {
    await expect(inspectContainer(engineFailing(3), "c1")).rejects.toThrow(/inspect container c1: .*no such process/);
  });
});

describe("a subnet network Podman must pick a range for", () => {
  /** A libpod stand-in: the network is unknown until created; the first `failures` creates fail as Podman does. */
  const podman = (failures: number) => {
    let created = false;
    let left = failures;
    const creates: unknown[] = [];
    const dial = (
      options: { method: string; path: string; options?: unknown },
      done: (e: unknown, r?: unknown) => void,
    ) => {
      if (options.method === "POST") {
        creates.push(options.options);
        if (left-- > 0) {
          const message = "route ip+net: no such network interface";
          return done(
            Object.assign(new Error(`(HTTP code 500) server error - ${message}`), {
              statusCode: 500,
              json: { message },
            }),
          );
        }
        created = true;
        return done(null, {});
      }
      if (!created) return done(Object.assign(new Error("(HTTP code 404) no such network"), { statusCode: 404 }));
      // The range asked for, or one Podman picked.
      const asked = (creates.at(-1) as { subnets?: Array<{ subnet: string }> }).subnets?.[0]?.subnet;
      return done(null, {
        name: "caisson-net-x",
        subnets: [{ subnet: asked ?? "10.89.3.0/24" }],
        network_interface: "podman7",
      });
    };
    return { docker: { modem: { dial } } as unknown as Docker, creates };
  };
  // The subnet's own range is one the host routes, so the engine is asked to pick one.
  const routes: RouteBlock[] = [{ start: 0x0a000000, end: 0x0affffff }];
  const subnet = { subnetId: "ocid1.subnet.oc1..x", cidrBlock: "10.0.0.0/24" };

  it("creates it again when an interface vanished while Podman walked the host's (another network torn down)", async () => {
    const { docker, creates } = podman(1);
    const network = await ensureSubnetNetwork(docker, "podman", subnet, routes);
    expect(network).toMatchObject({ cidr: "10.89.3.0/24", cidrReplaced: true, bridge: "podman7" });
    // Both tries were of the create without a range: the subnet's own was never offered.
    expect(creates).toHaveLength(2);
    for (const body of creates) expect(body).not.toHaveProperty("subnets");
  });

  it("a range the subnet asked for is not given up for such a failure: the create with it is tried again", async () => {
    const { docker, creates } = podman(1);
    const network = await ensureSubnetNetwork(docker, "podman", { ...subnet, cidrBlock: "10.215.6.0/24" }, []);
    expect(network.cidrReplaced).toBe(false);
    expect(creates).toEqual([
      expect.objectContaining({ subnets: [{ subnet: "10.215.6.0/24" }] }),
      expect.objectContaining({ subnets: [{ subnet: "10.215.6.0/24" }] }),
    ]);
  });

  it("gives up after three tries, with Podman's words", async () => {
    const { docker } = podman(3);
    await expect(ensureSubnetNetwork(docker, "podman", subnet, routes)).rejects.toThrow(/no such network interface/);
  });
});
