import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { expect, test } from "vitest";
import { UnknownOperatorError } from "../../src/serve/data-dir-guard.js";
import { type RunningServer, startServer } from "../../src/serve/server.js";
import { ManualClock } from "../support/manual-clock.js";
import { type Caller, signedInject } from "../support/signed-inject.js";

const DAY = 24 * 60 * 60 * 1000;

async function start(dataDir: string, clock: ManualClock): Promise<RunningServer> {
  return startServer({ dataDir, port: 0, runtime: "emulated", clock });
}

function operatorOf(server: RunningServer): Caller {
  return {
    tenancyId: server.bootstrap.tenancyId,
    userId: server.bootstrap.userId,
    fingerprint: server.bootstrap.fingerprint,
    privateKeyPem: readFileSync(server.bootstrap.keyFile, "utf8"),
  };
}

test("a start with the clock a day behind cannot make another tenancy the operator", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "caisson-operator-"));
  const now = Date.parse("2026-12-01T12:00:00.000Z");

  const first = await start(dataDir, new ManualClock(now));
  const operator = operatorOf(first);
  await first.close();

  // The host clock is set back a day; the operator creates a team tenancy, which is now the oldest by time.
  const behind = new ManualClock(now - DAY);
  const second = await start(dataDir, behind);
  const created = await signedInject(
    second.app,
    operator,
    { method: "POST", path: "/_caisson/admin/tenancies", body: { name: "team-a" } },
    behind.now(),
  );
  expect(created.statusCode, created.body).toBe(200);
  const teamBody = created.json();
  const team: Caller = {
    tenancyId: teamBody.tenancy.id,
    userId: teamBody.user.id,
    fingerprint: teamBody.apiKey.fingerprint,
    privateKeyPem: teamBody.apiKey.privateKeyPem,
  };
  await second.close();
  expect(teamBody.tenancy.timeCreated < new Date(now).toISOString()).toBe(true);

  const clock = new ManualClock(now + 60_000);
  const third = await start(dataDir, clock);
  try {
    const call = (as: Caller, method: "GET" | "POST", path: string, body?: unknown) =>
      signedInject(third.app, as, { method, path, ...(body !== undefined && { body }) }, clock.now());
    const listed = await call(operator, "GET", "/_caisson/admin/tenancies");
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((t: { name: string; isOperator: boolean }) => [t.name, t.isOperator])).toEqual([
      ["team-a", false],
      ["caisson", true],
    ]);
    const byTeam = await call(team, "POST", `/_caisson/admin/tenancies/${team.tenancyId}/users`, { name: "intruder" });
    expect(byTeam.statusCode).toBe(404);
    expect(byTeam.json().code).toBe("NotAuthorizedOrNotFound");
    expect(third.bootstrap.tenancyId).toBe(operator.tenancyId);
  } finally {
    await third.close();
  }

  // The mark is in the store itself: exactly one tenancy carries it.
  const raw = new SqliteDatabase(join(dataDir, "caisson.db"), { readonly: true });
  expect(raw.prepare("select id from tenancies where is_operator = 1").all()).toEqual([{ id: operator.tenancyId }]);
  raw.close();
});

test("a store from before the operator was marked gets its mark from the data directory's bootstrap.json", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "caisson-operator-"));
  const clock = new ManualClock(Date.parse("2026-12-01T12:00:00.000Z"));
  const first = await start(dataDir, clock);
  const operator = operatorOf(first);
  await first.close();
  // What migration 0003 leaves on an older store: the column, and no tenancy marked.
  const raw = new SqliteDatabase(join(dataDir, "caisson.db"));
  raw.prepare("update tenancies set is_operator = 0").run();
  raw.close();

  const again = await start(dataDir, clock);
  try {
    expect(again.firstStart).toBe(false);
    expect(again.bootstrap.tenancyId).toBe(operator.tenancyId);
    const listed = await signedInject(
      again.app,
      operator,
      { method: "GET", path: "/_caisson/admin/tenancies" },
      clock.now(),
    );
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([expect.objectContaining({ id: operator.tenancyId, isOperator: true })]);
  } finally {
    await again.close();
  }
});

test("with no mark and no bootstrap.json to name the operator, the start is refused rather than guessed", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "caisson-operator-"));
  const clock = new ManualClock(Date.parse("2026-12-01T12:00:00.000Z"));
  await (await start(dataDir, clock)).close();
  const raw = new SqliteDatabase(join(dataDir, "caisson.db"));
  raw.prepare("update tenancies set is_operator = 0").run();
  raw.close();
  rmSync(join(dataDir, "bootstrap.json"));

  const error = await start(dataDir, clock).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnknownOperatorError);
  expect((error as Error).message).toContain("none is marked as the operator's");
});
