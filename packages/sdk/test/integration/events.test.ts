import { createServer } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { startServe } from "../../../cli/test/support/serve-process.js";
import type { CaissonEvent } from "../../src/caisson/events.js";
import { ServiceError } from "../../src/errors.js";
import { type Caisson, rejection, startCaisson, WAIT } from "./support/caisson.js";

/** client.events() against a real `caisson serve`. */
let caisson: Caisson | undefined;
afterEach(async () => {
  await caisson?.stop();
  caisson = undefined;
});

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe("client.events()", () => {
  test("without follow: what happened so far, oldest first, then the iteration ends", async () => {
    caisson = await startCaisson();
    const { resource } = await caisson.client.createContainerInstanceAndWaitForState(
      caisson.details("events-sdk"),
      ["SUCCEEDED"],
      WAIT,
    );
    const id = resource!.data.id;
    const seen: CaissonEvent[] = [];
    for await (const event of caisson.client.events()) seen.push(event);
    const states = seen.filter((e) => e.resourceId === id).map((e) => e.lifecycleState);
    expect(states).toEqual(["CREATING", "ACTIVE"]);
    expect(seen.filter((e) => e.type === "workRequest.statusChanged").map((e) => e.status)).toEqual([
      "ACCEPTED",
      "IN_PROGRESS",
      "SUCCEEDED",
    ]);
    const later: CaissonEvent[] = [];
    for await (const event of caisson.client.events({ after: seen[1]!.id })) later.push(event);
    expect(later).toEqual(seen.slice(2));
    for await (const event of caisson.client.events({ compartmentId: caisson.compartmentId, after: "latest" })) {
      throw new Error(`nothing is newer than latest, got ${JSON.stringify(event)}`);
    }
  });

  test("a compartment the caller cannot see ends the iteration with a 404 ServiceError", async () => {
    caisson = await startCaisson();
    const other = "ocid1.compartment.oc1..aaaaaaaanotmineatall";
    const iterate = async () => {
      for await (const _ of caisson!.client.events({ compartmentId: other })) {
        /* nothing */
      }
    };
    const error = await rejection(iterate());
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ status: 404, code: "NotAuthorizedOrNotFound" });
  });

  test("follow: live events, and across a server restart it resumes with Last-Event-ID, losing and repeating none", async () => {
    const port = await freePort();
    const first = await startCaisson(["--port", String(port)]);
    const client = first.client;
    let server = first.server;
    const controller = new AbortController();
    try {
      const seen: CaissonEvent[] = [];
      const following = (async () => {
        for await (const event of client.events({ follow: true, signal: controller.signal })) seen.push(event);
      })();
      const created = await client.createContainerInstance(first.details("follow-restart"));
      const id = created.data.id;
      await until(() => seen.some((e) => e.resourceId === id && e.lifecycleState === "ACTIVE"));
      expect(await server.stop()).toBe(0);
      server = await startServe({ dataDir: server.dataDir, args: ["--port", String(port)] });
      await client.deleteContainerInstance(id);
      await until(() => seen.some((e) => e.resourceId === id && e.lifecycleState === "DELETED"));
      controller.abort();
      await following;

      const everything: CaissonEvent[] = [];
      for await (const event of client.events()) everything.push(event);
      const ids = seen.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(seen).toEqual(everything.slice(0, seen.length));
      expect(seen.filter((e) => e.resourceId === id).map((e) => e.lifecycleState)).toEqual([
        "CREATING",
        "ACTIVE",
        "DELETING",
        "DELETED",
      ]);
    } finally {
      controller.abort();
      await server.stop();
    }
  });
});

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
