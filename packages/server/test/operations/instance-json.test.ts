import { afterAll, beforeAll, expect, test } from "vitest";
import { hasTopLevelKey, instanceFromRow, instanceJson } from "../../src/instances/representation.js";
import { type Harness, startHarness } from "../support/harness.js";
import { createActive, getInstance } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** GetContainerInstance appends the columns to the stored document instead of parsing and re-serialising it. */
test("the Get body is byte for byte the serialised instance, whatever the tags hold", async () => {
  const tagSets = [
    { plain: "x" },
    { 'quote"d': "line\nbreak ünï 😀", "\u2028": "\u0000" },
    // Column keys inside the document take the general path; the answer is the same.
    { id: "not the id", lifecycleState: "not the state", displayName: "x" },
  ];
  for (const freeformTags of tagSets) {
    const { id } = await createActive(h, { freeformTags });
    const row = (await h.store.instances.get(h.boot.tenancyId, id, new Date().toISOString()))!;
    const expected = JSON.stringify(instanceFromRow(row));
    expect(instanceJson(row)).toBe(expected);
    const got = await getInstance(h, id);
    expect(got.statusCode).toBe(200);
    expect(got.body).toBe(expected);
    expect(got.json().freeformTags).toEqual(freeformTags);
    expect(got.json().id).toBe(id);
    // The stored document never holds the column keys at its top level: the fast path is the one taken.
    expect(hasTopLevelKey(row.doc, new Set(["id", "displayName", "lifecycleState"]))).toBe(false);
  }
});

test("only top-level keys count: nested ones, string values and escaped text do not", () => {
  const keys = new Set(["id", "displayName"]);
  expect(hasTopLevelKey(JSON.stringify({ id: 1 }), keys)).toBe(true);
  expect(hasTopLevelKey(JSON.stringify({ a: 1, displayName: "x" }), keys)).toBe(true);
  expect(hasTopLevelKey(JSON.stringify({ containers: [{ displayName: "x", id: "y" }] }), keys)).toBe(false);
  expect(hasTopLevelKey(JSON.stringify({ tags: { id: "x" }, v: "id" }), keys)).toBe(false);
  expect(hasTopLevelKey(JSON.stringify({ a: ',"id":1,"b', b: ["}", "{"], c: '\\"' }), keys)).toBe(false);
  // A top-level key written with escapes is taken as a match: the general path is always right.
  expect(hasTopLevelKey(JSON.stringify({ 'a"b': 1 }), keys)).toBe(true);
  expect(hasTopLevelKey(JSON.stringify({ b: "\\", id: 2 }), keys)).toBe(true);
  expect(hasTopLevelKey("{}", keys)).toBe(false);
});

test("a document with a column key at its top level still answers what the spread gives", () => {
  const row = {
    id: "ocid1.computecontainerinstance.oc1..x",
    tenancy_id: "t",
    compartment_id: "c",
    display_name: "n",
    availability_domain: "ad",
    lifecycle_state: "ACTIVE",
    time_created: "2026-01-01T00:00:00.000Z",
    time_updated: "2026-01-01T00:00:00.000Z",
    etag: "e",
    doc: JSON.stringify({ shape: "s", lifecycleState: "STALE", containerCount: 1 }),
    purge_after: null,
  };
  expect(instanceJson(row)).toBe(JSON.stringify(instanceFromRow(row)));
  expect(JSON.parse(instanceJson(row)).lifecycleState).toBe("ACTIVE");
});

test("a document holding nothing but braces still makes a well-formed instance", () => {
  const row = {
    id: "ocid1.computecontainerinstance.oc1..x",
    tenancy_id: "t",
    compartment_id: "c",
    display_name: "n",
    availability_domain: "ad",
    lifecycle_state: "ACTIVE",
    time_created: "2026-01-01T00:00:00.000Z",
    time_updated: "2026-01-01T00:00:00.000Z",
    etag: "e",
    doc: "{}",
    purge_after: null,
  };
  expect(instanceJson(row)).toBe(JSON.stringify(instanceFromRow(row)));
});
