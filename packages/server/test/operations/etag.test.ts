import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { action, createActive, createInstance, expectError, getInstance, V } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const etagOf = async (path: string) => (await h.call({ method: "GET", path })).headers.etag as string;

describe("if-match and etags", () => {
  test("every guarded instance operation answers 412 NoEtagMatch to a stale if-match and changes nothing", async () => {
    const { id } = await createActive(h);
    const stale = { "if-match": "not-the-current-etag" };
    const attempts = [
      action(h, id, "stop", stale),
      action(h, id, "restart", stale),
      h.call({ method: "PUT", path: `${V}/containerInstances/${id}`, body: { displayName: "x" }, headers: stale }),
      h.call({ method: "DELETE", path: `${V}/containerInstances/${id}`, headers: stale }),
      h.call({
        method: "POST",
        path: `${V}/containerInstances/${id}/actions/changeCompartment`,
        body: { compartmentId: h.boot.compartmentId },
        headers: stale,
      }),
    ];
    for (const response of await Promise.all(attempts))
      expectError(response, 412, "NoEtagMatch", "not-the-current-etag");
    expect((await getInstance(h, id)).json().lifecycleState).toBe("ACTIVE");
    expect(await h.engine.drain()).toBe(0);
  });

  test("start with a stale if-match is 412 too (the etag is checked before the state)", async () => {
    const { id } = await createActive(h);
    await action(h, id, "stop");
    await h.engine.drain();
    expectError(await action(h, id, "start", { "if-match": "stale" }), 412, "NoEtagMatch");
  });

  test("the current etag lets the operation through", async () => {
    const { id } = await createActive(h);
    const etag = await etagOf(`${V}/containerInstances/${id}`);
    expect((await action(h, id, "stop", { "if-match": etag })).statusCode).toBe(202);
  });

  test("UpdateContainer checks the container's own etag", async () => {
    const { body } = await createActive(h);
    const containerPath = `${V}/containers/${body.containers[0]!.containerId}`;
    const stale = await h.call({
      method: "PUT",
      path: containerPath,
      body: { displayName: "x" },
      headers: { "if-match": "old" },
    });
    expectError(stale, 412, "NoEtagMatch");
    const etag = await etagOf(containerPath);
    const fresh = await h.call({
      method: "PUT",
      path: containerPath,
      body: { displayName: "x" },
      headers: { "if-match": etag },
    });
    expect(fresh.statusCode).toBe(202);
  });

  test("the instance etag changes with every state transition and every update", async () => {
    const { id, etag: created } = await createInstance(h);
    const path = `${V}/containerInstances/${id}`;
    const seen = [created];
    const step = async (run: () => Promise<unknown>) => {
      await run();
      seen.push(await etagOf(path));
    };
    await step(() => h.engine.drain()); // CREATING → ACTIVE
    await step(() => action(h, id, "stop")); // → UPDATING
    await step(() => h.engine.drain()); // → INACTIVE
    await step(() => h.call({ method: "PUT", path, body: { freeformTags: { a: "b" } } })); // → UPDATING
    await step(() => h.engine.drain()); // tags applied, back to INACTIVE
    await step(() => h.call({ method: "DELETE", path })); // → DELETING
    await step(() => h.engine.drain()); // → DELETED
    expect(new Set(seen).size).toBe(seen.length);
    // A read alone does not change it.
    expect(await etagOf(path)).toBe(seen.at(-1));
  });

  test("the container etag changes when its update lands and when its instance changes state", async () => {
    const { id, body } = await createActive(h);
    const path = `${V}/containers/${body.containers[0]!.containerId}`;
    const first = await etagOf(path);
    await h.call({ method: "PUT", path, body: { displayName: "renamed" } });
    await h.engine.drain();
    const second = await etagOf(path);
    await action(h, id, "stop");
    await h.engine.drain();
    const third = await etagOf(path);
    expect(new Set([first, second, third]).size).toBe(3);
  });
});
