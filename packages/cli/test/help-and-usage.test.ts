import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { type Command, type Group, isGroup } from "../src/cli/spec.js";
import { COMMANDS } from "../src/main.js";
import { caissonInProcess } from "./support/cli-in-process.js";
import { caisson } from "./support/cli-process.js";

/** Every leaf command path of the tree, e.g. ["container-instance", "create"]. */
function leaves(entries: Array<Command | Group>, prefix: string[] = []): string[][] {
  return entries.flatMap((e) => (isGroup(e) ? leaves(e.commands, [...prefix, e.name]) : [[...prefix, e.name]]));
}

function groups(entries: Array<Command | Group>, prefix: string[] = []): string[][] {
  return entries.flatMap((e) => (isGroup(e) ? [[...prefix, e.name], ...groups(e.commands, [...prefix, e.name])] : []));
}

// The binary itself (`node bin/caisson.js`: exit status, packaging) is proven by the few tests that still use
// caisson(); the rest run main() in this process, which is all a help text or a usage error goes through.
describe("help", () => {
  test("caisson --help lists every top-level command and exits 0", async () => {
    const r = await caisson(["--help"]);
    expect(r.code).toBe(0);
    for (const entry of COMMANDS) expect(r.stdout).toContain(`  ${entry.name} `);
    expect(r.stdout).toContain("caisson run busybox -- echo hello");
  });

  test("bare caisson prints help but exits 2: the command line is incomplete", async () => {
    const r = await caisson([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("Usage: caisson <command>");
  });

  test.concurrent.each(leaves(COMMANDS).map((path) => [path.join(" "), path]))(
    "caisson %s --help shows usage and an example",
    async (_name, path) => {
      const r = await caissonInProcess([...(path as string[]), "--help"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Usage: caisson /);
      expect(r.stdout).toMatch(/Examples?:\n {2}\S/);
      expect(r.stderr).toBe("");
    },
  );

  test.concurrent.each(groups(COMMANDS).map((path) => [path.join(" "), path]))(
    "caisson %s without a subcommand lists its commands and exits 2",
    async (_name, path) => {
      const r = await caissonInProcess(path as string[]);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain("Commands:");
    },
  );

  test("--help after -- belongs to the container's command, not to caisson", async () => {
    // No server: reaching the network (exit 125, the run failed) proves the --help was not taken as caisson's own.
    const r = await caisson(["run", "--endpoint", "http://127.0.0.1:9", "busybox", "--", "ls", "--help"]);
    expect(r.code).toBe(125);
    expect(r.stdout).not.toContain("Usage:");
  });

  test("an option too long for the column gets its description on the next line, never glued to it", async () => {
    const r = await caissonInProcess(["container-instance", "create", "--help"]);
    expect(r.stdout).toMatch(/^ {2}--graceful-shutdown-timeout-in-seconds N\n {36}grace period before SIGKILL$/m);
    expect(r.stdout).not.toMatch(/\S(grace period)/);
  });

  test("--version prints the package version, the API version, the runtime found and Node", async () => {
    const r = await caisson(["--version"], { env: { DOCKER_HOST: "unix:///nonexistent/docker.sock" } });
    expect(r.code).toBe(0);
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    const [first, api, runtime, node] = r.stdout.split("\n");
    expect(first).toBe(`caisson ${pkg.version}`);
    expect(api).toBe("  api      OCI Container Instances 20210415");
    // Whatever the machine has, the line names it; with no engine it says what serve would do instead.
    expect(runtime).toMatch(
      /^ {2}runtime {2}((Podman|Docker) \S+ at \S+ \(.+\)|no Docker or Podman engine answered: .*emulated.*)$/,
    );
    expect(node).toBe(`  node     ${process.versions.node}`);
  });
});

describe("usage errors exit 2 with one line and a pointer to --help", () => {
  test.concurrent.each([
    [["nonsense"], /unknown command "nonsense"/, "caisson --help"],
    [
      ["container-instance", "explode"],
      /unknown command "explode" for 'caisson container-instance'/,
      "caisson container-instance --help",
    ],
    [["container-instance", "get", "--bogus"], /Unknown option '--bogus'/, "caisson container-instance get --help"],
    [
      ["container-instances", "list"],
      /unknown command "container-instances" for 'caisson'; did you mean 'caisson container-instance'\?$/m,
      "caisson --help",
    ],
    [
      ["container-instance", "lst"],
      /did you mean 'caisson container-instance list'\?$/m,
      "caisson container-instance --help",
    ],
    [
      ["container-instance", "list", "--compartment", "x"],
      /Unknown option '--compartment'; did you mean --compartment-id\?$/m,
      "caisson container-instance list --help",
    ],
    [["serve", "--prot", "1"], /Unknown option '--prot'; did you mean --port\?$/m, "caisson serve --help"],
    [
      ["run", "--memroy", "1g", "busybox"],
      /Unknown option '--memroy'; did you mean --memory\?$/m,
      "caisson run --help",
    ],
    [["container-instance", "get"], /--container-instance-id is required/, "caisson container-instance get --help"],
    [
      ["container-instance", "list", "--output", "yaml"],
      /--output must be json or table/,
      "caisson container-instance list --help",
    ],
    [
      ["container-instance", "list", "--limit", "0"],
      /--limit must be a whole number ≥ 1, ≤ 1000/,
      "caisson container-instance list --help",
    ],
    [
      ["container-instance", "delete", "--container-instance-id", "x", "--wait-for-state", "DONE"],
      /--wait-for-state must be one of/,
      "caisson container-instance delete --help",
    ],
    [
      ["container-instance", "create", "--containers", "{oops"],
      /--containers must be JSON or file:\/\/path.json/,
      "caisson container-instance create --help",
    ],
    [
      ["container-instance", "create", "--containers", "file:///nonexistent.json"],
      /cannot read \/nonexistent.json/,
      "caisson container-instance create --help",
    ],
    [["run"], /an IMAGE is required/, "caisson run --help"],
    [["run", "--memory", "lots", "busybox"], /--memory must be like 1, 2g or 512m/, "caisson run --help"],
    [["run", "--rm", "--detach", "busybox"], /--rm and --detach do not go together/, "caisson run --help"],
    [["run", "--env", "NOVALUE", "busybox"], /--env takes KEY=VALUE/, "caisson run --help"],
    [["completion", "fish"], /completion takes bash or zsh/, "caisson completion --help"],
    [["serve", "--port", "70000"], /--port must be 0..65535/, "caisson --help"],
    [["serve", "--pids-limit", "3"], /--pids-limit must be a whole number of at least 16/, "caisson --help"],
    [["serve", "--allow-capability", "NET_ADMIN"], /--allow-capability takes capability names/, "caisson --help"],
    [["serve", "--user-namespaces", "maybe"], /--user-namespaces must be off or auto/, "caisson --help"],
    [["serve", "--holder-pool", "some"], /--holder-pool must be a whole number, got some/, "caisson --help"],
    [["serve", "--holder-pool", "65"], /--holder-pool must be at most 64, got 65/, "caisson --help"],
  ])("caisson %j", async (args, message, help) => {
    const r = await caissonInProcess(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).toContain(`Run '${help}' for usage.`);
  });
});

describe("completion", () => {
  const complete = (script: string, words: string[]) =>
    execFileSync(
      "bash",
      [
        "-c",
        `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _caisson; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { encoding: "utf8" },
    )
      .trim()
      .split("\n");

  test("bash completes groups, subcommands and flags from the command tree", async () => {
    const r = await caissonInProcess(["completion", "bash"]);
    expect(r.code).toBe(0);
    expect(complete(r.stdout, ["caisson", "con"])).toEqual(["container-instance", "container"]);
    expect(complete(r.stdout, ["caisson", "container-instance", "li"])).toEqual(["list", "list-shapes"]);
    expect(complete(r.stdout, ["caisson", "admin", "tenancy", ""])).toEqual(["create", "list", "get"]);
    expect(complete(r.stdout, ["caisson", "container-instance", "create", "--wait-for", "x", "--max-w"])).toEqual([
      "--max-wait-seconds",
    ]);
    expect(complete(r.stdout, ["caisson", "run", "--det"])).toEqual(["--detach"]);
  });

  test("zsh gets the same function through bashcompinit", async () => {
    const r = await caissonInProcess(["completion", "zsh"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("autoload -U +X bashcompinit && bashcompinit");
    expect(r.stdout).toContain("complete -o default -F _caisson caisson");
  });
});
