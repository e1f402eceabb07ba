import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { action, createActive, createInstance, expectError, listAll, stateOf, V } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

async function containerStates(id: string): Promise<string[]> {
  const { items } = await listAll(h, `${V}/containers`, {
    compartmentId: h.boot.compartmentId,
    containerInstanceId: id,
    ...((await stateOf(h, id)) === "DELETED" && { lifecycleState: "DELETED" }),
  });
  return items.map((c) => c.lifecycleState as string);
}

const TWO_CONTAINERS = { containers: [{ imageUrl: "busybox" }, { imageUrl: "nginx" }] };

describe("lifecycle state machine", () => {
  test("stop acts on ACTIVE: 202, UPDATING while pending, then INACTIVE with its containers", async () => {
    const { id } = await createActive(h, TWO_CONTAINERS);
    expect(await stateOf(h, id)).toBe("ACTIVE");
    expect(await containerStates(id)).toEqual(["ACTIVE", "ACTIVE"]);

    const stopped = await action(h, id, "stop", { "opc-request-id": "stop-1" });
    expect(stopped.statusCode).toBe(202);
    expect(stopped.body).toBe("");
    expect(stopped.headers["opc-request-id"]).toBe("stop-1");
    expect(stopped.headers["opc-work-request-id"]).toMatch(/^ocid1\.containerinstanceworkrequest\./);
    expect(await stateOf(h, id)).toBe("UPDATING");

    expect(await h.engine.drain()).toBe(1);
    expect(await stateOf(h, id)).toBe("INACTIVE");
    expect(await containerStates(id)).toEqual(["INACTIVE", "INACTIVE"]);
  });

  test("start acts on INACTIVE and brings instance and containers back to ACTIVE", async () => {
    const { id } = await createActive(h, TWO_CONTAINERS);
    await action(h, id, "stop");
    await h.engine.drain();

    const started = await action(h, id, "start");
    expect(started.statusCode).toBe(202);
    expect(await stateOf(h, id)).toBe("UPDATING");
    await h.engine.drain();
    expect(await stateOf(h, id)).toBe("ACTIVE");
    expect(await containerStates(id)).toEqual(["ACTIVE", "ACTIVE"]);
  });

  test("start on ACTIVE and stop on INACTIVE are 409 IncorrectState naming the state", async () => {
    const { id } = await createActive(h);
    expectError(await action(h, id, "start"), 409, "IncorrectState", "ACTIVE");
    await action(h, id, "stop");
    await h.engine.drain();
    expectError(await action(h, id, "stop"), 409, "IncorrectState", "INACTIVE");
    // A refused action changes nothing and queues no work.
    expect(await stateOf(h, id)).toBe("INACTIVE");
    expect(await h.engine.drain()).toBe(0);
  });

  test("every mutating operation on a CREATING instance is 409 IncorrectState naming CREATING", async () => {
    const { id, body } = await createInstance(h);
    const containerId = body.containers[0]!.containerId;
    const attempts = [
      action(h, id, "start"),
      action(h, id, "stop"),
      action(h, id, "restart"),
      h.call({ method: "PUT", path: `${V}/containerInstances/${id}`, body: { displayName: "x" } }),
      h.call({ method: "DELETE", path: `${V}/containerInstances/${id}` }),
      h.call({
        method: "POST",
        path: `${V}/containerInstances/${id}/actions/changeCompartment`,
        body: { compartmentId: h.boot.compartmentId },
      }),
      h.call({ method: "PUT", path: `${V}/containers/${containerId}`, body: { displayName: "x" } }),
    ];
    for (const response of await Promise.all(attempts)) expectError(response, 409, "IncorrectState", "CREATING");
    expect(await stateOf(h, id)).toBe("CREATING");
    expect(await h.engine.drain()).toBe(1); // only the create itself
  });

  test("a second operation while one is pending is 409 IncorrectState naming UPDATING", async () => {
    const { id } = await createActive(h);
    expect((await action(h, id, "restart")).statusCode).toBe(202);
    expectError(await action(h, id, "stop"), 409, "IncorrectState", "UPDATING");
    expectError(
      await h.call({ method: "DELETE", path: `${V}/containerInstances/${id}` }),
      409,
      "IncorrectState",
      "UPDATING",
    );
    await h.engine.drain();
    expect(await stateOf(h, id)).toBe("ACTIVE");
  });

  test("restart of an ACTIVE instance shows UPDATING, then ACTIVE", async () => {
    const { id } = await createActive(h);
    const restarted = await action(h, id, "restart");
    expect(restarted.statusCode).toBe(202);
    expect(await stateOf(h, id)).toBe("UPDATING");
    await h.engine.drain();
    expect(await stateOf(h, id)).toBe("ACTIVE");
  });

  test("restart of an INACTIVE instance starts it", async () => {
    const { id } = await createActive(h);
    await action(h, id, "stop");
    await h.engine.drain();
    expect((await action(h, id, "restart")).statusCode).toBe(202);
    await h.engine.drain();
    expect(await stateOf(h, id)).toBe("ACTIVE");
  });
});

