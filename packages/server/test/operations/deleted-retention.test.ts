import { afterEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { createActive, dateHeader, expectError, listAll, ManualClock, V } from "./helpers.js";

const RETENTION_MS = 60_000;

let h: Harness;
afterEach(() => h.close());

describe("deleted resources", () => {
  test("stay readable as DELETED for the retention window, then answer 404 everywhere", async () => {
    const clock = new ManualClock();
    h = await startHarness({ clock, deletedRetentionMs: RETENTION_MS });
    const { id, body, workRequestId } = await createActive(h);
    const containerId = body.containers[0]!.containerId;
    await h.call({ method: "DELETE", path: `${V}/containerInstances/${id}` });
    await h.engine.drain();

    const get = (path: string) => h.call({ method: "GET", path, headers: dateHeader(clock) });
    const deletedList = () =>
      listAll(h, `${V}/containerInstances`, { compartmentId: h.boot.compartmentId, lifecycleState: "DELETED" });

    clock.advance(RETENTION_MS - 1000);
    expect((await get(`${V}/containerInstances/${id}`)).json().lifecycleState).toBe("DELETED");
    expect((await get(`${V}/containers/${containerId}`)).json().lifecycleState).toBe("DELETED");
    expect((await deletedList()).items).toHaveLength(1);

    clock.advance(1000);
    const instance = expectError(await get(`${V}/containerInstances/${id}`), 404, "NotAuthorizedOrNotFound", id);
    expectError(await get(`${V}/containers/${containerId}`), 404, "NotAuthorizedOrNotFound", containerId);
    expect((await deletedList()).items).toEqual([]);
    const containers = await listAll(h, `${V}/containers`, {
      compartmentId: h.boot.compartmentId,
      lifecycleState: "DELETED",
    });
    expect(containers.items).toEqual([]);
    expect(instance.message).not.toContain("DELETED");
    expectError(
      await h.call({
        method: "POST",
        path: `${V}/containers/${containerId}/actions/retrieveLogs`,
        headers: dateHeader(clock),
      }),
      404,
      "NotAuthorizedOrNotFound",
    );

    // The work request that deleted it is history, not the resource: it stays readable.
    expect((await get(`${V}/workRequests/${workRequestId}`)).statusCode).toBe(200);
  });
});
