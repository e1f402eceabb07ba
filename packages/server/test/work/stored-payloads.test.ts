import { makeOcid, OCID_RESOURCE_TYPES, toRfc3339 } from "@caisson/api";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { createActive, dateHeader, getInstance, ManualClock, V } from "../operations/helpers.js";
import { DIALECTS, stopPostgres } from "../support/dialects.js";
import { type Harness, startHarness } from "../support/harness.js";

/**
 * Work requests are stored with their payload as JSON (`kind` names the action). A work request accepted by an
 * earlier version, then claimed after an upgrade, must still run: these rows are written exactly as earlier
 * versions wrote them (the literal JSON), not through today's code.
 */
afterAll(() => stopPostgres());

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Writes a work request the way earlier versions did, with the instance in the state their handler set. */
async function writeOldWorkRequest(
  harness: Harness,
  instanceId: string,
  operationType: string,
  payload: string,
  transitional: "UPDATING" | "DELETING" = "UPDATING",
): Promise<string> {
  const id = makeOcid(OCID_RESOURCE_TYPES.workRequest, "us-ashburn-1");
  const now = toRfc3339(new Date());
  await harness.store.transaction(async (repos) => {
    await repos.instances.update(instanceId, { lifecycle_state: transitional }, now);
    await repos.workRequests.insert({
      id,
      tenancy_id: harness.boot.tenancyId,
      compartment_id: harness.boot.compartmentId,
      operation_type: operationType,
      status: "ACCEPTED",
      percent_complete: 0,
      time_accepted: now,
      time_started: null,
      time_finished: null,
      resources: JSON.stringify([
        {
          entityType: "ContainerInstance",
          actionType: "IN_PROGRESS",
          identifier: instanceId,
          entityUri: `/20210415/containerInstances/${instanceId}`,
        },
      ]),
      payload,
      resource_ids: `,${instanceId},`,
      lease_owner: null,
      lease_expires_at: null,
      attempts: 0,
    });
  });
  return id;
}

async function runToSuccess(harness: Harness, workRequestId: string): Promise<void> {
  expect(await harness.engine.drain()).toBe(1);
  const wr = await harness.call({ method: "GET", path: `${V}/workRequests/${workRequestId}` });
  expect(wr.json(), wr.body).toMatchObject({ status: "SUCCEEDED", percentComplete: 100 });
}

describe.each(DIALECTS)("work requests stored by an earlier version, on '$name'", (dialect) => {
  test("stop, start, update, move, restart, container update and delete payloads in the old shape run", async () => {
    h = await startHarness({ store: await dialect.open() });
    const harness = h;
    const { id, body } = await createActive(harness);
    const containerId = body.containers[0]!.containerId;

    const stop = await writeOldWorkRequest(
      harness,
      id,
      "STOP_CONTAINER_INSTANCE",
      `{"kind":"stopInstance","instanceId":"${id}"}`,
    );
    await runToSuccess(harness, stop);
    expect((await getInstance(harness, id)).json().lifecycleState).toBe("INACTIVE");

    const start = await writeOldWorkRequest(
      harness,
      id,
      "START_CONTAINER_INSTANCE",
      `{"kind":"startInstance","instanceId":"${id}"}`,
    );
    await runToSuccess(harness, start);
    expect((await getInstance(harness, id)).json().lifecycleState).toBe("ACTIVE");

    const update = await writeOldWorkRequest(
      harness,
      id,
      "UPDATE_CONTAINER_INSTANCE",
      `{"kind":"updateInstance","instanceId":"${id}","previousState":"ACTIVE","changes":{"displayName":"renamed","freeformTags":{"team":"old"}}}`,
    );
    await runToSuccess(harness, update);
    expect((await getInstance(harness, id)).json()).toMatchObject({
      lifecycleState: "ACTIVE",
      displayName: "renamed",
      freeformTags: { team: "old" },
    });

    const move = await writeOldWorkRequest(
      harness,
      id,
      "MOVE_CONTAINER_INSTANCE",
      `{"kind":"moveInstance","instanceId":"${id}","previousState":"ACTIVE","compartmentId":"${harness.boot.tenancyId}"}`,
    );
    await runToSuccess(harness, move);
    expect((await getInstance(harness, id)).json()).toMatchObject({
      lifecycleState: "ACTIVE",
      compartmentId: harness.boot.tenancyId,
    });

    const restart = await writeOldWorkRequest(
      harness,
      id,
      "RESTART_CONTAINER_INSTANCE",
      `{"kind":"restartInstance","instanceId":"${id}"}`,
    );
    await runToSuccess(harness, restart);
    expect((await getInstance(harness, id)).json().lifecycleState).toBe("ACTIVE");

    await harness.store.instances.updateContainer(containerId, { lifecycle_state: "UPDATING" }, toRfc3339(new Date()));
    const updateContainer = await writeOldWorkRequest(
      harness,
      id,
      "UPDATE_CONTAINER",
      `{"kind":"updateContainer","instanceId":"${id}","containerId":"${containerId}","previousState":"ACTIVE","changes":{"displayName":"worker"}}`,
    );
    // Earlier versions left the instance as it was for a container update; only the container was UPDATING.
    await harness.store.instances.update(id, { lifecycle_state: "ACTIVE" }, toRfc3339(new Date()));
    await runToSuccess(harness, updateContainer);
    const container = await harness.call({ method: "GET", path: `${V}/containers/${containerId}` });
    expect(container.json()).toMatchObject({ lifecycleState: "ACTIVE", displayName: "worker" });

    const remove = await writeOldWorkRequest(
      harness,
      id,
      "DELETE_CONTAINER_INSTANCE",
      `{"kind":"deleteInstance","instanceId":"${id}"}`,
      "DELETING",
    );
    await runToSuccess(harness, remove);
    expect((await getInstance(harness, id)).json().lifecycleState).toBe("DELETED");
  });
});

describe("the action records", () => {
  // The other actions' types are asserted through the API in operations/work-requests and updates tests.
  test("a work request records its action's type from the api table", async () => {
    h = await startHarness();
    const { id } = await createActive(h);
    const stop = await h.call({ method: "POST", path: `${V}/containerInstances/${id}/actions/stop` });
    expect(stop.statusCode, stop.body).toBe(202);
    const wr = await h.call({ method: "GET", path: `${V}/workRequests/${stop.headers["opc-work-request-id"]}` });
    expect(wr.json().operationType).toBe("STOP_CONTAINER_INSTANCE");
  });

  test("a work request whose payload names no known action is retried, then FAILED with the instance, never a crash", async () => {
    const clock = new ManualClock();
    h = await startHarness({ clock });
    const { id } = await createActive(h);
    const wrId = await writeOldWorkRequest(
      h,
      id,
      "UPDATE_CONTAINER_INSTANCE",
      `{"kind":"frobnicate","instanceId":"${id}"}`,
    );
    // As for any unexpected error: each attempt fails, the lease runs out, and the third attempt gives up.
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await h.engine.drain()).toBe(1);
      clock.advance(31_000);
    }
    const wr = await h.call({ method: "GET", path: `${V}/workRequests/${wrId}`, headers: dateHeader(clock) });
    expect(wr.json().status).toBe("FAILED");
    const errors = await h.call({
      method: "GET",
      path: `${V}/workRequests/${wrId}/errors`,
      headers: dateHeader(clock),
    });
    expect(errors.json().items[0].message).toContain("unknown kind frobnicate");
    const instance = await h.call({ method: "GET", path: `${V}/containerInstances/${id}`, headers: dateHeader(clock) });
    expect(instance.json().lifecycleState).toBe("FAILED");
  });
});
