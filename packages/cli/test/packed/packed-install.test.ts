import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { canRun, ENABLE } from "../../../server/test/support/needs.js";
import { forgetCachedPrebuild, startPrebuildMirror } from "./prebuild-mirror.js";
import { npxServe, ok, outsiderEnv, REPO, run, type Served } from "./project.js";

/**
 * Caisson installed the way users will install it: every workspace package packed with `npm pack`, the tarballs
 * installed into an empty directory outside this repository (third-party dependencies come from the npm registry,
 * better-sqlite3's prebuilt binary from a local release mirror, see prebuild-mirror.ts), following the README's three lines. There `npx caisson serve` runs (emulated,
 * and on a private Podman service), `npx caisson run` and `doctor` too, and SDK scripts in plain JavaScript (ESM
 * and CommonJS) and TypeScript (type-checked with tsc against the installed types), and the official OCI SDK,
 * talk to it. Needs the npm registry; the engine part needs Podman (skips with one line, fails in CI).
 */
const work = mkdtempSync(join(tmpdir(), "caisson-packed-"));
const home = join(work, "home");
const env = outsiderEnv(home);
let project: string;
const packed: Array<{ name: string; filename: string; size: number; unpackedSize: number }> = [];
let prebuildNote = "";

/** The README's install block, the lines a person copies. */
function readmeInstallLines(): string[] {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const block = /^## Install from npm\n[\s\S]*?^```shell\n([\s\S]*?)^```$/m.exec(readme)?.[1];
  if (!block) throw new Error("README.md has no ```shell block under '## Install from npm'");
  return block.trim().split("\n");
}

beforeAll(async () => {
  mkdirSync(home, { recursive: true });
  const tarballs = join(work, "tarballs");
  mkdirSync(tarballs);
  const out = await ok(
    run("npm", ["pack", "--workspaces", "--pack-destination", tarballs, "--json"], { cwd: REPO, env: process.env }),
    "npm pack",
  );
  // Private workspaces (the console's sources, built into the caisson package) are never published.
  const unpublished = new Set(
    readdirSync(join(REPO, "packages"))
      .map((dir) => JSON.parse(readFileSync(join(REPO, "packages", dir, "package.json"), "utf8")))
      .filter((pkg) => pkg.private)
      .map((pkg) => pkg.name as string),
  );
  packed.push(...(JSON.parse(out.slice(out.indexOf("["))) as typeof packed).filter((p) => !unpublished.has(p.name)));

  const [mkdir, install, serve] = readmeInstallLines();
  expect([mkdir, install, serve]).toEqual([
    "mkdir try-caisson && cd try-caisson && npm init -y",
    "npm install caisson",
    "npx caisson serve",
  ]);
  await ok(run("sh", ["-c", mkdir!], { cwd: work, env }), mkdir!);
  project = join(work, "try-caisson");
  // `npm install caisson`, from the tarballs instead of the registry (with the other packages, which the
  // registry would provide), plus what the scripts below use: TypeScript and the official OCI SDK.
  const files = packed.map((p) => join(tarballs, p.filename));
  const mirror = await startPrebuildMirror(REPO, work);
  try {
    await ok(
      run("npm", ["install", ...files, "typescript@~5.9.3", "oci-common@2.139.1", "oci-containerinstances@2.139.1"], {
        cwd: project,
        env: { ...env, ...mirror.env },
      }),
      "npm install of the packed packages",
    );
  } finally {
    await mirror.close();
    forgetCachedPrebuild(env.npm_config_cache!, mirror.url);
  }
  // When the registry's newest 12.x is the version this checkout built, the binary came from the mirror;
  // otherwise the mirror answered 404 and npm compiled it, which is slower but just as good a proof.
  const installed = JSON.parse(readFileSync(join(project, "node_modules/better-sqlite3/package.json"), "utf8"));
  if (installed.version === mirror.version) {
    expect(mirror.requests, "prebuild-install fetched the binary from the mirror").toContainEqual({
      path: new URL(mirror.url).pathname,
      status: 200,
    });
  }
  prebuildNote = `better-sqlite3 ${installed.version}: ${mirror.requests.some((r) => r.status === 200) ? "prebuilt binary from the local mirror" : "compiled from source"}`;
}, 900_000);

