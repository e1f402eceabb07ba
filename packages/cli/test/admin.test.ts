import { generateKeyPairSync } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { against, type CliResult, caisson, ok } from "./support/cli-process.js";
import { newDataDir, type ServeProcess, startServe } from "./support/serve-process.js";

let server: ServeProcess;
let operator: (args: string[]) => Promise<CliResult>;
let teamDir: string;
let team: (args: string[]) => Promise<CliResult>;
let teamInfo: { tenancyId: string; userId: string; fingerprint: string };

beforeAll(async () => {
  server = await startServe();
  operator = against(server);
  teamDir = join(newDataDir(), "team-a");
  const created = await operator(["admin", "tenancy", "create", "--name", "team-a", "--output-dir", teamDir]);
  expect(created.code, created.stderr).toBe(0);
  teamInfo = created.json().data;
  team = (args) => caisson([...args, "--config-file", join(teamDir, "config"), "--endpoint", server.url]);
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

const publicKeyPem = () =>
  generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }) as string;

describe("admin tenancy", () => {
  test("create writes a config and a 0600 key the new team can use at once, seeing only its own things", async () => {
    expect(statSync(join(teamDir, "oci_api_key.pem")).mode & 0o777).toBe(0o600);
    expect(statSync(join(teamDir, "config")).mode & 0o777).toBe(0o600);
    const config = readFileSync(join(teamDir, "config"), "utf8");
    expect(config).toContain(`tenancy=${teamInfo.tenancyId}`);
    expect(config).toContain(`key_file=${join(teamDir, "oci_api_key.pem")}`);

    const operators = await ok(
      operator([
        "container-instance",
        "create",
        "--containers",
        '[{"imageUrl":"busybox"}]',
        "--display-name",
        "operators",
      ]),
    );
    const ran = await team(["run", "--detach", "--name", "team-job", "busybox"]);
    expect(ran.code, ran.stderr).toBe(0);
    const mine = await ok(team(["container-instance", "list"]));
    expect(mine.data.items.map((i: { displayName: string }) => i.displayName)).toEqual(["team-job"]);
    expect(mine.data.items[0].compartmentId).toBe(teamInfo.tenancyId);
    const foreign = await team(["container-instance", "get", "--container-instance-id", operators.data.id]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/^Error: NotAuthorizedOrNotFound \(404\): /);
  });

  test("list shows both tenancies, the operator's marked; get shows one", async () => {
    const list = await ok(operator(["admin", "tenancy", "list"]));
    expect(list.data.items.map((t: { name: string; isOperator: boolean }) => [t.name, t.isOperator])).toEqual([
      ["caisson", true],
      ["team-a", false],
    ]);
    const table = await operator(["admin", "tenancy", "list", "-o", "table"]);
    expect(table.stdout).toMatch(/^NAME\s+ID\s+IS OPERATOR\s+TIME CREATED\ncaisson\s/);
    const got = await ok(operator(["admin", "tenancy", "get", "--tenancy-id", teamInfo.tenancyId]));
    expect(got.data).toMatchObject({ name: "team-a", isOperator: false });
  });

  test("a team's user is refused the admin API as if it did not exist, and told the command is operator-only", async () => {
    const r = await team(["admin", "tenancy", "list"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: NotAuthorizedOrNotFound \(404\): 'caisson admin tenancy list' is operator-only, .* \[opc-request-id: \S+\]\n$/,
    );
  });

  test("the help of every operator-only command says so", async () => {
    for (const command of [
      ["tenancy", "create"],
      ["tenancy", "list"],
      ["tenancy", "get"],
      ["user", "create"],
      ["user", "list"],
      ["api-key", "upload"],
      ["api-key", "list"],
      ["api-key", "delete"],
    ]) {
      const help = await caisson(["admin", ...command, "--help"]);
      expect(help.stdout, command.join(" ")).toContain("Operator only: only users of the operator tenancy");
    }
    const compartment = await caisson(["admin", "compartment", "create", "--help"]);
    expect(compartment.stdout).not.toContain("Operator only");
  });

  test("the tenancy's bootstrap.json has the same fields as the one serve wrote, with ids the team can use", async () => {
    const first = JSON.parse(readFileSync(join(server.dataDir, "bootstrap.json"), "utf8"));
    const boot = JSON.parse(readFileSync(join(teamDir, "bootstrap.json"), "utf8"));
    expect(Object.keys(boot).sort()).toEqual(Object.keys(first).sort());
    expect(boot).toMatchObject({
      tenancyId: teamInfo.tenancyId,
      compartmentId: teamInfo.tenancyId,
      region: first.region,
      configFile: join(teamDir, "config"),
      keyFile: join(teamDir, "oci_api_key.pem"),
    });
    expect(statSync(join(teamDir, "bootstrap.json")).mode & 0o777).toBe(0o600);
    // The ids are the team's own: an instance created from them alone is accepted.
    const run = await team([
      "container-instance",
      "create",
      "--compartment-id",
      boot.compartmentId,
      "--availability-domain",
      boot.availabilityDomain,
      "--vnics",
      JSON.stringify([{ subnetId: boot.subnetId }]),
      "--containers",
      JSON.stringify([{ imageUrl: "busybox" }]),
      "--shape",
      "CI.Standard.E4.Flex",
      "--shape-config",
      JSON.stringify({ ocpus: 1 }),
    ]);
    expect(run.code, run.stderr).toBe(0);
  });

  test("create refuses a taken name (409) and an --output-dir that already holds a config", async () => {
    const taken = await operator([
      "admin",
      "tenancy",
      "create",
      "--name",
      "team-a",
      "--output-dir",
      join(teamDir, "x"),
    ]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/^Error: Conflict \(409\): /);
    const occupied = await operator(["admin", "tenancy", "create", "--name", "team-b", "--output-dir", teamDir]);
    expect(occupied.code).toBe(1);
    expect(occupied.stderr).toContain("already holds a config or key");
    expect(readFileSync(join(teamDir, "config"), "utf8")).toContain(teamInfo.tenancyId);
  });
});

describe("admin user and api-key", () => {
  test("a user created with --output-dir gets a working config of its own", async () => {
    const dir = join(newDataDir(), "bob");
    const made = await ok(
      operator(["admin", "user", "create", "--tenancy-id", teamInfo.tenancyId, "--name", "bob", "--output-dir", dir]),
    );
    expect(made.data).toMatchObject({ name: "bob", tenancyId: teamInfo.tenancyId, configFile: join(dir, "config") });
    const first = JSON.parse(readFileSync(join(server.dataDir, "bootstrap.json"), "utf8"));
    const boot = JSON.parse(readFileSync(join(dir, "bootstrap.json"), "utf8"));
    expect(Object.keys(boot).sort()).toEqual(Object.keys(first).sort());
    const team = JSON.parse(readFileSync(join(teamDir, "bootstrap.json"), "utf8"));
    expect(boot).toMatchObject({
      userId: made.data.id,
      fingerprint: made.data.fingerprint,
      compartmentId: teamInfo.tenancyId,
      subnetId: team.subnetId,
      vcnId: team.vcnId,
      availabilityDomain: team.availabilityDomain,
      configFile: join(dir, "config"),
    });
    const asBob = await caisson([
      "container-instance",
      "list",
      "--config-file",
      join(dir, "config"),
      "--endpoint",
      server.url,
    ]);
    expect(asBob.code, asBob.stderr).toBe(0);
    const users = await ok(operator(["admin", "user", "list", "--tenancy-id", teamInfo.tenancyId]));
    expect(users.data.items.map((u: { name: string }) => u.name)).toEqual(["admin", "bob"]);
  });

  test("a user created with --key-file registers that key; neither flag is a usage error", async () => {
    const file = join(newDataDir(), "ci.pem");
    writeFileSync(file, publicKeyPem());
    const made = await ok(
      operator(["admin", "user", "create", "--tenancy-id", teamInfo.tenancyId, "--name", "ci", "--key-file", file]),
    );
    expect(made.data.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(made.data.configFile).toBeUndefined();
    const neither = await operator(["admin", "user", "create", "--tenancy-id", teamInfo.tenancyId, "--name", "x"]);
    expect(neither.code).toBe(2);
  });

  test("api-key upload, list and delete; a bad key is the service's 400", async () => {
    const file = join(newDataDir(), "next.pem");
    writeFileSync(file, publicKeyPem());
    const uploaded = await ok(
      operator(["admin", "api-key", "upload", "--user-id", teamInfo.userId, "--key-file", file]),
    );
    expect(uploaded.data).toMatchObject({ userId: teamInfo.userId, tenancyId: teamInfo.tenancyId });
    const listed = await ok(operator(["admin", "api-key", "list", "--user-id", teamInfo.userId]));
    expect(listed.data.items.map((k: { fingerprint: string }) => k.fingerprint).sort()).toEqual(
      [teamInfo.fingerprint, uploaded.data.fingerprint].sort(),
    );
    const deleted = await operator([
      "admin",
      "api-key",
      "delete",
      "--user-id",
      teamInfo.userId,
      "--fingerprint",
      uploaded.data.fingerprint,
    ]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect((await ok(operator(["admin", "api-key", "list", "--user-id", teamInfo.userId]))).data.items).toHaveLength(1);

    writeFileSync(file, "not a key");
    const bad = await operator(["admin", "api-key", "upload", "--user-id", teamInfo.userId, "--key-file", file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Error: InvalidParameter \(400\): Invalid API key/);
  });
});

describe("admin compartment", () => {
  test("create, list (also as a table) and delete, within the caller's own tenancy", async () => {
    const made = await ok(
      team(["admin", "compartment", "create", "--name", "staging", "--description", "staging services"]),
    );
    expect(made.data).toMatchObject({ name: "staging", compartmentId: teamInfo.tenancyId, lifecycleState: "ACTIVE" });
    const listed = await ok(team(["admin", "compartment", "list", "--all"]));
    expect(listed.data.items.map((c: { name: string }) => c.name)).toEqual(["staging"]);
    const operatorView = await ok(operator(["admin", "compartment", "list"]));
    expect(operatorView.data.items.map((c: { name: string }) => c.name)).not.toContain("staging");
    const table = await team(["admin", "compartment", "list", "--output", "table"]);
    expect(table.stdout).toMatch(/^NAME\s+ID\s+LIFECYCLE STATE\s+TIME CREATED\nstaging\s/);

    const deleted = await ok(team(["admin", "compartment", "delete", "--compartment-id", made.data.id]));
    expect(deleted["opc-work-request-id"]).toBeTruthy();
    const after = await ok(team(["admin", "compartment", "list"]));
    expect(after.data.items[0].lifecycleState).toBe("DELETED");
    const again = await team(["admin", "compartment", "create", "--name", "bad name"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^Error: InvalidParameter \(400\): /);
  });
});

describe("admin limit", () => {
  test("the operator sets a team's limit; the team sees it and its usage, and hits LimitExceeded", async () => {
    const countOf = (listed: { data: { items: Array<{ name: string }> } }) =>
      listed.data.items.find((l) => l.name === "container-instance-count") as unknown as {
        value: number;
        availabilityDomains: Array<{ used: number }>;
      };
    // Earlier tests in this file may have created instances for the team: the limit leaves room for one more.
    const before = countOf(await ok(team(["admin", "limit", "list"])));
    expect(before.value).toBe(100);
    const used = before.availabilityDomains[0]!.used;
    const set = await ok(
      operator([
        "admin",
        "limit",
        "set",
        "--tenancy-id",
        teamInfo.tenancyId,
        "--name",
        "container-instance-count",
        "--value",
        String(used + 1),
      ]),
    );
    expect(set.data).toMatchObject({ name: "container-instance-count", value: used + 1, isDefault: false });

    const run = (name: string) =>
      team(["container-instance", "create", "--display-name", name, "--containers", '[{"imageUrl":"busybox"}]']);
    const first = await run("one");
    expect(first.code, first.stderr).toBe(0);
    const second = await run("two");
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      /^Error: LimitExceeded \(400\): The following service limits were exceeded: container-instance-count\. /,
    );

    const after = countOf(await ok(team(["admin", "limit", "list"])));
    expect(after.value).toBe(used + 1);
    expect(after.availabilityDomains[0]!.used).toBe(used + 1);
    const listedByOperator = countOf(
      await ok(operator(["admin", "limit", "list", "--tenancy-id", teamInfo.tenancyId])),
    );
    expect(listedByOperator).toEqual(after);
    const table = await team(["admin", "limit", "list", "--output", "table"]);
    expect(table.stdout).toMatch(/^NAME\s+AVAILABILITY DOMAIN\s+VALUE\s+USED\s+AVAILABLE\s+IS DEFAULT\n/);
    expect(table.stdout).toMatch(
      new RegExp(`\ncontainer-instance-count\\s+\\S+-AD-1\\s+${used + 1}\\s+${used + 1}\\s+0\\s+false\n`),
    );

    const byTeam = await team([
      "admin",
      "limit",
      "set",
      "--tenancy-id",
      teamInfo.tenancyId,
      "--name",
      "container-instance-count",
      "--value",
      "100",
    ]);
    expect(byTeam.code).toBe(1);
    expect(byTeam.stderr).toMatch(/^Error: NotAuthorizedOrNotFound \(404\): /);
    const bad = await operator([
      "admin",
      "limit",
      "set",
      "--tenancy-id",
      teamInfo.tenancyId,
      "--name",
      "x",
      "--value",
      "-1",
    ]);
    expect(bad.code).toBe(2);
  });
});
