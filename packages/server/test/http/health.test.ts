import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { systemClock } from "../../src/clock.js";
import { EmulatedDriver } from "../../src/runtime/emulated.js";
import { openSqlite } from "../../src/store/database.js";
import { createStore } from "../../src/store/store.js";
import { type Harness, startHarness } from "../support/harness.js";

/** Describes itself as the Docker driver does: with the engine's socket path. */
class DockerLikeDriver extends EmulatedDriver {
  override describe(): string {
    return "Docker 27.3.1 at unix:///var/run/docker.sock";
  }
}

let h: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("the health endpoint tells an anonymous caller the runtime's kind, never a path", async () => {
  dir = await mkdtemp(join(tmpdir(), "caisson-health-"));
  const databasePath = join(dir, "caisson.db");
  h = await startHarness({
    store: createStore(await openSqlite(databasePath)),
    runtime: new DockerLikeDriver({ clock: systemClock }),
  });
  const res = await h.app.inject({ method: "GET", url: "/_caisson/health" });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ status: "ok", runtime: "Docker 27.3.1" });
  expect(res.body).not.toContain(dir);
  expect(res.body).not.toContain("docker.sock");
  expect(res.headers["opc-request-id"]).toBeTruthy();
});
