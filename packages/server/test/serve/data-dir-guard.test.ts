import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { MissingDatabaseError } from "../../src/serve/data-dir-guard.js";
import { startServer } from "../../src/serve/server.js";
import { maintenance, postgresUrl, stopPostgres } from "../support/dialects.js";

const newDataDir = () => mkdtempSync(join(tmpdir(), "caisson-guard-"));
const start = (dataDir: string, extra: { database?: string; startOver?: boolean } = {}) =>
  startServer({ dataDir, port: 0, runtime: "emulated", ...extra });

test("an empty PostgreSQL database beside an earlier start's files is refused too", async () => {
  const dataDir = newDataDir();
  await (await start(dataDir)).close();
  const config = readFileSync(join(dataDir, "config"), "utf8");

  const name = `caisson_guard_${randomBytes(6).toString("hex")}`;
  const server = await postgresUrl();
  await maintenance(server, `create database ${name}`);
  try {
    const url = server.replace(/\/[^/]*$/, `/${name}`);
    const error = await start(dataDir, { database: url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingDatabaseError);
    expect((error as Error).message).toContain("is missing or empty");
    expect(readFileSync(join(dataDir, "config"), "utf8")).toBe(config);

    // Moving to PostgreSQL on purpose: --start-over bootstraps it and replaces the files.
    const moved = await start(dataDir, { database: url, startOver: true });
    try {
      expect(moved.firstStart).toBe(true);
      expect(readFileSync(join(dataDir, "config"), "utf8")).toContain(`tenancy=${moved.bootstrap.tenancyId}`);
    } finally {
      await moved.close();
    }
  } finally {
    await maintenance(server, `drop database if exists ${name} with (force)`);
    await stopPostgres();
  }
});

test("an in-memory store is new at every start by design, so its files are simply replaced", async () => {
  const dataDir = newDataDir();
  writeFileSync(join(dataDir, "bootstrap.json"), "{}\n");
  for (let i = 0; i < 2; i++) {
    const server = await start(dataDir, { database: ":memory:" });
    expect(server.firstStart).toBe(true);
    await server.close();
  }
});
