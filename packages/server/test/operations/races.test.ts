import { afterEach, describe, expect, test } from "vitest";
import { oncePerRetryToken } from "../../src/http/retry-token.js";
import type { RuntimeInstanceSpec, RuntimeInstanceStatus } from "../../src/runtime/driver.js";
import { EmulatedDriver } from "../../src/runtime/emulated.js";
import { type Harness, startHarness } from "../support/harness.js";
import { action, createActive, createInstance, expectError, getInstance, listAll, ManualClock, V } from "./helpers.js";

/**
 * Requests that overlap: concurrent requests against one resource, and operations on a container while its
 * instance is busy. Overlap is produced by issuing requests before draining, never by timing.
 */
let h: Harness;
afterEach(() => h.close());

describe("concurrent requests", () => {
  test("two creates with the same retry token at once create one instance and both get its answer", async () => {
    h = await startHarness();
    const body = h.createDetails();
    const send = () =>
      h.call({ method: "POST", path: `${V}/containerInstances`, body, headers: { "opc-retry-token": "raced" } });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    expect(b.json().id).toBe(a.json().id);
    expect(b.headers["opc-work-request-id"]).toBe(a.headers["opc-work-request-id"]);
    expect((await listAll(h, `${V}/containerInstances`, { compartmentId: h.boot.compartmentId })).items).toHaveLength(
      1,
    );
    expect(await h.engine.drain()).toBe(1);
  });

  test("the retry-token guard runs an operation once even when both requests look before either saves", async () => {
    // Called directly, both calls read the (empty) token table before either transaction starts: the
    // interleaving that the HTTP path produces only by chance.
    h = await startHarness();
    let runs = 0;
    const call = () =>
      oncePerRetryToken(
        h.store,
        { tenancyId: h.boot.tenancyId, token: "t", operation: "Op", request: Buffer.from("{}"), now: new Date() },
        async () => ({ status: 200, body: { run: ++runs } }),
      );
    const [a, b] = await Promise.all([call(), call()]);
    expect(runs).toBe(1);
    expect(b).toEqual(a);
  });

  test("two stops at once: one is accepted, the other is 409 IncorrectState", async () => {
    h = await startHarness();
    const { id } = await createActive(h);
    const answers = await Promise.all([action(h, id, "stop"), action(h, id, "stop")]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([202, 409]);
    expect(await h.engine.drain()).toBe(1);
  });
});

describe("UpdateContainer while its instance is busy", () => {
  test.each([
    ["stop", "UPDATING"],
    ["delete", "DELETING"],
  ] as const)("is refused while the instance is being changed (%s → %s)", async (operation, state) => {
    h = await startHarness();
    const { id, body } = await createActive(h);
    const busy =
      operation === "stop"
        ? await action(h, id, "stop")
        : await h.call({ method: "DELETE", path: `${V}/containerInstances/${id}` });
    expect(busy.statusCode).toBe(202);
    const path = `${V}/containers/${body.containers[0]!.containerId}`;
    const update = await h.call({ method: "PUT", path, body: { displayName: "late" } });
    expectError(update, 409, "IncorrectState", state);
    await h.engine.drain();
    const expected = operation === "stop" ? "INACTIVE" : "DELETED";
    expect((await getInstance(h, id)).json().lifecycleState).toBe(expected);
    expect((await h.call({ method: "GET", path })).json().lifecycleState).toBe(expected);
  });

  test("a container update that lands after its instance stopped leaves the container INACTIVE", async () => {
    // The engine may run the two work requests in either order (it runs several at once). Force the harder
    // order: the stop is dated earlier, so the engine claims it before the container update.
    const clock = new ManualClock();
    h = await startHarness({ clock });
    const { id, body } = await createActive(h);
    const path = `${V}/containers/${body.containers[0]!.containerId}`;
    clock.advance(1000);
    expect((await h.call({ method: "PUT", path, body: { displayName: "renamed" } })).statusCode).toBe(202);
    clock.advance(-500);
    // The instance itself is still ACTIVE, so the stop is allowed.
    expect((await action(h, id, "stop")).statusCode).toBe(202);
    expect(await h.engine.drain()).toBe(2);
    expect((await getInstance(h, id)).json().lifecycleState).toBe("INACTIVE");
    expect((await h.call({ method: "GET", path })).json()).toMatchObject({
      displayName: "renamed",
      lifecycleState: "INACTIVE",
    });
  });
});

/** Fails the first `failures` creates with an unexpected (non-RuntimeError) error, like a driver bug would. */
class CrashingDriver extends EmulatedDriver {
  constructor(
    clock: ManualClock,
    private failures: number,
  ) {
    super({ clock });
  }
  override async createInstance(spec: RuntimeInstanceSpec): Promise<RuntimeInstanceStatus> {
    if (this.failures-- > 0) throw new TypeError("driver bug: cannot read properties of undefined");
    return super.createInstance(spec);
  }
}

describe("unexpected executor failures", () => {
  test("are retried after the lease expires, and succeed when the fault goes away", async () => {
    const clock = new ManualClock();
    h = await startHarness({ clock, runtime: new CrashingDriver(clock, 1) });
    const { id, workRequestId } = await createInstance(h);
    await h.engine.drain();
    const wr = () => h.call({ method: "GET", path: `${V}/workRequests/${workRequestId}` }).then((r) => r.json());
    const interrupted = await h.call({ method: "GET", path: `${V}/workRequests/${workRequestId}` });
    expect(interrupted.json()).toMatchObject({ status: "IN_PROGRESS", percentComplete: expect.any(Number) });
    expect(interrupted.json().timeStarted).toBeTruthy();
    expect(Number(interrupted.headers["retry-after"])).toBeGreaterThan(0);
    clock.advance(31_000); // past the 30 s lease
    await h.engine.drain();
    expect((await wr()).status).toBe("SUCCEEDED");
    expect((await getInstance(h, id)).json().lifecycleState).toBe("ACTIVE");
  });

  test("after the last attempt the work request FAILS and so does the instance, instead of staying CREATING", async () => {
    const clock = new ManualClock();
    h = await startHarness({ clock, runtime: new CrashingDriver(clock, 100) });
    const { id, workRequestId } = await createInstance(h);
    for (let attempt = 0; attempt < 3; attempt++) {
      await h.engine.drain();
      clock.advance(31_000);
    }
    const wr = await h.call({ method: "GET", path: `${V}/workRequests/${workRequestId}` });
    expect(wr.json()).toMatchObject({
      status: "FAILED",
      percentComplete: 100,
      resources: [{ identifier: id, actionType: "FAILED" }],
    });
    const errors = await h.call({ method: "GET", path: `${V}/workRequests/${workRequestId}/errors` });
    expect(errors.json().items).toEqual([expect.objectContaining({ message: expect.stringContaining("driver bug") })]);
    const instance = (await getInstance(h, id)).json();
    expect(instance.lifecycleState).toBe("FAILED");
    expect(instance.lifecycleDetails).toContain("driver bug");
    // A FAILED instance can be cleaned up.
    expect((await h.call({ method: "DELETE", path: `${V}/containerInstances/${id}` })).statusCode).toBe(202);
  });
});
