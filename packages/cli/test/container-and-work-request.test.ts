import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { against, type CliResult, ok, SERVICE_ERROR_LINE } from "./support/cli-process.js";
import { type ServeProcess, startServe } from "./support/serve-process.js";

let server: ServeProcess;
let cli: (args: string[]) => Promise<CliResult>;
let instanceId: string;
let workRequestId: string;
let containerId: string;

beforeAll(async () => {
  server = await startServe();
  cli = against(server);
  const containers = '[{"imageUrl":"busybox","displayName":"one"},{"imageUrl":"nginx","displayName":"two"}]';
  const created = await ok(
    cli(["container-instance", "create", "--containers", containers, "--wait-for-state", "SUCCEEDED"]),
  );
  instanceId = created.data.resources[0].identifier;
  workRequestId = created.data.id;
  const listed = await ok(
    cli(["container", "list", "--container-instance-id", instanceId, "--sort-by", "displayName"]),
  );
  containerId = listed.data.items[0].id;
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

describe("container", () => {
  test("list by instance, get with its etag, and table output", async () => {
    const listed = await ok(
      cli(["container", "list", "--container-instance-id", instanceId, "--sort-by", "displayName"]),
    );
    expect(listed.data.items.map((c: { displayName: string }) => c.displayName)).toEqual(["one", "two"]);
    const got = await ok(cli(["container", "get", "--container-id", containerId]));
    expect(got.data).toMatchObject({ id: containerId, containerInstanceId: instanceId, imageUrl: "busybox" });
    expect(got.etag).toBeTruthy();
    const table = await cli(["container", "get", "--container-id", containerId, "--output", "table"]);
    expect(table.stdout).toMatch(/^id\s+ocid1\.computecontainer\./m);
    expect(table.stdout).toMatch(/^imageUrl\s+busybox$/m);
  });

  test("update renames it once the work request succeeded", async () => {
    const wr = await ok(
      cli([
        "container",
        "update",
        "--container-id",
        containerId,
        "--display-name",
        "first",
        "--wait-for-state",
        "SUCCEEDED",
      ]),
    );
    expect(wr.data).toMatchObject({ operationType: "UPDATE_CONTAINER", status: "SUCCEEDED" });
    const got = await ok(cli(["container", "get", "--container-id", containerId]));
    expect(got.data.displayName).toBe("first");
    const r = await cli(["container", "update", "--container-id", containerId]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("nothing to update");
  });

  test("retrieve-logs writes to stdout by default and to --file", async () => {
    const r = await cli(["container", "retrieve-logs", "--container-id", containerId]);
    expect(r.code).toBe(0);
    // The emulated runtime runs nothing, so the log is empty; the file must exist all the same.
    expect(r.stdout).toBe("");
    const file = join(server.dataDir, "logs.txt");
    expect(
      (await cli(["container", "retrieve-logs", "--container-id", containerId, "--file", file, "--is-previous"])).code,
    ).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("");
  });

  test("retrieve-logs of an unknown container: 404 on one line, nothing on stdout", async () => {
    const r = await cli(["container", "retrieve-logs", "--container-id", "ocid1.computecontainer.oc1..nope"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(SERVICE_ERROR_LINE);
  });
});

describe("work-request", () => {
  test("get shows the create, list finds it by resource, list-logs tells its story", async () => {
    const got = await ok(cli(["work-request", "get", "--work-request-id", workRequestId]));
    expect(got.data).toMatchObject({ id: workRequestId, operationType: "CREATE_CONTAINER_INSTANCE" });
    const listed = await ok(cli(["work-request", "list", "--resource-id", instanceId]));
    expect(listed.data.items.map((w: { id: string }) => w.id)).toContain(workRequestId);
    const succeeded = await ok(cli(["work-request", "list", "--status", "succeeded", "--all"]));
    expect(succeeded.data.items.every((w: { status: string }) => w.status === "SUCCEEDED")).toBe(true);
    const logs = await ok(cli(["work-request", "list-logs", "--work-request-id", workRequestId, "--all"]));
    expect(logs.data.items.length).toBeGreaterThan(0);
    expect(logs.data.items[0]).toHaveProperty("message");
    const table = await cli(["work-request", "list-logs", "--work-request-id", workRequestId, "-o", "table"]);
    expect(table.stdout).toMatch(/^MESSAGE\s+TIMESTAMP\n/);
  });

  test("list-errors of a successful work request is an empty list, and (none) as a table", async () => {
    const none = await ok(cli(["work-request", "list-errors", "--work-request-id", workRequestId]));
    expect(none.data.items).toEqual([]);
    expect((await cli(["work-request", "list-errors", "--work-request-id", workRequestId, "-o", "table"])).stdout).toBe(
      "(none)\n",
    );
  });

  test("an unknown work request is 404 with the request id", async () => {
    const r = await cli(["work-request", "get", "--work-request-id", "ocid1.containerinstanceworkrequest.oc1..nope"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: NotAuthorizedOrNotFound \(404\): .* \[opc-request-id: \S+\]\n$/);
  });
});
