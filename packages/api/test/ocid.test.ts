import { describe, expect, it } from "vitest";
import { isOcid, makeOcid, makeOcidUnique, OCID_RESOURCE_TYPES, parseOcid, regionKey } from "../src/ocid.js";
import { parseRfc3339, toRfc3339 } from "../src/time.js";

describe("OCIDs", () => {
  it("makes regional OCIDs with the region key and a 60-character base32 unique part", () => {
    const id = makeOcid(OCID_RESOURCE_TYPES.containerInstance, "us-ashburn-1");
    expect(id).toMatch(/^ocid1\.computecontainerinstance\.oc1\.iad\.aaaaaaaa[a-z2-7]{52}$/);
    expect(parseOcid(id)).toMatchObject({ resourceType: "computecontainerinstance", realm: "oc1", region: "iad" });
  });

  it("leaves the region empty for global resources", () => {
    expect(makeOcid("tenancy", "us-phoenix-1", "aaaa1")).toBe("ocid1.tenancy.oc1..aaaa1");
    expect(parseOcid("ocid1.tenancy.oc1..aaaa1")).toEqual({
      resourceType: "tenancy",
      realm: "oc1",
      region: "",
      unique: "aaaa1",
    });
  });

  it("does not repeat unique parts", () => {
    const ids = new Set(Array.from({ length: 1000 }, makeOcidUnique));
    expect(ids.size).toBe(1000);
  });

  it("maps region ids to keys and keeps unknown regions as they are", () => {
    expect(regionKey("us-phoenix-1")).toBe("phx");
    expect(regionKey("eu-frankfurt-1")).toBe("fra");
    expect(regionKey("xx-nowhere-1")).toBe("xx-nowhere-1");
    expect(makeOcid("vcn", "phx", "u")).toBe("ocid1.vcn.oc1.phx.u");
  });

  it("recognises OCIDs, optionally of one type", () => {
    const subnet = makeOcid("subnet", "us-ashburn-1");
    expect(isOcid(subnet)).toBe(true);
    expect(isOcid(subnet, "subnet")).toBe(true);
    expect(isOcid(subnet, "vcn")).toBe(false);
    expect(isOcid("ocid1.vcn.oc1.iad.future.aaaa")).toBe(true);
    for (const bad of [
      "",
      "ocid2.vcn.oc1.iad.aaaa",
      "ocid1.vcn.oc1.iad.",
      "ocid1.vcn.oc1.iad.AAA",
      "ocid1..oc1.iad.a",
      42,
      null,
    ]) {
      expect(isOcid(bad), String(bad)).toBe(false);
    }
  });
});

describe("RFC 3339 time", () => {
  it("formats UTC with milliseconds", () => {
    expect(toRfc3339(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)))).toBe("2024-01-02T03:04:05.678Z");
    expect(() => toRfc3339(new Date(Number.NaN))).toThrow(RangeError);
  });

  it("parses offsets and fractions, and rejects what is not RFC 3339", () => {
    expect(parseRfc3339("2024-02-29T00:00:00Z")?.toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(parseRfc3339("2024-01-02T03:04:05Z")?.toISOString()).toBe("2024-01-02T03:04:05.000Z");
    expect(parseRfc3339("2024-01-02T05:04:05.5+02:00")?.toISOString()).toBe("2024-01-02T03:04:05.500Z");
    for (const bad of [
      "2024-01-02",
      "2024-01-02 03:04:05Z",
      "2024-13-02T03:04:05Z",
      "2023-02-29T00:00:00Z",
      "2024-01-02T03:04:05",
      "yesterday",
    ]) {
      expect(parseRfc3339(bad), bad).toBeUndefined();
    }
  });
});
