import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { caisson, emptyHome } from "./support/cli-process.js";
import { CAISSON_BIN, newDataDir, startServe } from "./support/serve-process.js";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));

describe("a start that cannot serve leaves nothing behind", () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise((resolve) => busy.close(resolve)));

  test("port in use: one line with a --port hint, exit 1, and no data directory, tenancy or config", async () => {
    const dataDir = join(newDataDir(), "fresh");
    const r = await caisson(["serve", "--port", String(port), "--data-dir", dataDir, "--runtime", "emulated"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error: Port ${port} on 127.0.0.1 is already in use (another Caisson?). Stop what uses it, or choose another ` +
        `port with --port, e.g. --port ${port + 1}.\n` +
        `To check what this machine lacks: npx caisson doctor --data-dir ${dataDir} --port ${port}\n`,
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  test("--runtime docker with no engine: says so, and creates no data directory", async () => {
    const dataDir = join(newDataDir(), "fresh");
    const r = await caisson(
      [
        "serve",
        "--port",
        "0",
        "--data-dir",
        dataDir,
        "--runtime",
        "docker",
        "--docker-host",
        "unix:///nonexistent/d.sock",
      ],
      { env: { DOCKER_HOST: "unix:///nonexistent/d.sock" } },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: No Docker or Podman engine answered\. Tried: --docker-host/);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe("the 'Try it' hint names the command as the reader can call it", () => {
  test("not on the PATH (a local install): npx caisson", async () => {
    const server = await startServe();
    try {
      expect(server.output()).toMatch(/^ {2}npx caisson run --endpoint /m);
    } finally {
      await server.stop();
    }
  });

  test("on the PATH (a global install): caisson", async () => {
    const bin = mkdtempSync(join(tmpdir(), "caisson-bin-"));
    symlinkSync(CAISSON_BIN, join(bin, "caisson"));
    const server = await startServe({ env: { PATH: `${bin}:${process.env.PATH}` } });
    try {
      expect(server.output()).toMatch(/^ {2}caisson run --endpoint /m);
    } finally {
      await server.stop();
    }
  });
});

describe("npx caisson serve stops with npx", () => {
  // SIGTERM to npx alone (a service manager, `kill`); SIGINT to the whole group is what Ctrl-C in a terminal does.
  test.each([
    ["SIGTERM to the npx process alone", "SIGTERM", "npx"],
    ["Ctrl-C (SIGINT to the terminal's process group)", "SIGINT", "group"],
  ] as const)(
    "%s stops the server and frees the data directory",
    async (_, signal, target) => {
      const home = emptyHome();
      const dataDir = join(home, "data");
      // Its own process group, as in a terminal: the signal goes to npx only, never to its children.
      const npx = spawn("npx", ["caisson", "serve", "--port", "0", "--runtime", "emulated", "--data-dir", dataDir], {
        cwd: REPO,
        env: { PATH: process.env.PATH, HOME: home, npm_config_update_notifier: "false" },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      npx.stdout.on("data", (chunk) => {
        output += chunk;
      });
      npx.stderr.on("data", (chunk) => {
        output += chunk;
      });
      await until(
        () => /endpoint\s+http:\/\/\S+/.test(output),
        () => `serve did not start:\n${output}`,
      );
      const serverPid = Number.parseInt(readFileSync(join(dataDir, "caisson.lock"), "utf8"), 10);
      expect(serverPid).not.toBe(npx.pid);
      try {
        process.kill(target === "group" ? -npx.pid! : npx.pid!, signal);
        await until(
          () => !alive(serverPid),
          () => `caisson serve (pid ${serverPid}) outlived npx:\n${output}`,
        );
        expect(existsSync(join(dataDir, "caisson.lock"))).toBe(false);
      } finally {
        if (alive(serverPid)) process.kill(serverPid, "SIGKILL");
      }
    },
    60_000,
  );
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, failure: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 20; !condition(); delay = Math.min(delay * 2, 250)) {
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
