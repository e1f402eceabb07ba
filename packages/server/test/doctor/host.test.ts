import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkClock } from "../../src/doctor/clock-check.js";
import { checkEngines } from "../../src/doctor/engine-checks.js";
import { checkConfig, checkDataDir, checkNode, checkPort } from "../../src/doctor/host-checks.js";
import { canServe, runDoctor } from "../../src/doctor/index.js";
import { checkStore } from "../../src/doctor/store-check.js";
import { firstEngine } from "../../src/engines.js";
import { startServer } from "../../src/serve/server.js";

/**
 * `caisson doctor` on a machine without an engine, and each check against the real thing it inspects: files with
 * real modes, a real lock of a live process, a database written by a real start, a bound port, an HTTP server
 * whose clock is off. The probe container on real engines is in engine.test.ts.
 */
const tmp = () => mkdtempSync(join(tmpdir(), "caisson-doctor-"));

/** A machine with no engine: no DOCKER_HOST, and every well-known socket path in an empty directory. */
function noEngine() {
  const dir = tmp();
  return {
    env: { XDG_RUNTIME_DIR: dir },
    wellKnown: { docker: `unix://${join(dir, "docker.sock")}`, rootfulPodman: `unix://${join(dir, "podman.sock")}` },
    dir,
  };
}

describe("engines", () => {
  test("without an engine it lists every socket it tried, why each failed, and how to start Podman or Docker", async () => {
    const machine = noEngine();
    const { checks, found } = await checkEngines(machine);
    expect(found).toBeUndefined();
    expect(checks.map((c) => [c.status, c.found])).toEqual([
      ["info", "DOCKER_HOST: DOCKER_HOST is not set"],
      ["info", `Docker default socket (unix://${machine.dir}/docker.sock): socket does not exist`],
      ["info", `rootful Podman socket (unix://${machine.dir}/podman.sock): socket does not exist`],
      ["info", `rootless Podman socket (unix://${machine.dir}/podman/podman.sock): socket does not exist`],
      ["fail", "no Docker or Podman engine answered: containers cannot run"],
    ]);
    const fix = checks.at(-1)?.fix ?? "";
    expect(fix).toContain("systemctl --user start podman.socket");
    expect(fix).toContain("sudo systemctl start docker");
    expect(fix).toContain("--docker-host");
  });

  test("a path that is not a socket, and a DOCKER_HOST nobody listens on, each say why", async () => {
    const machine = noEngine();
    writeFileSync(join(machine.dir, "docker.sock"), "not a socket");
    const port = await closedPort();
    const { checks } = await checkEngines({
      ...machine,
      env: { ...machine.env, DOCKER_HOST: `tcp://127.0.0.1:${port}` },
    });
    expect(checks[0]?.found).toBe(`DOCKER_HOST (tcp://127.0.0.1:${port}): connection refused`);
    expect(checks[1]?.found).toMatch(/Docker default socket .*: connection refused/);
  });

  test("--docker-host is the only endpoint tried", async () => {
    const { checks } = await checkEngines({ dockerHost: "unix:///nonexistent/caisson.sock" });
    expect(checks.map((c) => c.found)).toEqual([
      "--docker-host (unix:///nonexistent/caisson.sock): socket does not exist",
      "no Docker or Podman engine answered: containers cannot run",
    ]);
  });

  test("runDoctor without an engine cannot serve; with --runtime emulated it can", async () => {
    const machine = noEngine();
    const base = { dataDir: join(machine.dir, "data"), port: 0, timeUrl: false as const, ...machine };
    const auto = await runDoctor(base);
    expect(canServe(auto)).toBe(false);
    expect(auto.filter((c) => c.status === "fail").map((c) => c.name)).toEqual(["engine"]);
    expect(auto.map((c) => c.name)).toEqual([
      "node",
      "engine",
      "engine",
      "engine",
      "engine",
      "engine",
      "data-dir",
      "database",
      "port",
      "config",
    ]);
    const emulated = await runDoctor({ ...base, runtime: "emulated" });
    expect(canServe(emulated)).toBe(true);
    expect(emulated.find((c) => c.name === "engine")?.found).toMatch(/not needed/);
  });
});

