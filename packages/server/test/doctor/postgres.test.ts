import { randomBytes } from "node:crypto";
import { afterAll, expect, test } from "vitest";
import { checkStore } from "../../src/doctor/store-check.js";
import { openPostgres } from "../../src/store/database.js";
import { MIGRATIONS } from "../../src/store/migrations/index.js";
import { maintenance, postgresUrl, stopPostgres } from "../support/dialects.js";

/** doctor's database line on a real PostgreSQL: reachable, how far migrated, and it never migrates itself. */
afterAll(() => stopPostgres());

test("a reachable PostgreSQL database: every migration pending, then all applied after a start", async () => {
  const server = await postgresUrl();
  const name = `caisson_doctor_${randomBytes(6).toString("hex")}`;
  await maintenance(server, `create database ${name}`);
  try {
    const url = server.replace(/\/[^/]*$/, `/${name}`);
    const n = MIGRATIONS.length;
    const before = await checkStore(url);
    expect(before.status).toBe("ok");
    expect(before.found).toMatch(new RegExp(`^postgres:.*/${name} answers; ${n} of ${n} migrations pending`));
    // Doctor only read: still nothing applied.
    expect((await checkStore(url)).found).toContain(`${n} of ${n} migrations pending`);
    await (await openPostgres(url)).close();
    expect((await checkStore(url)).found).toMatch(new RegExp(`answers; all ${n} migrations applied$`));
  } finally {
    await maintenance(server, `drop database if exists ${name} with (force)`);
  }
});