describe("the packages", () => {
  test("each has its README, license, changelog, engines and an exports map whose files exist", () => {
    expect(packed.map((p) => p.name).sort()).toEqual(["@caisson/api", "@caisson/sdk", "@caisson/server", "caisson"]);
    for (const { name } of packed) {
      const dir = join(project, "node_modules", name);
      for (const file of ["README.md", "LICENSE", "CHANGELOG.md"])
        expect(existsSync(join(dir, file)), `${name} ${file}`).toBe(true);
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      expect(pkg).toMatchObject({ version: "0.1.0", license: "Apache-2.0", engines: { node: ">=20" } });
      for (const target of exportTargets(pkg.exports))
        expect(existsSync(join(dir, target)), `${name} ${target}`).toBe(true);
      if (pkg.bin) for (const bin of Object.values<string>(pkg.bin)) expect(existsSync(join(dir, bin))).toBe(true);
      // Nothing of the build's by-products: source maps, build info.
      const listed = execFileSync("find", [dir, "-name", "*.map", "-o", "-name", "*.tsbuildinfo"], {
        encoding: "utf8",
      });
      expect(listed, name).toBe("");
    }
  });

  test("the SDK has no dependencies; the command depends only on the native store and the engine client", () => {
    const sdk = JSON.parse(readFileSync(join(project, "node_modules/@caisson/sdk/package.json"), "utf8"));
    expect(sdk.dependencies).toBeUndefined();
    const caisson = JSON.parse(readFileSync(join(project, "node_modules/caisson/package.json"), "utf8"));
    expect(Object.keys(caisson.dependencies).sort()).toEqual(["better-sqlite3", "dockerode"]);
  });

  test("sizes (tarball, unpacked, installed with dependencies)", () => {
    const rows = packed.map(
      (p) =>
        `${p.name}: tarball ${kb(p.size)}, unpacked ${kb(p.unpackedSize)}, installed with its dependencies ` +
        `${kb(closureBytes(project, p.name))}`,
    );
    rows.push(
      prebuildNote,
      `node_modules of the project (with TypeScript and the OCI SDK): ${kb(duBytes(join(project, "node_modules")))}`,
    );
    console.log(`Packed install sizes:\n  ${rows.join("\n  ")}`);
    for (const p of packed) expect(p.unpackedSize).toBeLessThan(5 * 1024 * 1024);
  });
});

