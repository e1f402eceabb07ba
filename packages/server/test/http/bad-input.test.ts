import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectError, V } from "../operations/helpers.js";
import { type Harness, startHarness } from "../support/harness.js";

/**
 * Malformed CreateContainerInstance bodies. Each row names the exact answer: status, OCI code and a fragment the
 * message must contain so the caller can find the field to fix. No row may produce a 5xx, and none may create
 * anything (checked once at the end).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

type Details = Record<string, unknown>;
const container = (extra: Details = {}) => ({ imageUrl: "busybox", ...extra });

interface Row {
  name: string;
  /** The raw body, or a function of the minimal valid details. */
  body: string | ((valid: Details) => Details);
  status: number;
  code: string;
  message: string | RegExp;
}

const ROWS: Row[] = [
  { name: "bad JSON", body: '{"compartmentId": ', status: 400, code: "CannotParseRequest", message: "not valid JSON" },
  { name: "JSON array", body: "[]", status: 400, code: "CannotParseRequest", message: "JSON object" },
  { name: "JSON string", body: '"hello"', status: 400, code: "CannotParseRequest", message: "JSON object" },
  { name: "JSON null", body: "null", status: 400, code: "CannotParseRequest", message: "JSON object" },
  { name: "empty body", body: "", status: 400, code: "MissingParameter", message: "containers" },
  {
    name: "ocpus as a string",
    body: (d) => ({ ...d, shapeConfig: { ocpus: "1" } }),
    status: 400,
    code: "InvalidParameter",
    message: "shapeConfig.ocpus: must be a number",
  },
  {
    name: "unknown restart policy",
    body: (d) => ({ ...d, containerRestartPolicy: "SOMETIMES" }),
    status: 400,
    code: "InvalidParameter",
    message: /containerRestartPolicy: must be one of ALWAYS, NEVER, ON_FAILURE/,
  },
  {
    name: "missing containers",
    body: ({ containers: _, ...d }) => d,
    status: 400,
    code: "MissingParameter",
    message: "containers: is required",
  },
  {
    name: "missing vnics",
    body: ({ vnics: _, ...d }) => d,
    status: 400,
    code: "MissingParameter",
    message: "vnics: is required",
  },
  {
    name: "no containers",
    body: (d) => ({ ...d, containers: [] }),
    status: 400,
    code: "InvalidParameter",
    message: "containers: must have at least 1 item",
  },
  {
    name: "a container without imageUrl",
    body: (d) => ({ ...d, containers: [{ displayName: "x" }] }),
    status: 400,
    code: "MissingParameter",
    message: "containers[0].imageUrl: is required",
  },
  {
    name: "unknown volumeType",
    body: (d) => ({ ...d, volumes: [{ name: "v", volumeType: "NFS" }] }),
    status: 400,
    code: "InvalidParameter",
    message: "volumes[0].volumeType: must be one of EMPTYDIR, CONFIGFILE, OCI_FSS_FILE_SYSTEM",
  },
  {
    name: "61 containers",
    body: (d) => ({ ...d, containers: Array.from({ length: 61 }, () => container()) }),
    status: 400,
    code: "InvalidParameter",
    message: "containers: must have at most 60 items",
  },
  {
    name: "65 KB of environment",
    body: (d) => ({ ...d, containers: [container({ environmentVariables: { BIG: "x".repeat(65 * 1024) } })] }),
    // A request-size rule, not a tenancy service limit: LimitExceeded is for the latter (reference D.2).
    status: 400,
    code: "InvalidParameter",
    message: /containers\[0\]\.environmentVariables: .*at most 65536 bytes/,
  },
  {
    name: "duplicate volume names",
    body: (d) => ({
      ...d,
      volumes: [
        { name: "v", volumeType: "EMPTYDIR" },
        { name: "v", volumeType: "EMPTYDIR" },
      ],
    }),
    status: 400,
    code: "InvalidParameter",
    message: 'volumes[1].name: duplicate volume name "v"',
  },
  {
    name: "mount of an unknown volume",
    body: (d) => ({
      ...d,
      volumes: [{ name: "data", volumeType: "EMPTYDIR" }],
      containers: [container({ volumeMounts: [{ volumeName: "logs", mountPath: "/logs" }] })],
    }),
    status: 400,
    code: "InvalidParameter",
    message: 'containers[0].volumeMounts[0].volumeName: no volume named "logs"',
  },
  {
    name: "too many ocpus",
    body: (d) => ({ ...d, shapeConfig: { ocpus: 65 } }),
    status: 400,
    code: "InvalidParameter",
    message: "shapeConfig.ocpus: must be between 1 and 64",
  },
  {
    name: "zero ocpus",
    body: (d) => ({ ...d, shapeConfig: { ocpus: 0 } }),
    status: 400,
    code: "InvalidParameter",
    message: "shapeConfig.ocpus",
  },
  {
    name: "memory above 64 GB per OCPU",
    body: (d) => ({ ...d, shapeConfig: { ocpus: 1, memoryInGBs: 65 } }),
    status: 400,
    code: "InvalidParameter",
    message: "shapeConfig.memoryInGBs: must be between 1 and 64",
  },
  {
    name: "memory below the OCPU count",
    body: (d) => ({ ...d, shapeConfig: { ocpus: 4, memoryInGBs: 2 } }),
    status: 400,
    code: "InvalidParameter",
    message: "shapeConfig.memoryInGBs: must be between 4 and 256",
  },
  {
    name: "unknown shape",
    body: (d) => ({ ...d, shape: "CI.Standard.X9.Flex" }),
    status: 400,
    code: "InvalidParameter",
    message: "unknown shape CI.Standard.X9.Flex",
  },
  {
    name: "unknown availability domain",
    body: (d) => ({ ...d, availabilityDomain: "Nope:IAD-AD-9" }),
    status: 400,
    code: "InvalidParameter",
    message: "availabilityDomain: must be one of",
  },
  {
    name: "unknown fault domain",
    body: (d) => ({ ...d, faultDomain: "FAULT-DOMAIN-9" }),
    status: 400,
    code: "InvalidParameter",
    message: "faultDomain: must be one of",
  },
  {
    name: "subnet of nothing",
    body: (d) => ({ ...d, vnics: [{ subnetId: "ocid1.subnet.oc1.iad.nothing" }] }),
    status: 400,
    code: "RelatedResourceNotAuthorizedOrNotFound",
    message: "vnics[0].subnetId: subnet ocid1.subnet.oc1.iad.nothing",
  },
  {
    name: "two vnics",
    body: (d) => ({ ...d, vnics: [d.vnics, d.vnics].flat() }),
    status: 400,
    code: "InvalidParameter",
    message: "vnics",
  },
  {
    name: "compartment of nothing",
    body: (d) => ({ ...d, compartmentId: "ocid1.compartment.oc1..nothing" }),
    status: 404,
    code: "NotAuthorizedOrNotFound",
    message: "compartmentId: compartment ocid1.compartment.oc1..nothing",
  },
  {
    name: "pull secret credentials not base64",
    body: (d) => ({
      ...d,
      imagePullSecrets: [{ secretType: "BASIC", registryEndpoint: "r", username: "not base64!", password: "cA==" }],
    }),
    status: 400,
    code: "InvalidParameter",
    message: "imagePullSecrets[0].username: must be base64-encoded",
  },
  {
    name: "unknown secretType",
    body: (d) => ({ ...d, imagePullSecrets: [{ secretType: "TOKEN", registryEndpoint: "r" }] }),
    status: 400,
    code: "InvalidParameter",
    message: "imagePullSecrets[0].secretType: must be one of BASIC, VAULT",
  },
  {
    name: "negative graceful shutdown timeout",
    body: (d) => ({ ...d, gracefulShutdownTimeoutInSeconds: -1 }),
    status: 400,
    code: "InvalidParameter",
    message: "gracefulShutdownTimeoutInSeconds",
  },
  {
    name: "tags of the wrong type",
    body: (d) => ({ ...d, freeformTags: { a: 1 } }),
    status: 400,
    code: "InvalidParameter",
    message: "freeformTags",
  },
];

