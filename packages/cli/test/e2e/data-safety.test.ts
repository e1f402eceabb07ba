import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { describe, expect, test } from "vitest";
import { caisson } from "../support/cli-process.js";
import { officialClient } from "../support/official-clients.js";
import { newDataDir, type ServeProcess, startServe } from "../support/serve-process.js";

/** Runs `caisson serve` expecting it to refuse to start; returns its exit status and output. */
async function refusedServe(dataDir: string, args: string[] = []) {
  const result = await caisson(["serve", "--port", "0", "--data-dir", dataDir, "--runtime", "emulated", ...args]);
  expect(result.stdout).not.toMatch(/endpoint\s+http/);
  return result;
}

const snapshot = (dataDir: string) =>
  Object.fromEntries(["config", "oci_api_key.pem", "bootstrap.json"].map((f) => [f, readFileSync(join(dataDir, f))]));

async function firstStart(): Promise<{ dataDir: string; tenancyId: string }> {
  const server = await startServe();
  const tenancyId = server.info.tenancyId;
  expect(await server.stop()).toBe(0);
  return { dataDir: server.dataDir, tenancyId };
}

async function createInstance(server: ServeProcess, name: string): Promise<string> {
  const client = officialClient(server.configFile, server.url);
  try {
    const created = await client.createContainerInstance({
      createContainerInstanceDetails: {
        displayName: name,
        compartmentId: server.info.compartmentId,
        availabilityDomain: server.info.availabilityDomain,
        shape: "CI.Standard.E4.Flex",
        shapeConfig: { ocpus: 1 },
        containers: [{ imageUrl: "busybox" }],
        vnics: [{ subnetId: server.info.subnetId }],
      },
    });
    return created.containerInstance.id;
  } finally {
    client.close();
  }
}

describe("caisson serve refuses to bootstrap over an earlier start", () => {
  test("an emptied database (`: > caisson.db`): refused, with what to do; config and key untouched", async () => {
    const { dataDir } = await firstStart();
    const before = snapshot(dataDir);
    writeFileSync(join(dataDir, "caisson.db"), "");
    rmSync(join(dataDir, "caisson.db-wal"), { force: true });
    rmSync(join(dataDir, "caisson.db-shm"), { force: true });

    const refused = await refusedServe(dataDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`The data directory ${dataDir} holds config, oci_api_key.pem, bootstrap.json`);
    expect(refused.stderr).toContain("missing or empty");
    expect(refused.stderr).toContain("Restore the database from a backup");
    expect(refused.stderr).toContain("--start-over");
    expect(snapshot(dataDir)).toEqual(before);
    // Refused again at the next attempt: the refusal did not leave a store that looks bootstrapped.
    expect((await refusedServe(dataDir)).code).toBe(1);
  });

  test("a deleted database: refused the same way; --start-over creates a new operator tenancy on purpose", async () => {
    const { dataDir, tenancyId } = await firstStart();
    rmSync(join(dataDir, "caisson.db"));
    expect((await refusedServe(dataDir)).stderr).toContain("Restore the database from a backup");

    const fresh = await startServe({ dataDir, args: ["--start-over"] });
    try {
      expect(fresh.info.tenancyId).not.toBe(tenancyId);
      expect(readFileSync(join(dataDir, "config"), "utf8")).toContain(`tenancy=${fresh.info.tenancyId}`);
      expect(fresh.output()).toContain("first start: tenancy created");
      expect((await fetch(`${fresh.url}/_caisson/health`)).status).toBe(200);
    } finally {
      expect(await fresh.stop()).toBe(0);
    }
  });
});

