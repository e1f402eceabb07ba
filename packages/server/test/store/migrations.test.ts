import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { expect, test } from "vitest";
import { openSqlite } from "../../src/store/database.js";
import { StoreVersionError } from "../../src/store/migrate.js";

test("a database migrated by a newer Caisson is refused, untouched", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "caisson-migrate-")), "caisson.db");
  await (await openSqlite(path)).close();
  const raw = new SqliteDatabase(path);
  raw
    .prepare("insert into caisson_migration (name, timestamp) values (?, ?)")
    .run("9999-from-the-future", new Date().toISOString());
  const before = raw.prepare("select count(*) as n from caisson_migration").get() as { n: number };
  raw.close();

  const error = await openSqlite(path).catch((e) => e);
  expect(error).toBeInstanceOf(StoreVersionError);
  expect(error.message).toContain("9999-from-the-future");
  expect(error.message).toContain("newer version of Caisson");

  const after = new SqliteDatabase(path);
  expect(after.prepare("select count(*) as n from caisson_migration").get()).toEqual(before);
  after.close();
});

test("reopening an up-to-date database applies nothing and keeps the data", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "caisson-migrate-")), "caisson.db");
  const first = await openSqlite(path);
  await first.db
    .insertInto("tenancies")
    .values({ id: "t1", name: "t", home_region: "r", time_created: "2026-01-01T00:00:00.000Z" })
    .execute();
  await first.close();
  const second = await openSqlite(path);
  expect(await second.db.selectFrom("tenancies").select("id").execute()).toEqual([{ id: "t1" }]);
  await second.close();
});