describe("CreateContainerInstance rejects malformed bodies", () => {
  test.each(ROWS)("$name → $status $code", async (row) => {
    const body = typeof row.body === "string" ? row.body : JSON.stringify(row.body(h.createDetails()));
    const response = await h.call({ method: "POST", path: `${V}/containerInstances`, body });
    expect(response.statusCode).toBeLessThan(500);
    expectError(response, row.status, row.code, row.message);
  });

  test("a body over 16 MiB is 413 PayloadTooLarge", async () => {
    const details = h.createDetails({ freeformTags: { big: "x".repeat(16 * 1024 * 1024) } });
    const response = await h.call({ method: "POST", path: `${V}/containerInstances`, body: details });
    expectError(response, 413, "PayloadTooLarge", "16777216");
  });

  test("none of the rejected requests created anything", async () => {
    const list = await h.call({ method: "GET", path: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}` });
    expect(list.json().items).toEqual([]);
    expect(await h.engine.drain()).toBe(0);
  });

  test("any content type is read as JSON: the TS SDK always says application/json, others may not", async () => {
    const response = await h.call({
      method: "POST",
      path: `${V}/containerInstances`,
      body: h.createDetails(),
      headers: { "content-type": "text/plain" },
    });
    expect(response.statusCode, response.body).toBe(200);
  });
});
