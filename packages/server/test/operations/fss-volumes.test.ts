import { afterEach, beforeEach, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

test("an OCI File Storage volume is refused with a 400 naming it, and nothing is created", async () => {
  const body = h.createDetails({
    volumes: [
      { name: "scratch", volumeType: "EMPTYDIR" },
      {
        name: "shared",
        volumeType: "OCI_FSS_FILE_SYSTEM",
        mountTarget: { ociFssMountTargetType: "OCID", id: "ocid1.mounttarget.oc1.iad.aaaa" },
        export: { ociFssExportType: "OCID", id: "ocid1.export.oc1.iad.aaaa" },
      },
    ],
  });
  const response = await h.call({ method: "POST", path: "/20210415/containerInstances", body });
  expect(response.statusCode).toBe(400);
  expect(response.json()).toMatchObject({ code: "InvalidParameter" });
  expect(response.json().message).toContain("volumes[1].volumeType");
  const list = await h.call({
    method: "GET",
    path: `/20210415/containerInstances?compartmentId=${h.boot.compartmentId}`,
  });
  expect(list.json().items).toEqual([]);
});
