import { afterAll, beforeAll, expect, test } from "vitest";
import { ServiceError } from "../../src/errors.js";
import { type Caisson, rejection, startCaisson, WAIT } from "./support/caisson.js";

/** client.followLogs() against a real `caisson serve` (emulated: nothing is written; engines: cli/test/runtime/streams.ts). */
let caisson: Caisson;
let containerId: string;
beforeAll(async () => {
  caisson = await startCaisson();
  const { resource } = await caisson.client.createContainerInstanceAndWaitForState(
    caisson.details("follow-logs-sdk"),
    ["SUCCEEDED"],
    WAIT,
  );
  containerId = resource!.data.containers[0]!.containerId;
});
afterAll(() => caisson?.stop());

test("without follow the iteration ends after what was written (nothing, on the emulated runtime)", async () => {
  const chunks: Uint8Array[] = [];
  for await (const chunk of caisson.client.followLogs(containerId, { tail: 10 })) chunks.push(chunk);
  expect(Buffer.concat(chunks).toString()).toBe("");
});

test("following stays open until the signal aborts, then ends quietly", async () => {
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 300);
  for await (const chunk of caisson.client.followLogs(containerId, { follow: true, signal: controller.signal })) {
    expect(chunk.length).toBe(0);
  }
  expect(Date.now() - started).toBeGreaterThanOrEqual(250);
});

test("an unknown container is a 404 ServiceError", async () => {
  const iterate = async () => {
    for await (const _ of caisson.client.followLogs("ocid1.computecontainer.oc1.iad.aaaanever", {
      follow: true,
    })) {
      /* nothing */
    }
  };
  const error = await rejection(iterate());
  expect(error).toBeInstanceOf(ServiceError);
  expect(error).toMatchObject({ status: 404, code: "NotAuthorizedOrNotFound", operationName: "followLogs" });
});