describe("DeleteContainerInstance", () => {
  test("202, DELETING with its containers while pending, DELETED after; still readable, listed only as DELETED", async () => {
    const { id, body } = await createActive(h, TWO_CONTAINERS);
    const deleted = await h.call({ method: "DELETE", path: `${V}/containerInstances/${id}` });
    expect(deleted.statusCode).toBe(202);
    expect(deleted.body).toBe("");
    expect(deleted.headers["opc-work-request-id"]).toMatch(/^ocid1\.containerinstanceworkrequest\./);
    expect(await stateOf(h, id)).toBe("DELETING");
    expect(await containerStates(id)).toEqual(["DELETING", "DELETING"]);

    await h.engine.drain();
    expect(await stateOf(h, id)).toBe("DELETED");
    expect(await containerStates(id)).toEqual(["DELETED", "DELETED"]);
    const container = await h.call({ method: "GET", path: `${V}/containers/${body.containers[0]!.containerId}` });
    expect(container.json().lifecycleState).toBe("DELETED");

    const compartmentId = h.boot.compartmentId;
    const visible = await listAll(h, `${V}/containerInstances`, { compartmentId });
    expect(visible.items.map((i) => i.id)).not.toContain(id);
    const active = await listAll(h, `${V}/containerInstances`, { compartmentId, lifecycleState: "ACTIVE" });
    expect(active.items).toEqual([]);
    const gone = await listAll(h, `${V}/containerInstances`, { compartmentId, lifecycleState: "DELETED" });
    expect(gone.items.map((i) => i.id)).toEqual([id]);
    const containers = await listAll(h, `${V}/containers`, { compartmentId });
    expect(containers.items).toEqual([]);
  });

  test("a DELETED instance accepts no further operation", async () => {
    const { id } = await createActive(h);
    await h.call({ method: "DELETE", path: `${V}/containerInstances/${id}` });
    await h.engine.drain();
    // Deleted is final: nothing may queue work that would resurrect it. A repeated delete answers 404, which
    // the Python SDK's delete-and-wait treats as "already deleted".
    for (const response of [
      await h.call({ method: "DELETE", path: `${V}/containerInstances/${id}` }),
      await action(h, id, "start"),
      await action(h, id, "restart"),
    ]) {
      expectError(response, 404, "NotAuthorizedOrNotFound", id);
    }
    expect(await h.engine.drain()).toBe(0);
    expect(await stateOf(h, id)).toBe("DELETED");
  });

  test("deletes an INACTIVE instance", async () => {
    const { id } = await createActive(h);
    await action(h, id, "stop");
    await h.engine.drain();
    expect((await h.call({ method: "DELETE", path: `${V}/containerInstances/${id}` })).statusCode).toBe(202);
    await h.engine.drain();
    expect(await stateOf(h, id)).toBe("DELETED");
  });
});
