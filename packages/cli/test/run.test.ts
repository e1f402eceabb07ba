import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { against, type CliResult, caisson, closedPort, emptyHome, ok } from "./support/cli-process.js";
import { type ServeProcess, startServe } from "./support/serve-process.js";

let server: ServeProcess;
let cli: (args: string[]) => Promise<CliResult>;

beforeAll(async () => {
  server = await startServe();
  cli = against(server);
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

const EMULATED_NOTE =
  /^note: this Caisson server uses the emulated runtime, which runs no processes: (ocid1\.computecontainerinstance\.\S+) is ACTIVE/;

describe("caisson run on the emulated runtime", () => {
  test("creates a one-container instance with the flags' settings, says that nothing runs, exits 0", async () => {
    const r = await cli([
      "run",
      "--name",
      "hello",
      "--env",
      "GREETING=hi",
      "-e",
      "EMPTY=",
      "--cpus",
      "2",
      "--memory",
      "4096m",
      "busybox",
      "--",
      "sh",
      "-c",
      "echo $GREETING",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    const id = r.stderr.match(EMULATED_NOTE)?.[1];
    expect(id, r.stderr).toBeTruthy();
    const instance = await ok(cli(["container-instance", "get", "--container-instance-id", id!]));
    expect(instance.data).toMatchObject({
      displayName: "hello",
      lifecycleState: "ACTIVE",
      containerRestartPolicy: "NEVER",
      shapeConfig: { ocpus: 2, memoryInGBs: 4 },
    });
    const container = await ok(cli(["container", "get", "--container-id", instance.data.containers[0].containerId]));
    expect(container.data).toMatchObject({
      displayName: "hello",
      imageUrl: "busybox",
      arguments: ["sh", "-c", "echo $GREETING"],
      environmentVariables: { GREETING: "hi", EMPTY: "" },
    });
  });

  test("--detach prints only the new instance's OCID, at once", async () => {
    const r = await cli(["run", "--detach", "--restart", "always", "busybox"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ocid1\.computecontainerinstance\.\S+\n$/);
    expect(r.stderr).toBe("");
    const got = await ok(cli(["container-instance", "get", "--container-instance-id", r.stdout.trim()]));
    expect(got.data.containerRestartPolicy).toBe("ALWAYS");
  });

  test("--rm deletes the instance after it ran", async () => {
    const r = await cli(["run", "--rm", "--name", "temporary", "busybox", "--", "true"]);
    expect(r.code).toBe(0);
    const id = r.stderr.match(EMULATED_NOTE)?.[1];
    const wrs = await ok(cli(["work-request", "list", "--resource-id", id!, "--all"]));
    expect(wrs.data.items.map((w: { operationType: string }) => w.operationType)).toContain(
      "DELETE_CONTAINER_INSTANCE",
    );
  });

  test("an image the service refuses, or a wrong availability domain: exit 125 with the service's error", async () => {
    const r = await cli(["run", "--availability-domain", "nowhere", "busybox"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^Error: InvalidParameter \(400\): .*availabilityDomain.* \[opc-request-id: \S+\]\n$/);
  });
});

describe("defaults and connection failures", () => {
  test("without ~/.caisson/config it reads ~/.oci/config, and finds the subnet through the API", async () => {
    const home = emptyHome();
    mkdirSync(join(home, ".oci"));
    copyFileSync(server.configFile, join(home, ".oci", "config"));
    const r = await caisson(["run", "--detach", "busybox"], { env: { HOME: home, CAISSON_ENDPOINT: server.url } });
    expect(r.code, r.stderr).toBe(0);
    const got = await ok(cli(["container-instance", "get", "--container-instance-id", r.stdout.trim()]));
    expect(got.data.vnics).toHaveLength(1);
  });

  test("with no config file at all, the error says how to get one", async () => {
    const r = await caisson(["run", "busybox"], { env: { CAISSON_ENDPOINT: server.url } });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(
      /^Error: .*cannot read .*\.oci\/config.*start 'caisson serve' once to create .*\.caisson\/config/,
    );
  });

  test("a server that is not there: one line naming the endpoint, exit 125 as the help says", async () => {
    const port = await closedPort();
    const r = await caisson([
      "run",
      "--config-file",
      server.configFile,
      "--endpoint",
      `http://127.0.0.1:${port}`,
      "--no-retry",
      "busybox",
    ]);
    expect(r.code).toBe(125);
    expect(r.stderr).toBe(
      `Error: cannot reach Caisson at http://127.0.0.1:${port}: ECONNREFUSED (is 'caisson serve' running? see --endpoint)\n`,
    );
  });

  test("a config file whose key the server does not know: NotAuthenticated (401)", async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
    const dir = mkdtempSync(`${server.dataDir}-forged-`);
    const forged = readFileSync(server.configFile, "utf8").replace(
      /fingerprint=.*/,
      "fingerprint=00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff",
    );
    writeFileSync(`${dir}/config`, forged);
    const r = await caisson(["container-instance", "list", "--config-file", `${dir}/config`, "--endpoint", server.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: NotAuthenticated \(401\): .* \[opc-request-id: \S+\]\n$/);
  });

  test("an --endpoint that is not Caisson: one line saying so, never the page it answered", async () => {
    const { createServer } = await import("node:http");
    const page = `<!DOCTYPE html><html><body>${"<p>Welcome to nginx!</p>".repeat(50)}</body></html>`;
    const web = createServer((_req, res) => res.writeHead(404, { "content-type": "text/html" }).end(page));
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(web.address() as { port: number }).port}`;
    try {
      for (const args of [
        ["container-instance", "list"],
        ["run", "busybox"],
      ]) {
        const r = await caisson([...args, "--config-file", server.configFile, "--endpoint", url, "--no-retry"]);
        expect(r.code).toBe(args[0] === "run" ? 125 : 1);
        expect(r.stderr).toBe(
          `Error: ${url} is not a Caisson server: it answered HTTP 404 that is not from the OCI API (check --endpoint)\n`,
        );
      }
    } finally {
      web.close();
    }
  });

  test("a --config-file that does not exist: the hint does not suggest passing --config-file", async () => {
    const missing = join(emptyHome(), "nope", "config");
    const r = await caisson(["container-instance", "list", "--config-file", missing, "--endpoint", server.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`(--config-file ${missing}: no such file)`);
    expect(r.stderr).not.toContain("or pass --config-file");
  });
});