describe("first-start files", () => {
  test("an empty bootstrap.json (a full disk at the first start) does not lock the operator out", async () => {
    const { dataDir, tenancyId } = await firstStart();
    const key = readFileSync(join(dataDir, "oci_api_key.pem"), "utf8");
    writeFileSync(join(dataDir, "bootstrap.json"), "");

    const again = await startServe({ dataDir });
    try {
      expect(again.info.tenancyId).toBe(tenancyId);
      expect(readFileSync(join(dataDir, "oci_api_key.pem"), "utf8")).toBe(key);
      expect(again.output()).not.toContain("first start");
      // The config still signs: the operator uses the API at once.
      expect(await createInstance(again, "still-mine")).toMatch(/^ocid1\.computecontainerinstance\./);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });

  test("a lost key and bootstrap.json: a new key is registered for the operator, never a new tenancy", async () => {
    const { dataDir, tenancyId } = await firstStart();
    const oldKey = readFileSync(join(dataDir, "oci_api_key.pem"), "utf8");
    rmSync(join(dataDir, "oci_api_key.pem"));
    rmSync(join(dataDir, "bootstrap.json"));

    const again = await startServe({ dataDir });
    try {
      expect(again.info.tenancyId).toBe(tenancyId);
      expect(readFileSync(join(dataDir, "oci_api_key.pem"), "utf8")).not.toBe(oldKey);
      expect(again.output()).toContain("rewritten");
      expect(await createInstance(again, "recovered")).toMatch(/^ocid1\./);
      const admin = await caisson([
        "admin",
        "tenancy",
        "list",
        "--config-file",
        again.configFile,
        "--endpoint",
        again.url,
      ]);
      expect(admin.code, admin.stderr).toBe(0);
      expect(admin.json().data.items).toEqual([expect.objectContaining({ id: tenancyId, isOperator: true })]);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });

  test("no temporary files are left beside them", async () => {
    const { dataDir } = await firstStart();
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(dataDir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(statSync(join(dataDir, "bootstrap.json")).mode & 0o777).toBe(0o600);
  });
});

test("a second server on the same SQLite file through another --data-dir is refused", async () => {
  const owner = await startServe();
  try {
    const other = newDataDir();
    const refused = await refusedServe(other, ["--database", join(owner.dataDir, "caisson.db")]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Another Caisson (pid ${owner.child.pid}) is using the database`);
    expect(owner.child.exitCode).toBeNull();
  } finally {
    expect(await owner.stop()).toBe(0);
  }
});

test("caisson admin backup copies the live store consistently; restoring it brings everything back", async () => {
  const server = await startServe();
  const backupDir = newDataDir();
  const backupFile = join(backupDir, "caisson-backup.db");
  let instanceId: string;
  try {
    instanceId = await createInstance(server, "backed-up");
    const result = await caisson(["admin", "backup", "--data-dir", server.dataDir, "--to", backupFile]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json()).toMatchObject({ destination: backupFile, source: join(server.dataDir, "caisson.db") });
    // Taken while the server kept running; the server is still healthy.
    expect((await fetch(`${server.url}/_caisson/health`)).status).toBe(200);
  } finally {
    expect(await server.stop()).toBe(0);
  }

  const copy = new SqliteDatabase(backupFile, { readonly: true });
  expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
  expect(copy.prepare("select display_name from container_instances").all()).toEqual([{ display_name: "backed-up" }]);
  copy.close();

  // Restore, as docs/operations.md says: a data directory with the config and key, and the backup as caisson.db.
  const restored = newDataDir();
  mkdirSync(restored, { recursive: true });
  for (const file of ["config", "oci_api_key.pem", "bootstrap.json"]) {
    copyFileSync(join(server.dataDir, file), join(restored, file));
  }
  copyFileSync(backupFile, join(restored, "caisson.db"));
  const again = await startServe({ dataDir: restored });
  try {
    expect(again.info.tenancyId).toBe(server.info.tenancyId);
    const client = officialClient(join(restored, "config"), again.url);
    try {
      const got = await client.getContainerInstance({ containerInstanceId: instanceId });
      expect(got.containerInstance.displayName).toBe("backed-up");
    } finally {
      client.close();
    }
  } finally {
    expect(await again.stop()).toBe(0);
  }

  const pg = await caisson(["admin", "backup", "--database", "postgresql://u@127.0.0.1:1/db", "--to", backupFile]);
  expect(pg.code).toBe(2);
  expect(pg.stderr).toContain("pg_dump");
});
