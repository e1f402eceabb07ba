import { expect, test } from "vitest";
import { toEventRow } from "../../src/events/derive.js";
import { EventStream } from "../../src/events/event-stream.js";
import { openSqlite } from "../../src/store/database.js";
import { createStore } from "../../src/store/store.js";

test("a client that does not read costs a bounded buffer, not the whole log; reading resumes where it paused", async () => {
  const store = createStore(await openSqlite(":memory:"));
  try {
    const rows = Array.from({ length: 3_000 }, (_, i) =>
      toEventRow("ocid1.tenancy.oc1..slow", {
        time: new Date(1_800_000_000_000 + i).toISOString(),
        type: "containerInstance.stateChanged",
        compartmentId: "ocid1.tenancy.oc1..slow",
        resourceType: "ContainerInstance",
        resourceId: `ocid1.computecontainerinstance.oc1.iad.${"x".repeat(60)}${i}`,
        lifecycleState: "ACTIVE",
        message: "y".repeat(200),
      }),
    );
    for (let i = 0; i < rows.length; i += 500) await store.events.append(rows.slice(i, i + 500));
    let closed = false;
    const stream = new EventStream({
      events: store.events,
      wakeup: store.wakeup,
      tenancyId: "ocid1.tenancy.oc1..slow",
      after: 0n,
      follow: true,
      keepAliveMs: 60_000,
      onClose: () => {
        closed = true;
      },
    });
    stream.pause();
    stream.read(0);
    // Let it fill its buffer, then settle.
    let last = -1;
    while (stream.readableLength !== last) {
      last = stream.readableLength;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const total = rows.reduce((sum, r) => sum + r.body.length + 80, 0);
    expect(stream.readableLength).toBeGreaterThan(0);
    expect(stream.readableLength).toBeLessThan(64 * 1024 + 100 * 600);
    expect(stream.readableLength).toBeLessThan(total / 5);

    // Reading everything gets every event once, in order.
    let text = "";
    stream.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    stream.resume();
    const deadline = Date.now() + 20_000;
    while ((text.match(/^id: /gm) ?? []).length < rows.length) {
      if (Date.now() > deadline) throw new Error("not every event arrived");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(true);
  } finally {
    await store.close();
  }
});
