import { afterEach, beforeEach, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { secondTenancy } from "../support/second-tenancy.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const lists = ["containerInstances", "containers", "workRequests", "containerInstanceShapes"];

test.each(lists)("listing %s in another tenancy's compartment, or none, is 404 like a missing one", async (list) => {
  const other = { caller: await secondTenancy(h) };
  for (const compartmentId of [h.boot.compartmentId, "ocid1.compartment.oc1..aaaaaaaanothere"]) {
    const response = await h.call(
      { method: "GET", path: `/20210415/${list}?compartmentId=${compartmentId}` },
      other.caller,
    );
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe("NotAuthorizedOrNotFound");
  }
  const own = await h.call({ method: "GET", path: `/20210415/${list}?compartmentId=${h.boot.compartmentId}` });
  expect(own.statusCode).toBe(200);
});
