import { afterAll, beforeAll, expect, test } from "vitest";
import { MAX_JSON_DEPTH } from "../../src/http/inputs.js";
import { jsonNestsDeeperThan } from "../../src/http/json-depth.js";
import { expectError, V } from "../operations/helpers.js";
import { type Harness, startHarness } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

test("a 5,000-deep JSON body is 400 CannotParseRequest, not a 500", async () => {
  // Defined tags take any JSON value, so only the depth limit stands between this body and the handlers.
  for (const depth of [5_000, 50_000]) {
    const details = JSON.stringify(h.createDetails({ definedTags: { ns: { key: "DEEP" } } }));
    const body = details.replace('"DEEP"', nested(depth));
    const res = await h.call({ method: "POST", path: `${V}/containerInstances`, body });
    expectError(res, 400, "CannotParseRequest", /nests deeper than 32 levels/);
  }
});

test("a body just within the depth limit is read and validated as usual", async () => {
  const body = `{"displayName":${nested(MAX_JSON_DEPTH - 1)}}`;
  const res = await h.call({ method: "POST", path: `${V}/containerInstances`, body });
  expectError(res, 400, "InvalidParameter");
});

test("brackets inside strings, escaped quotes included, do not count as nesting", () => {
  expect(jsonNestsDeeperThan(JSON.stringify({ a: "[".repeat(100) }), 2)).toBe(false);
  expect(jsonNestsDeeperThan(JSON.stringify({ a: `\\"${"{".repeat(100)}` }), 2)).toBe(false);
  expect(jsonNestsDeeperThan(JSON.stringify({ a: { b: [1] } }), 2)).toBe(true);
  expect(jsonNestsDeeperThan(JSON.stringify({ a: { b: [1] } }), 3)).toBe(false);
});
