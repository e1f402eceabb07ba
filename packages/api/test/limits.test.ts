import { describe, expect, it } from "vitest";
import { checkShapeConfig, SHAPES } from "../src/limits.js";
import { ContainerInstanceShapeSummary } from "../src/models/index.js";
import { validate } from "../src/validate.js";

describe("shapes", () => {
  it("lists the three flexible shapes as valid ContainerInstanceShapeSummary objects", () => {
    expect(SHAPES.map((s) => s.name)).toEqual(["CI.Standard.E3.Flex", "CI.Standard.E4.Flex", "CI.Standard.A1.Flex"]);
    for (const shape of SHAPES) expect(validate(ContainerInstanceShapeSummary, shape).ok).toBe(true);
  });

  it("applies the documented OCPU ranges", () => {
    expect(checkShapeConfig("CI.Standard.E4.Flex", 64).ok).toBe(true);
    expect(checkShapeConfig("CI.Standard.E4.Flex", 65)).toMatchObject({ ok: false, field: "shapeConfig.ocpus" });
    expect(checkShapeConfig("CI.Standard.A1.Flex", 76).ok).toBe(true);
    expect(checkShapeConfig("CI.Standard.E3.Flex", 0.5)).toMatchObject({ ok: false, field: "shapeConfig.ocpus" });
    expect(checkShapeConfig("VM.Standard2.1", 1)).toMatchObject({ ok: false, field: "shape" });
  });

  it("applies memory: at least max(1, ocpus), at most 64 per OCPU and the shape total", () => {
    expect(checkShapeConfig("CI.Standard.E4.Flex", 4, 3)).toMatchObject({
      ok: false,
      field: "shapeConfig.memoryInGBs",
    });
    expect(checkShapeConfig("CI.Standard.E4.Flex", 4, 4)).toMatchObject({ ok: true, memoryInGBs: 4 });
    expect(checkShapeConfig("CI.Standard.E4.Flex", 1, 64).ok).toBe(true);
    expect(checkShapeConfig("CI.Standard.E4.Flex", 1, 65).ok).toBe(false);
    expect(checkShapeConfig("CI.Standard.E4.Flex", 32, 1025).ok).toBe(false);
    expect(checkShapeConfig("CI.Standard.A1.Flex", 10, 489).ok).toBe(false);
  });

  it("says OCPU for one and OCPUs for more in its memory message", () => {
    expect(checkShapeConfig("CI.Standard.E4.Flex", 1, 65)).toMatchObject({
      message: "must be between 1 and 64 GB for 1 OCPU of CI.Standard.E4.Flex",
    });
    expect(checkShapeConfig("CI.Standard.E4.Flex", 2, 129)).toMatchObject({
      message: "must be between 2 and 128 GB for 2 OCPUs of CI.Standard.E4.Flex",
    });
  });

  it("defaults memory per OCPU and caps it at the shape total; bandwidth is 1 Gbps per OCPU up to 40", () => {
    expect(checkShapeConfig("CI.Standard.E4.Flex", 2)).toMatchObject({
      ok: true,
      memoryInGBs: 32,
      shapeConfig: {
        ocpus: 2,
        memoryInGBs: 32,
        networkingBandwidthInGbps: 2,
        processorDescription: "3.3 GHz AMD EPYC™ 7J13 (Milan)",
      },
    });
    expect(checkShapeConfig("CI.Standard.E3.Flex", 64)).toMatchObject({
      memoryInGBs: 1024,
      shapeConfig: { networkingBandwidthInGbps: 40 },
    });
    expect(checkShapeConfig("CI.Standard.A1.Flex", 76)).toMatchObject({ memoryInGBs: 456 });
  });
});
