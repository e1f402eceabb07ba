import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { writeFileDurably } from "../../src/files/durable-file.js";

test("replaces a file whole, with the exact mode, leaving no temporary file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "caisson-durable-"));
  const path = join(dir, "bootstrap.json");
  writeFileSync(path, "old\n", { mode: 0o644 });
  await writeFileDurably(path, "new\n", 0o600);
  expect(readFileSync(path, "utf8")).toBe("new\n");
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(readdirSync(dir)).toEqual(["bootstrap.json"]);
});

test("a write that fails half-way leaves the old file intact and no temporary file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "caisson-durable-"));
  const path = join(dir, "config");
  writeFileSync(path, "the old config\n");
  // Content that cannot be written fails after the temporary file was opened, as a full disk would.
  const error = await writeFileDurably(path, Symbol("not text") as unknown as string).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TypeError);
  expect(readFileSync(path, "utf8")).toBe("the old config\n");
  expect(readdirSync(dir)).toEqual(["config"]);
});
