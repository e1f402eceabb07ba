import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { against, type CliResult, ok, SERVICE_ERROR_LINE } from "./support/cli-process.js";
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

const CONTAINERS = '[{"imageUrl":"busybox","displayName":"app"}]';

async function createActive(name: string): Promise<string> {
  const wr = await ok(
    cli([
      "container-instance",
      "create",
      "--containers",
      CONTAINERS,
      "--display-name",
      name,
      "--wait-for-state",
      "SUCCEEDED",
    ]),
  );
  return wr.data.resources[0].identifier;
}

describe("container-instance create", () => {
  test("without waiting: the instance, its etag and the work request to follow, using every default", async () => {
    const out = await ok(cli(["container-instance", "create", "--containers", CONTAINERS]));
    expect(out.data).toMatchObject({
      compartmentId: server.info.compartmentId,
      shape: "CI.Standard.E4.Flex",
      shapeConfig: { ocpus: 1 },
      lifecycleState: "CREATING",
    });
    expect(out.data.availabilityDomain).toMatch(/-AD-1$/);
    expect(out.data.vnics).toHaveLength(1);
    expect(out.etag).toBeTruthy();
    expect(out["opc-work-request-id"]).toMatch(/^ocid1\.containerinstanceworkrequest\./);
  });

  test("--wait-for-state SUCCEEDED prints the finished work request; explicit flags reach the API", async () => {
    const file = join(server.dataDir, "containers.json");
    writeFileSync(file, JSON.stringify([{ imageUrl: "nginx", environmentVariables: { A: "1" } }]));
    const wr = await ok(
      cli([
        "container-instance",
        "create",
        "--containers",
        `file://${file}`,
        "--shape-config",
        '{"ocpus":2,"memoryInGBs":4}',
        "--vnics",
        JSON.stringify([{ subnetId: server.info.subnetId }]),
        "--container-restart-policy",
        "never",
        "--freeform-tags",
        '{"team":"cli"}',
        "--wait-for-state",
        "SUCCEEDED",
      ]),
    );
    expect(wr.data).toMatchObject({
      operationType: "CREATE_CONTAINER_INSTANCE",
      status: "SUCCEEDED",
      percentComplete: 100,
    });
    const id = wr.data.resources[0].identifier;
    const got = await ok(cli(["container-instance", "get", "--container-instance-id", id]));
    expect(got.data).toMatchObject({
      lifecycleState: "ACTIVE",
      shapeConfig: { ocpus: 2, memoryInGBs: 4 },
      containerRestartPolicy: "NEVER",
      freeformTags: { team: "cli" },
    });
    expect(got.etag).toBeTruthy();
  });

  test("a request the service refuses: one error line with code, status and request id, exit 1", async () => {
    const r = await cli(["container-instance", "create", "--containers", CONTAINERS, "--shape", "CI.Huge.Flex"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(SERVICE_ERROR_LINE);
    expect(r.stderr).toMatch(/^Error: InvalidParameter \(400\): .*CI\.Huge\.Flex/);
  });
});

describe("container-instance get and list", () => {
  test("get of a missing instance is NotAuthorizedOrNotFound (404), exit 1", async () => {
    const r = await cli([
      "container-instance",
      "get",
      "--container-instance-id",
      "ocid1.computecontainerinstance.oc1..nope",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(SERVICE_ERROR_LINE);
    expect(r.stderr).toMatch(/^Error: NotAuthorizedOrNotFound \(404\): /);
  });

  test("list filters, pages with --limit/--page, and --all gathers every page", async () => {
    await createActive("pager-a");
    await createActive("pager-b");
    const named = await ok(cli(["container-instance", "list", "--display-name", "pager-a"]));
    expect(named.data.items.map((i: { displayName: string }) => i.displayName)).toEqual(["pager-a"]);

    const first = await ok(cli(["container-instance", "list", "--limit", "1", "--sort-by", "displayName"]));
    expect(first.data.items).toHaveLength(1);
    expect(first["opc-next-page"]).toBeTruthy();
    const second = await ok(
      cli(["container-instance", "list", "--limit", "1", "--sort-by", "displayName", "--page", first["opc-next-page"]]),
    );
    expect(second.data.items[0].id).not.toBe(first.data.items[0].id);

    const all = await ok(cli(["container-instance", "list", "--all", "--limit", "1"]));
    expect(all["opc-next-page"]).toBeUndefined();
    const names = all.data.items.map((i: { displayName: string }) => i.displayName);
    expect(names).toEqual(expect.arrayContaining(["pager-a", "pager-b"]));
    expect(new Set(all.data.items.map((i: { id: string }) => i.id)).size).toBe(all.data.items.length);
  });

  test("--output table: a header row and one row per instance, no colour codes in a pipe", async () => {
    await createActive("table-row");
    const r = await cli(["container-instance", "list", "--lifecycle-state", "active", "--output", "table"]);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^DISPLAY NAME\s+ID\s+LIFECYCLE STATE/);
    expect(rows.some((row) => row.startsWith("table-row ") && row.includes(" ACTIVE "))).toBe(true);
    expect(r.stdout).not.toContain("\u001b[");
  });

  test("list-shapes names the flexible shapes", async () => {
    const out = await ok(cli(["container-instance", "list-shapes"]));
    expect(out.data.items.map((s: { name: string }) => s.name)).toContain("CI.Standard.E4.Flex");
    const table = await cli(["container-instance", "list-shapes", "-o", "table"]);
    expect(table.stdout).toMatch(/^NAME\n/);
    expect(table.stdout).toContain("CI.Standard.A1.Flex");
  });
});

describe("container-instance changes", () => {
  test("update, stop, start, restart: the work request id, or with --wait-for-state the finished work", async () => {
    const id = await createActive("changing");
    const accepted = await ok(
      cli(["container-instance", "update", "--container-instance-id", id, "--display-name", "changed"]),
    );
    expect(Object.keys(accepted)).toEqual(["opc-work-request-id"]);
    const finished = await ok(cli(["work-request", "get", "--work-request-id", accepted["opc-work-request-id"]]));
    expect(finished.data.operationType).toBe("UPDATE_CONTAINER_INSTANCE");

    for (const [action, operation] of [
      ["stop", "STOP_CONTAINER_INSTANCE"],
      ["start", "START_CONTAINER_INSTANCE"],
      ["restart", "RESTART_CONTAINER_INSTANCE"],
    ]) {
      const wr = await ok(
        cli(["container-instance", action!, "--container-instance-id", id, "--wait-for-state", "SUCCEEDED"]),
      );
      expect(wr.data).toMatchObject({ operationType: operation, status: "SUCCEEDED" });
    }
    const got = await ok(cli(["container-instance", "get", "--container-instance-id", id]));
    expect(got.data).toMatchObject({ displayName: "changed", lifecycleState: "ACTIVE" });
  });

  test("--if-match with a stale etag is NoEtagMatch (412)", async () => {
    const id = await createActive("etag");
    const r = await cli([
      "container-instance",
      "update",
      "--container-instance-id",
      id,
      "--display-name",
      "x",
      "--if-match",
      "stale",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: NoEtagMatch \(412\): /);
  });

  test("change-compartment moves it into a compartment made with admin compartment create", async () => {
    const id = await createActive("mover");
    const compartment = await ok(cli(["admin", "compartment", "create", "--name", "moved-here"]));
    const wr = await ok(
      cli([
        "container-instance",
        "change-compartment",
        "--container-instance-id",
        id,
        "--compartment-id",
        compartment.data.id,
        "--wait-for-state",
        "SUCCEEDED",
      ]),
    );
    expect(wr.data.status).toBe("SUCCEEDED");
    const listed = await ok(cli(["container-instance", "list", "--compartment-id", compartment.data.id]));
    expect(listed.data.items.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  test("delete --wait-for-state SUCCEEDED, then the instance is DELETED", async () => {
    const id = await createActive("doomed");
    const wr = await ok(
      cli(["container-instance", "delete", "--container-instance-id", id, "--wait-for-state", "SUCCEEDED"]),
    );
    expect(wr.data).toMatchObject({ operationType: "DELETE_CONTAINER_INSTANCE", status: "SUCCEEDED" });
    const got = await ok(cli(["container-instance", "get", "--container-instance-id", id]));
    expect(got.data.lifecycleState).toBe("DELETED");
  });

  test("a wait for a state the work request will not reach fails with exit 1 and says why", async () => {
    const id = await createActive("slow");
    const r = await cli([
      "container-instance",
      "stop",
      "--container-instance-id",
      id,
      "--wait-for-state",
      "CANCELED",
      "--max-wait-seconds",
      "0",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: (Gave up waiting for|ocid1\.containerinstanceworkrequest\.\S+ reached SUCCEEDED, which is not a target state)/,
    );
  });
});