describe("npx caisson, on the emulated runtime", () => {
  let server: Served;
  let dataDir: string;
  const args = () => ["--endpoint", server.url, "--config-file", join(dataDir, "config")];
  beforeAll(async () => {
    dataDir = join(work, "emulated");
    server = await npxServe(["--runtime", "emulated", "--port", "0", "--data-dir", dataDir], { cwd: project, env });
  }, 120_000);
  afterAll(() => server?.stop());

  test("the console link serve prints opens the console shipped inside the package", async () => {
    const link = /console\s+(http:\/\/\S+)/.exec(server.output())?.[1];
    expect(link, server.output()).toMatch(/\/console\/#sign-in=/);
    const page = await fetch(link!.split("#")[0]!);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script, html).toBeDefined();
    const bundle = await fetch(new URL(script!, link!));
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
  });

  test("--version", async () => {
    const out = await ok(run("npx", ["caisson", "--version"], { cwd: project, env }), "caisson --version");
    expect(out).toMatch(/^caisson 0\.1\.0\n {2}api {6}OCI Container Instances 20210415\n/);
  });

  test("without the optional pg package, a PostgreSQL store says to install it (serve and doctor)", async () => {
    const database = "postgres://caisson:secret@127.0.0.1:1/caisson";
    const fresh = join(work, "postgres");
    const served = await run(
      "npx",
      ["caisson", "serve", "--runtime", "emulated", "--port", "0", "--data-dir", fresh, "--database", database],
      { cwd: project, env },
    );
    expect(served.code).toBe(1);
    expect(served.stderr).toContain(
      "A PostgreSQL store needs the pg package, which is not installed: run 'npm install pg'",
    );
    expect(served.stderr).toContain("To check what this machine lacks: npx caisson doctor");
    const doctor = await run(
      "npx",
      [
        "caisson",
        "doctor",
        "--runtime",
        "emulated",
        "--port",
        "0",
        "--time-url",
        "off",
        "--data-dir",
        fresh,
        "--database",
        database,
      ],
      { cwd: project, env },
    );
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(
      "FAIL  database  postgres://caisson:***@127.0.0.1:1/caisson: the pg package is not installed\n",
    );
    expect(doctor.stdout).toContain("fix: npm install pg");
  });

  test("caisson run answers on the emulated runtime", async () => {
    const r = await run("npx", ["caisson", "run", ...args(), "busybox", "--", "echo", "hi"], { cwd: project, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("emulated runtime");
  });

  test("SDK scripts in ESM, CommonJS and TypeScript, and the official OCI SDK, list the instance", async () => {
    const { compartmentId } = JSON.parse(readFileSync(join(dataDir, "bootstrap.json"), "utf8"));
    const scriptArgs = [join(dataDir, "config"), server.url, compartmentId];
    writeScripts(project);
    const esm = await ok(run("node", ["sdk-esm.mjs", ...scriptArgs], { cwd: project, env }), "ESM script");
    expect(esm).toBe("esm: 1 container instance(s)\n");
    const cjs = await ok(run("node", ["sdk-cjs.cjs", ...scriptArgs], { cwd: project, env }), "CommonJS script");
    expect(cjs).toBe("cjs: 1 container instance(s)\n");
    await ok(
      run("npx", ["tsc", "--strict", "--module", "nodenext", "--target", "es2022", "--outDir", "out", "sdk-ts.mts"], {
        cwd: project,
        env,
      }),
      "tsc of the TypeScript script",
    );
    const ts = await ok(run("node", ["out/sdk-ts.mjs", ...scriptArgs], { cwd: project, env }), "TypeScript script");
    expect(ts).toBe("ts: 1 container instance(s)\n");
    const oci = await ok(run("node", ["oci.mjs", ...scriptArgs], { cwd: project, env }), "official OCI SDK");
    expect(oci).toBe("oci: 1 container instance(s)\n");
  }, 120_000);
});

/**
 * On an engine: a private Podman service (own storage and network config), because `caisson serve` removes the
 * Caisson-labelled containers it does not know at start, which would break suites sharing the CI engines.
 */
const IMAGE = "localhost/busybox:ci";
const podmanDir = mkdtempSync(join(tmpdir(), "caisson-packed-podman-"));
const socket = join(podmanDir, "podman.sock");
const podman = [
  "--root",
  join(podmanDir, "root"),
  "--runroot",
  join(podmanDir, "run"),
  "--network-config-dir",
  join(podmanDir, "net"),
];
const runs = canRun("packed caisson on Podman", podmanMissing(), ENABLE.podman);

describe.runIf(runs)("npx caisson, on Podman", () => {
  let service: ChildProcess;
  let server: Served;
  let dataDir: string;
  beforeAll(async () => {
    service = spawn("podman", [...podman, "system", "service", "--time=0", `unix://${socket}`], { stdio: "ignore" });
    for (let i = 0; i < 100 && !(await ping()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await ping(), `podman service did not answer on ${socket}`).toBe(true);
    execFileSync("sh", ["-c", `podman save ${IMAGE} | podman ${podman.join(" ")} load`], { stdio: "ignore" });
    dataDir = join(work, "podman");
    const engine = ["--docker-host", `unix://${socket}`, "--holder-image", IMAGE, "--pull-policy", "if-not-present"];
    server = await npxServe(["--runtime", "docker", "--port", "0", "--data-dir", dataDir, ...engine], {
      cwd: project,
      env,
    });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    // Instances outlive serve (the next start adopts them): remove them, twice, because a holder container
    // cannot go while its app containers exist. Then the service, whose storage the last afterAll deletes.
    for (const attempt of [1, 2]) {
      try {
        execFileSync("podman", [...podman, "rm", "--all", "--force", "--time", "0"], { stdio: "ignore" });
      } catch (error) {
        if (attempt === 2) throw error;
      }
    }
    service?.kill("SIGTERM");
  });

  test("doctor finds the engine and starts a probe container", async () => {
    const r = await run(
      "npx",
      ["caisson", "doctor", "--docker-host", `unix://${socket}`, "--image", IMAGE, "--port", "0", "--time-url", "off"],
      { cwd: project, env: { ...env, HOME: join(work, "doctor-home") } },
    );
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/ok {4}probe {5}a container from localhost\/busybox:ci started and exited 0/);
  });

  test("caisson run runs a container and prints its output", async () => {
    expect(server.output()).toMatch(/runtime {6}.*Podman/);
    const r = await run(
      "npx",
      [
        "caisson",
        "run",
        "--endpoint",
        server.url,
        "--config-file",
        join(dataDir, "config"),
        IMAGE,
        "--",
        "echo",
        "hello from the packed caisson",
      ],
      { cwd: project, env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("hello from the packed caisson\n");
  }, 120_000);
});

afterAll(() => {
  // The work directory stays for a failed run's post-mortem only when asked.
  if (process.env.CAISSON_KEEP_PACKED) return;
  execFileSync("rm", ["-rf", work, podmanDir]);
});

function podmanMissing(): string | undefined {
  try {
    execFileSync("podman", ["image", "exists", IMAGE], { stdio: "ignore" });
    return undefined;
  } catch {
    return `podman with the image ${IMAGE} is not available`;
  }
}

function ping(): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: "/_ping", timeout: 1000 }, (res) =>
      resolve(res.statusCode === 200),
    );
    req.once("error", () => resolve(false));
    req.end();
  });
}

