import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emptyHome } from "./support/cli-process.js";
import { type ServeProcess, startServe } from "./support/serve-process.js";

/**
 * Every ```sh and ```ts block of the documentation runs, as a reader would run it, against a real
 * `caisson serve` started the way the Quickstart says (defaults, a fresh ~/.caisson). The only differences
 * from a reader's machine: HOME is an empty directory, and the server listens on a free port instead of 9911
 * (another Caisson may hold 9911 here): `http://127.0.0.1:9911` in the examples is replaced by its address,
 * and the `caisson` commands get it through CAISSON_ENDPOINT. A block that is a listing, not a program, says so
 * with `fragment` after its language (```ts fragment); those are the only ones not run, and are listed below.
 */
const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const DOCUMENTS = [
  "README.md",
  "packages/sdk/README.md",
  ...readdirSync(join(REPO, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
/** Blocks not run, by document and first line: each is a listing of calls with placeholders. */
const FRAGMENTS = [
  'packages/sdk/README.md: await client.waiters.forContainerInstance(id, ["ACTIVE"], { maxWaitSeconds: 300, signal });',
  'docs/ports-and-exec.md: const session = await client.exec(containerId, { command: ["sh", "-c", "cat; echo done"], stdin: ["hi\\n"] });',
];
/** Lines of ```sh blocks that this run has already done, or that would run the suite inside itself. */
const DONE_ALREADY: Record<string, string> = {
  "npm install": "the checkout under test is installed",
  "npx caisson serve": "the server these examples run against",
  "npm test": "this is that run",
};

interface Block {
  document: string;
  line: number;
  language: string;
  fragment: boolean;
  code: string;
}

function blocksOf(document: string): Block[] {
  const text = readFileSync(join(REPO, document), "utf8");
  return [...text.matchAll(/^```(\w*)([^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    document,
    line: text.slice(0, match.index).split("\n").length,
    language: match[1]!,
    fragment: /\bfragment\b/.test(match[2]!),
    code: match[3]!,
  }));
}

const ALL = DOCUMENTS.flatMap(blocksOf);
const RUNNABLE = ALL.filter((b) => (b.language === "sh" || b.language === "ts") && !b.fragment);
/** A ```ts block followed by `npx tsx NAME.ts` is saved as NAME.ts and run by that line, not on its own. */
const savedAs = new Map<Block, string>();
for (const [i, block] of ALL.entries()) {
  const next = ALL[i + 1];
  const named = next?.language === "sh" ? /^npx tsx (\S+\.ts)$/m.exec(next.code)?.[1] : undefined;
  if (block.language === "ts" && !block.fragment && named) savedAs.set(block, named);
}

let server: ServeProcess;
let home: string;
let work: string;
let env: NodeJS.ProcessEnv;
const toServer = (code: string) => code.replaceAll("http://127.0.0.1:9911", server.url);

beforeAll(async () => {
  home = emptyHome();
  // Inside the checkout (git ignores .doc-examples/), as for a reader working in it: `npx` and the examples'
  // imports resolve from its node_modules, and its package.json makes a .ts file an ES module.
  work = join(REPO, ".doc-examples", `${process.pid}`);
  mkdirSync(work, { recursive: true });
  // `npx caisson serve` with its defaults: the data directory is ~/.caisson. The emulated runtime, because the
  // examples' busybox comes from Docker Hub, which CI machines cannot reach.
  server = await startServe({ dataDir: join(home, ".caisson"), env: { HOME: home } });
  env = {
    PATH: process.env.PATH,
    HOME: home,
    CAISSON_ENDPOINT: server.url,
    npm_config_update_notifier: "false",
  };
});
afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("the documentation's code blocks", () => {
  test("every block is run, or is a fragment listed here", () => {
    const fragments = ALL.filter((b) => b.fragment).map((b) => `${b.document}: ${b.code.split("\n")[0]}`);
    expect(fragments).toEqual(FRAGMENTS);
    // The documents the issue names all have examples that run.
    for (const document of ["README.md", "packages/sdk/README.md"]) {
      expect(RUNNABLE.filter((b) => b.document === document).length, document).toBeGreaterThan(0);
    }
  });

  test("every file a document names or links to ships in this repository", () => {
    for (const document of DOCUMENTS) {
      const text = readFileSync(join(REPO, document), "utf8");
      const links = [...text.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)].map((m) => m[1]!).filter((l) => !/^\w+:/.test(l));
      const named = [
        ...text.matchAll(/`((?:\.\.\/|\.\/)?(?:packages|docs|bench|scripts|\.ci|shared)\/[\w./-]+|\.\.\/[\w./-]+)`/g),
      ].map((m) => m[1]!);
      for (const path of [...links.map((l) => join(dirname(document), l)), ...named]) {
        const resolved = join(REPO, path);
        expect(resolved.startsWith(REPO), `${document} names ${path}, outside the repository`).toBe(true);
        expect(existsSync(resolved.replace(/…$/, "")), `${document} names ${path}, which does not exist`).toBe(true);
      }
    }
  });

  test.each(RUNNABLE.map((b) => [`${b.document}:${b.line} (${b.language})`, b] as const))(
    "%s runs",
    async (_, block) => {
      if (block.language === "ts") {
        if (savedAs.has(block)) return; // run by the `npx tsx` line that follows it
        const file = `example-${block.document.replaceAll("/", "-")}-${block.line}.ts`;
        writeFileSync(join(work, file), toServer(block.code));
        const r = await sh(`npx tsx ${file}`);
        expect(r.code, r.output).toBe(0);
        expectOutput(block.code, r.output);
        return;
      }
      for (const line of block.code.split("\n").map((l) => l.trim())) {
        if (!line || line.startsWith("#") || DONE_ALREADY[line]) continue;
        const script = /^npx tsx (\S+\.ts)$/.exec(line)?.[1];
        const source = script
          ? [...savedAs].find(([b, name]) => name === script && b.document === block.document)?.[0]
          : undefined;
        if (script) {
          expect(source, `${line}: no \`\`\`ts block before it is saved as ${script}`).toBeDefined();
          writeFileSync(join(work, script), toServer(source!.code));
        }
        const r = await sh(line);
        expect(r.code, `${line}\n${r.output}`).toBe(0);
        expectOutput(source ? source.code : line, r.output);
      }
    },
    120_000,
  );
});

/** What each kind of example must print on the emulated runtime, beyond exiting 0. */
function expectOutput(example: string, output: string): void {
  if (example.includes("caisson run busybox")) {
    expect(output).toContain("note: this Caisson server uses the emulated runtime");
  } else if (example.includes("container-instance list --output table")) {
    expect(output).toMatch(/^DISPLAY NAME\s+ID\s+LIFECYCLE STATE/m);
  } else if (example.includes("oci-containerinstances")) {
    expect(output).toMatch(/^\d+ container instance\(s\)$/m);
  } else if (example.includes('path: "/_caisson/limits"')) {
    expect(output).toMatch(/^limit \S+: \d+$/m);
    expect(output).toMatch(/^[1-9]\d* subnet\(s\), request \S+$/m);
  } else if (example.includes('lifecycleDetails?.includes("emulated runtime")')) {
    expect(output).toContain("on the emulated runtime: no container processes run");
  }
}

function sh(command: string): Promise<{ code: number | null; output: string }> {
  const child = spawn("sh", ["-c", command], { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, output })));
}