describe("node", () => {
  test("20 and later pass; older fails with the install command", () => {
    expect(checkNode("20.0.0").status).toBe("ok");
    expect(checkNode(process.versions.node).status).toBe("ok");
    const old = checkNode("18.19.0");
    expect(old).toMatchObject({ status: "fail", fix: expect.stringContaining("nvm install 20") });
  });
});

describe("data directory, lock, database, config and key after a real start", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = join(tmp(), "data");
    const server = await startServer({ dataDir, port: 0, runtime: "emulated" });
    await server.close();
  });

  test("a fresh data directory after a start is private, unlocked, migrated, with a private key", async () => {
    const checks = await runDoctor({ dataDir, port: 0, runtime: "emulated", timeUrl: false });
    expect(canServe(checks)).toBe(true);
    const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(byName["data-dir"]).toMatchObject({ status: "ok", found: `${dataDir} is writable and private` });
    expect(byName.lock?.status).toBe("ok");
    expect(byName.database?.found).toMatch(/^sqlite:.*caisson\.db answers; all \d+ migrations applied$/);
    expect(byName.config?.found).toBe(`${join(dataDir, "config")} (profile DEFAULT)`);
    expect(byName.key).toMatchObject({ status: "ok", found: expect.stringContaining("mode 600") });
  });

  test("a key others can read fails with chmod 600; a data directory others can read warns with chmod 700", async () => {
    const dir = join(tmp(), "data");
    await (await startServer({ dataDir: dir, port: 0, runtime: "emulated" })).close();
    const key = (await checkConfig(dir)).find((c) => c.name === "key")!.found.split(" ")[0]!;
    chmodSync(key, 0o644);
    chmodSync(dir, 0o755);
    const config = await checkConfig(dir);
    expect(config.find((c) => c.name === "key")).toMatchObject({ status: "fail", fix: `chmod 600 ${key}` });
    const data = await checkDataDir(dir);
    expect(data[0]).toMatchObject({ status: "warn", fix: `chmod 700 ${dir}` });
  });

  test("a lock held by a live process warns with the pid to stop; a dead one's lock is stale and fine", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "caisson.lock"), `${process.pid}\n`);
    expect((await checkDataDir(dir))[1]).toMatchObject({
      status: "warn",
      found: `a Caisson (pid ${process.pid}) is running on ${dir}; a second 'caisson serve' here is refused`,
      fix: expect.stringContaining(`kill ${process.pid}`),
    });
    const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid;
    writeFileSync(join(dir, "caisson.lock"), `${dead}\n`);
    expect((await checkDataDir(dir))[1]).toMatchObject({ status: "ok", found: expect.stringContaining("stale") });
  });

  test("a data directory path that is a file, or under an unwritable parent, fails", async () => {
    const file = join(tmp(), "file");
    writeFileSync(file, "");
    expect((await checkDataDir(file))[0]?.status).toBe("fail");
    const locked = tmp();
    chmodSync(locked, 0o500);
    const under = await checkDataDir(join(locked, "a", "b"));
    // root may write anywhere; everyone else is refused.
    expect(under[0]?.status).toBe(process.getuid?.() === 0 ? "ok" : "fail");
  });

  test("a database migrated by a newer Caisson fails; a missing one is created at start; a PostgreSQL nobody serves fails", async () => {
    const dir = tmp();
    const file = join(dir, "newer.db");
    await startServer({ dataDir: dir, database: file, port: 0, runtime: "emulated" }).then((s) => s.close());
    const db = new SqliteDatabase(file);
    db.prepare("insert into caisson_migration (name, timestamp) values (?, ?)").run(
      "9999-future",
      new Date().toISOString(),
    );
    db.close();
    expect(await checkStore(file)).toMatchObject({
      status: "fail",
      found: expect.stringContaining("newer Caisson (unknown migrations: 9999-future)"),
    });
    expect((await checkStore(join(dir, "none.db"))).found).toMatch(/does not exist yet/);
    const port = await closedPort();
    const pg = await checkStore(`postgres://caisson:secret@127.0.0.1:${port}/caisson`);
    expect(pg).toMatchObject({ status: "fail", fix: expect.stringContaining("pg_isready") });
    expect(pg.found).toContain(`postgres://caisson:***@127.0.0.1:${port}/caisson cannot be read`);
    expect(pg.found).not.toContain("secret");
  });

  test("an empty (unmigrated) SQLite file answers with every migration pending", async () => {
    const file = join(tmp(), "empty.db");
    new SqliteDatabase(file).close();
    expect((await checkStore(file)).found).toMatch(/answers; (\d+) of \1 migrations pending/);
  });
});

