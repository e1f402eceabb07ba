import { request } from "node:http";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENABLE, suiteRunsHere } from "../../../server/test/support/needs.js";
import { against } from "../support/cli-process.js";
import {
  createInstance,
  deleteAndWait,
  ENGINES,
  type EngineName,
  engineContainers,
  engineUnavailable,
  IMAGE,
  labelledObjects,
  type RuntimeServer,
  startRuntimeServer,
  tearDown,
  until,
  waitForInstanceState,
  waitForWorkRequest,
} from "./support/harness.js";

/** A loopback TCP port nobody holds right now (the kernel picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** GET http://127.0.0.1:PORT/ once: the body, or undefined when nothing (or not the page yet) answers. */
export function httpGet(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/", timeout: 2_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve(res.statusCode === 200 ? body : undefined));
      res.on("error", () => resolve(undefined));
    });
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(undefined));
    req.end();
  });
}

/** busybox httpd serving one page on container port 8080 (not a privileged port: no capability needed). */
export const webServer = (page: string) => [
  "sh",
  "-c",
  `mkdir -p /tmp/www && echo '${page}' > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www`,
];

/**
 * Published ports on a real engine: the `caisson.publish` tag through the official OCI client, and
 * `caisson run --publish`, reached over HTTP from the host; bound on the holder, so they outlive restarts.
 */
export async function portsSuite(engine: EngineName): Promise<void> {
  const unavailable = await engineUnavailable(ENGINES[engine]);
  if (!suiteRunsHere(`${engine}: published ports`, unavailable, ENABLE[engine])) return;
  let server: RuntimeServer | undefined;
  const held: Server[] = [];

  beforeAll(async () => {
    server = await startRuntimeServer(engine);
  }, 120_000);
  afterAll(async () => {
    for (const listener of held) listener.close();
    await tearDown(server);
  }, 120_000);

  const it = (name: string, body: (s: RuntimeServer) => Promise<void>) =>
    test(name, async () => {
      if (!server) throw new Error("caisson serve did not start");
      await body(server);
    }, 240_000);

  describe(`${engine}: published ports`, () => {
    it("the tag set by the official client publishes a port that answers HTTP before and after RestartContainerInstance", async (s) => {
      const port = await freePort();
      const page = `published on ${engine} ${Date.now()}`;
      const instance = await createInstance(
        s,
        "published-web",
        [{ displayName: "web", imageUrl: IMAGE, command: webServer(page) }],
        {
          freeformTags: { "caisson.publish": `${port}:8080` },
        },
      );
      await waitForInstanceState(s, instance.id, "ACTIVE");
      expect(await until(`HTTP on 127.0.0.1:${port}`, () => httpGet(port))).toBe(`${page}\n`);

      // On the holder, not on the app container: that is what keeps it across the app's restarts.
      const holder = (await engineContainers(s, instance.id)).find((c) => c.Labels["caisson.role"] === "holder")!;
      const bindings = (await s.docker.getContainer(holder.Id).inspect()).HostConfig.PortBindings;
      expect(bindings).toEqual({ "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] });

      const restart = await s.ci.restartContainerInstance({ containerInstanceId: instance.id });
      expect((await waitForWorkRequest(s, restart.opcWorkRequestId)).status).toBe("SUCCEEDED");
      await waitForInstanceState(s, instance.id, "ACTIVE");
      expect(await until(`HTTP on 127.0.0.1:${port} after the restart`, () => httpGet(port))).toBe(`${page}\n`);

      await deleteAndWait(s, instance.id);
      // Released: the host can bind the port again once the engine lets it go.
      await until(`port ${port} free after delete`, async () => {
        const probe = createServer();
        return new Promise<true | undefined>((resolve) => {
          probe.once("error", () => resolve(undefined));
          probe.listen({ host: "127.0.0.1", port }, () => probe.close(() => resolve(true)));
        });
      });
    });

    it("a port a host process holds, or another instance holds, is refused with 400 and nothing created", async (s) => {
      const listener = createServer();
      held.push(listener);
      await new Promise<void>((resolve) => listener.listen({ host: "127.0.0.1", port: 0 }, resolve));
      const hostPort = (listener.address() as { port: number }).port;
      const before = await s.docker.listContainers({ all: true, filters: { label: ["caisson.managed=true"] } });
      const attempt = (publish: string) =>
        createInstance(s, "port-conflict", [{ displayName: "web", imageUrl: IMAGE, command: webServer("x") }], {
          freeformTags: { "caisson.publish": publish },
        }).then(
          () => undefined,
          (error: { statusCode?: number; serviceCode?: string; message?: string }) => error,
        );
      const refused = await attempt(`${hostPort}:8080`);
      expect(refused?.statusCode).toBe(400);
      expect(refused?.serviceCode).toBe("InvalidParameter");
      expect(refused?.message).toContain(
        `freeformTags.caisson.publish: host port 127.0.0.1:${hostPort}/tcp is already in use`,
      );

      const port = await freePort();
      const first = await createInstance(
        s,
        "port-owner",
        [{ displayName: "web", imageUrl: IMAGE, command: webServer("owner") }],
        {
          freeformTags: { "caisson.publish": `${port}:8080` },
        },
      );
      await waitForInstanceState(s, first.id, "ACTIVE");
      const second = await attempt(`${port}:8080`);
      expect(second?.statusCode).toBe(400);
      expect(second?.message).toContain(`host port 127.0.0.1:${port}/tcp is already published by another instance`);
      const after = await s.docker.listContainers({ all: true, filters: { label: ["caisson.managed=true"] } });
      // Only this server's objects (other suites share the engine; each server labels its own with an owner), and
      // not unclaimed pool holders, which belong to no instance: the subnet's pool may refill while this runs.
      const owner = after.find((c) => c.Labels["caisson.instance-id"] === first.id)?.Labels["caisson.owner"];
      expect(owner, "the first instance's containers carry an owner label").toBeTruthy();
      const added = after.filter(
        (c) =>
          c.Labels["caisson.owner"] === owner &&
          !before.some((b) => b.Id === c.Id) &&
          !c.Names?.[0]?.startsWith("/caisson-pool-"),
      );
      expect(
        added.every((c) => c.Labels["caisson.instance-id"] === first.id),
        JSON.stringify(added.map((c) => c.Names)),
      ).toBe(true);
      await deleteAndWait(s, first.id);
      expect(await labelledObjects(s, first.id)).toEqual([]);
    });

    it("caisson run --publish end to end: the port answers, and shows in the instance's tags", async (s) => {
      const cli = against(s.serve);
      const port = await freePort();
      const page = `run --publish on ${engine}`;
      const run = await cli([
        "run",
        "--detach",
        "--publish",
        `${port}:8080`,
        "--entrypoint",
        "sh",
        IMAGE,
        "--",
        "-c",
        webServer(page)[2]!,
      ]);
      expect(run.code, run.stderr).toBe(0);
      const instanceId = run.stdout.trim();
      s.created.add(instanceId);
      await waitForInstanceState(s, instanceId, "ACTIVE");
      expect(await until(`HTTP on 127.0.0.1:${port}`, () => httpGet(port))).toBe(`${page}\n`);
      const got = await cli(["container-instance", "get", "--container-instance-id", instanceId]);
      expect(got.json().data.freeformTags).toEqual({ "caisson.publish": `${port}:8080` });
      await deleteAndWait(s, instanceId);
    });
  });
}
