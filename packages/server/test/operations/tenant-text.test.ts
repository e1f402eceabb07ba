import { afterEach, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";

let h: Harness | undefined;
afterEach(() => h?.close());

const V = "/20210415";

async function refused(harness: Harness, body: Record<string, unknown>, field: string): Promise<void> {
  const response = await harness.call({ method: "POST", path: `${V}/containerInstances`, body });
  expect(response.statusCode).toBe(400);
  expect(response.json()).toMatchObject({ code: "InvalidParameter" });
  expect(response.json().message).toContain(field);
  expect(response.headers["opc-request-id"]).toBeTruthy();
  const list = await harness.call({
    method: "GET",
    path: `${V}/containerInstances?compartmentId=${harness.boot.compartmentId}`,
  });
  expect(list.json().items).toEqual([]);
}

test("path-like tenant text is refused on the wire with 400 InvalidParameter naming the field; nothing is recorded", async () => {
  h = await startHarness();
  await refused(
    h,
    h.createDetails({
      volumes: [{ name: "../../../../..", volumeType: "CONFIGFILE", configs: [] }],
      containers: [{ imageUrl: "busybox", volumeMounts: [{ volumeName: "../../../../..", mountPath: "/host" }] }],
    }),
    "volumes[0].name",
  );
  await refused(
    h,
    h.createDetails({
      volumes: [{ name: "c", volumeType: "CONFIGFILE", configs: [{ fileName: "../../x", data: "eA==" }] }],
    }),
    "volumes[0].configs[0].fileName",
  );
  await refused(
    h,
    h.createDetails({ containers: [{ imageUrl: "busybox", environmentVariables: { "A\u0000B": "x" } }] }),
    "containers[0].environmentVariables",
  );
});

test("--allowed-registries: an image from another registry is refused with 400 naming the container's imageUrl", async () => {
  h = await startHarness({ allowedRegistries: ["127.0.0.1:5000", "localhost"] });
  await refused(
    h,
    h.createDetails({ containers: [{ imageUrl: "localhost/busybox:ci" }, { imageUrl: "busybox" }] }),
    "containers[1].imageUrl",
  );
  await refused(h, h.createDetails({ containers: [{ imageUrl: "evil.example:5000/x" }] }), "containers[0].imageUrl");
  for (const imageUrl of ["127.0.0.1:5000/caisson/busybox:ci", "localhost/busybox:ci"]) {
    const ok = await h.call({
      method: "POST",
      path: `${V}/containerInstances`,
      body: h.createDetails({ containers: [{ imageUrl }] }),
    });
    expect(ok.statusCode, imageUrl).toBe(200);
  }
});

test("without --allowed-registries any registry is allowed", async () => {
  h = await startHarness();
  const ok = await h.call({
    method: "POST",
    path: `${V}/containerInstances`,
    body: h.createDetails({ containers: [{ imageUrl: "anything.example/x:1" }] }),
  });
  expect(ok.statusCode).toBe(200);
});