describe("port", () => {
  test("a port in use fails with the next one to try; a free one passes", async () => {
    // Something that is not a Caisson: it accepts connections and never answers (doctor asks /_caisson/health).
    const sockets = new Set<import("node:net").Socket>();
    const server = createTcpServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(await checkPort("127.0.0.1", port)).toMatchObject({
        status: "fail",
        found: `127.0.0.1:${port} is already in use`,
        fix: expect.stringContaining(`caisson serve --port ${port + 1}`),
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
    expect((await checkPort("127.0.0.1", port)).status).toBe("ok");
  });

  test("a port where a Caisson already serves is a warning, not a failure", async () => {
    const server = await startServer({ dataDir: join(tmp(), "data"), port: 0, runtime: "emulated" });
    try {
      const port = Number(new URL(server.url).port);
      expect(await checkPort("127.0.0.1", port)).toMatchObject({
        status: "warn",
        found: `a Caisson already serves on http://127.0.0.1:${port}; a second one needs another port`,
      });
    } finally {
      await server.close();
    }
  });
});

describe("clock", () => {
  let server: Server;
  let offsetMs = 0;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader("date", new Date(Date.now() + offsetMs).toUTCString());
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test.each([
    [0, "ok", /^within \d s of/],
    [2 * 60_000, "warn", /this clock is 1[12]\d s behind/],
    [
      -10 * 60_000,
      "fail",
      /this clock is (599|600|601) s ahead of .*signed requests from other machines will be rejected/,
    ],
  ])("a server %i ms off is %s", async (offset, status, found) => {
    offsetMs = offset;
    const check = await checkClock(url);
    expect(check.status).toBe(status);
    expect(check.found).toMatch(found);
    if (status === "fail") expect(check.fix).toContain("timedatectl set-ntp true");
  });

  test("an unreachable time server is a warning, never a failure", async () => {
    const check = await checkClock(`http://127.0.0.1:${await closedPort()}/`);
    expect(check.status).toBe("warn");
    expect(check.found).toMatch(/could not compare the clock/);
  });
});

async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("firstEngine (caisson --version)", () => {
  test("answers undefined where no socket answers, and the first that answers otherwise", async () => {
    const machine = noEngine();
    expect(await firstEngine(machine)).toBeUndefined();
    const socket = join(machine.dir, "docker.sock");
    const fake = createServer((_req, res) => {
      res.setHeader("server", "Docker/99.0.1 (linux)");
      res.end("OK");
    });
    await new Promise<void>((resolve) => fake.listen(socket, resolve));
    try {
      expect(await firstEngine(machine)).toMatchObject({
        source: "Docker default socket",
        endpoint: `unix://${socket}`,
        ping: { ok: true, flavor: "docker", version: "99.0.1" },
      });
    } finally {
      await new Promise((resolve) => fake.close(resolve));
    }
  });
});
