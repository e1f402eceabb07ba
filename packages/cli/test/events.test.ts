import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { against, type CliResult, ok } from "./support/cli-process.js";
import { type ServeProcess, startServe } from "./support/serve-process.js";
import { streamingCaisson } from "./support/streaming-cli.js";

let server: ServeProcess;
let cli: (args: string[]) => Promise<CliResult>;
let instanceId: string;

beforeAll(async () => {
  server = await startServe();
  cli = against(server);
  const created = await ok(
    cli(["container-instance", "create", "--containers", '[{"imageUrl":"busybox"}]', "--wait-for-state", "SUCCEEDED"]),
  );
  instanceId = created.data.resources[0].identifier;
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

describe("caisson events", () => {
  test("one line per event, oldest first, and the command ends", async () => {
    const result = await cli(["events"]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    const mine = lines.filter((l) => l.includes(instanceId) && l.includes("containerInstance.stateChanged"));
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatch(/^\S+Z\s+containerInstance\.stateChanged\s+ocid1\S+\s+CREATING$/);
    expect(mine[1]).toMatch(/CREATING → ACTIVE \(/);
    expect(lines.some((l) => /workRequest\.statusChanged .* CREATE_CONTAINER_INSTANCE SUCCEEDED$/.test(l))).toBe(true);
  });

  test("--output json: one JSON event per line; --after resumes after an id", async () => {
    const all = (await cli(["events", "--output", "json"])).stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(all[0]).toMatchObject({ id: "1", type: "containerInstance.stateChanged", resourceId: instanceId });
    const rest = (await cli(["events", "--output", "json", "--after", all[2].id])).stdout.trimEnd().split("\n");
    expect(rest.map((l) => JSON.parse(l))).toEqual(all.slice(3));
  });

  test("--follow prints events as they happen until Ctrl-C, then exits 0", async () => {
    const follow = streamingCaisson(server, ["events", "--follow"]);
    try {
      // What happened before comes first: once it is printed, the stream is open.
      await follow.waitFor(/CREATING → ACTIVE/);
      await ok(cli(["container-instance", "stop", "--container-instance-id", instanceId]));
      await follow.waitFor(new RegExp(`containerInstance\\.stateChanged\\s+${instanceId}\\s+UPDATING → INACTIVE`));
      expect(await follow.interrupt()).toBe(0);
    } finally {
      follow.kill();
    }
  });

  test("bad input is refused before anything is sent", async () => {
    const result = await cli(["events", "--after", "yesterday"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--after must be an event id or latest");
    const other = await cli(["events", "--compartment-id", "ocid1.compartment.oc1..aaaanotmine"]);
    expect(other.code).not.toBe(0);
    expect(other.stderr).toMatch(/NotAuthorizedOrNotFound \(404\)/);
  });
});
