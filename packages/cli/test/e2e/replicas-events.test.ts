import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { signedFetch } from "../../../server/test/support/signed-fetch.js";
import { officialClient } from "../support/official-clients.js";
import { freshDatabase, newReplicas, type Replica } from "../support/replica-cluster.js";

/**
 * The event stream across replicas: a client following GET /_caisson/events on replica B sees, at once, a create
 * that replica A committed — B learns of it through PostgreSQL LISTEN/NOTIFY, not by polling (its streams only
 * read the table when woken, or when the client reads after a keep-alive, every 15 s by default).
 */
let database: Awaited<ReturnType<typeof freshDatabase>>;
let replicas: Replica[] = [];

beforeAll(async () => {
  database = await freshDatabase();
  replicas = await newReplicas(2, ["--database", database.url, "--runtime", "emulated", "--log-level", "warn"]);
  await replicas[0]!.start();
  await replicas[1]!.start();
}, 120_000);

afterAll(async () => {
  for (const replica of replicas) await replica.signal("SIGTERM").catch(() => {});
  await database?.drop();
}, 60_000);

test("a client following the events of replica B sees a create done on replica A within seconds", async () => {
  const [a, b] = replicas as [Replica, Replica];
  const info = JSON.parse(readFileSync(`${b.dataDir}/bootstrap.json`, "utf8"));
  const caller = {
    tenancyId: info.tenancyId,
    userId: info.userId,
    fingerprint: info.fingerprint,
    privateKeyPem: readFileSync(info.keyFile, "utf8"),
  };
  const abort = new AbortController();
  const stream = await signedFetch(b.url, caller, "/_caisson/events?follow=true&after=latest", {
    signal: abort.signal,
  });
  expect(stream.status).toBe(200);
  let received = "";
  stream.body.on("data", (chunk: Buffer) => {
    received += chunk.toString("utf8");
  });
  stream.body.on("error", () => {});
  await until("the stream to open", () => received.includes(": caisson events"), 10_000);

  const client = officialClient(a.process!.configFile, a.url);
  try {
    const createdAt = Date.now();
    const created = await client.createContainerInstance({
      createContainerInstanceDetails: {
        compartmentId: info.compartmentId,
        availabilityDomain: info.availabilityDomain,
        shape: "CI.Standard.E4.Flex",
        shapeConfig: { ocpus: 1 },
        containers: [{ imageUrl: "busybox" }],
        vnics: [{ subnetId: info.subnetId }],
      },
    });
    const id = created.containerInstance.id;
    // Well under the 15 s keep-alive: only a wake-up from A (NOTIFY) makes B read the table this soon.
    await until(
      "B's stream to carry A's create",
      () => received.includes(`"resourceId":"${id}"`) && received.includes("event: containerInstance.stateChanged"),
      8_000,
    );
    expect(Date.now() - createdAt).toBeLessThan(8_000);
  } finally {
    client.close();
    abort.abort();
  }
}, 60_000);

async function until(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