/** Every file an `exports` map points at (its string leaves), whatever the nesting of conditions. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === "string") return [exports];
  if (exports && typeof exports === "object") return Object.values(exports).flatMap(exportTargets);
  return [];
}

/** Bytes on disk of a package and everything it depends on (as installed in the project's flat node_modules). */
function closureBytes(projectDir: string, name: string): number {
  const seen = new Set<string>();
  const visit = (pkgName: string, from: string) => {
    const nested = join(from, "node_modules", pkgName);
    const dir = existsSync(nested) ? nested : join(projectDir, "node_modules", pkgName);
    if (seen.has(dir) || !existsSync(dir)) return;
    seen.add(dir);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep, dir);
  };
  visit(name, projectDir);
  return [...seen].reduce((total, dir) => total + duBytes(dir, true), 0);
}

const kb = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} kB`;

function duBytes(dir: string, ownOnly = false): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // A package's own size leaves out its nested node_modules, which closureBytes counts as dependencies.
    if (ownOnly && entry.name === "node_modules") continue;
    if (entry.isDirectory()) total += duBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

function writeScripts(dir: string): void {
  const esm = `import { ContainerInstanceClient, fromFile } from "@caisson/sdk";
const [configFile, endpoint, compartmentId] = process.argv.slice(2);
const client = new ContainerInstanceClient(fromFile(configFile), { serviceEndpoint: endpoint });
const { data } = await client.listContainerInstances(compartmentId);
console.log(\`esm: \${data.items.length} container instance(s)\`);
`;
  const cjs = `const { ContainerInstanceClient, fromFile } = require("@caisson/sdk");
const [configFile, endpoint, compartmentId] = process.argv.slice(2);
const client = new ContainerInstanceClient(fromFile(configFile), { serviceEndpoint: endpoint });
client.listContainerInstances(compartmentId).then(({ data }) => console.log(\`cjs: \${data.items.length} container instance(s)\`));
`;
  const ts = `import { ContainerInstanceClient, type ContainerInstanceSummary, fromFile } from "@caisson/sdk";
const [configFile, endpoint, compartmentId] = process.argv.slice(2) as [string, string, string];
const client = new ContainerInstanceClient(fromFile(configFile), { serviceEndpoint: endpoint });
const { data } = await client.listContainerInstances(compartmentId);
const items: ContainerInstanceSummary[] = data.items;
console.log(\`ts: \${items.length} container instance(s)\`);
`;
  const oci = `import * as common from "oci-common";
import * as containerinstances from "oci-containerinstances";
const [configFile, endpoint, compartmentId] = process.argv.slice(2);
const provider = new common.ConfigFileAuthenticationDetailsProvider(configFile, "DEFAULT");
const client = new containerinstances.ContainerInstanceClient({ authenticationDetailsProvider: provider });
client.endpoint = endpoint;
const { containerInstanceCollection } = await client.listContainerInstances({ compartmentId });
console.log(\`oci: \${containerInstanceCollection.items.length} container instance(s)\`);
`;
  writeFileSync(join(dir, "sdk-esm.mjs"), esm);
  writeFileSync(join(dir, "sdk-cjs.cjs"), cjs);
  writeFileSync(join(dir, "sdk-ts.mts"), ts);
  writeFileSync(join(dir, "oci.mjs"), oci);
}
