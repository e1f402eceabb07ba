import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const tags = (count: number, value = "v") =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, value]));
const create = (overrides: Record<string, unknown>) =>
  h.call({ method: "POST", path: "/20210415/containerInstances", body: h.createDetails(overrides) });

describe("OCI's tag limits", () => {
  test("64 tags per resource, free-form and defined together", async () => {
    expect((await create({ freeformTags: tags(64) })).statusCode).toBe(200);
    const tooMany = await create({ freeformTags: tags(40), definedTags: { ops: tags(25) } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toEqual({
      code: "InvalidParameter",
      message: "freeformTags: a resource may have at most 64 tags (free-form and defined together), got 65",
    });
  });

  test("keys at most 100 characters, values at most 256", async () => {
    expect((await create({ freeformTags: { ["k".repeat(100)]: "v".repeat(256) } })).statusCode).toBe(200);
    const longKey = await create({ freeformTags: { ["k".repeat(101)]: "v" } });
    expect(longKey.statusCode).toBe(400);
    expect(longKey.json().message).toMatch(
      /^freeformTags: tag key "k{40}…" must be 1 to 100 characters long, got 101$/,
    );
    const longValue = await create({ definedTags: { ops: { owner: "v".repeat(257) } } });
    expect(longValue.json()).toEqual({
      code: "InvalidParameter",
      message: "definedTags.ops.owner: a tag value must be at most 256 characters long, got 257",
    });
    const longNamespace = await create({ definedTags: { ["n".repeat(101)]: { a: "b" } } });
    expect(longNamespace.json().message).toContain("tag namespace");
  });

  test("at most 5 KB of tag data per resource: no List can be inflated by megabytes of tags", async () => {
    const huge = await create({ freeformTags: tags(30, "x".repeat(256)) });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().message).toMatch(
      /^freeformTags: the tags of a resource may hold at most 5120 bytes of data, got \d+$/,
    );
  });

  test("containers' tags, updates and other services' resources are held to the same limits", async () => {
    const container = await create({ containers: [{ imageUrl: "busybox", freeformTags: tags(65) }] });
    expect(container.json()).toEqual({
      code: "InvalidParameter",
      message:
        "containers[0].freeformTags: a resource may have at most 64 tags (free-form and defined together), got 65",
    });

    const created = await create({});
    await h.engine.drain();
    const update = await h.call({
      method: "PUT",
      path: `/20210415/containerInstances/${created.json().id}`,
      body: { freeformTags: tags(65) },
    });
    expect(update.statusCode).toBe(400);
    expect(update.json().code).toBe("InvalidParameter");

    const compartment = await h.call({
      method: "POST",
      path: "/20160918/compartments",
      body: { compartmentId: h.boot.tenancyId, name: "tagged", description: "d", freeformTags: tags(65) },
    });
    expect(compartment.statusCode).toBe(400);
    expect(compartment.json().code).toBe("InvalidParameter");
    const vcn = await h.call({
      method: "POST",
      path: "/20160918/vcns",
      body: { compartmentId: h.boot.tenancyId, cidrBlocks: ["10.1.0.0/16"], freeformTags: { ["k".repeat(101)]: "v" } },
    });
    expect(vcn.statusCode).toBe(400);
  });
});
