import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ContainerInstanceClient } from "../../src/client.js";
import { fromFile } from "../../src/config/config-file.js";
import { ServiceError } from "../../src/errors.js";
import { NO_RETRY } from "../../src/retry/strategy.js";
import { type Caisson, rejection, startCaisson, WAIT } from "./support/caisson.js";

let caisson: Caisson;

beforeAll(async () => {
  caisson = await startCaisson();
});

afterAll(async () => {
  await caisson?.stop();
});

const UNKNOWN_INSTANCE = "ocid1.computecontainerinstance.oc1.iad.aaaaaaaaneverissuedneverissued";

async function serviceError(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

async function activeInstance(name: string) {
  const { resource } = await caisson.client.createContainerInstanceAndWaitForState(
    caisson.details(name),
    ["SUCCEEDED"],
    WAIT,
  );
  expect(resource?.data.lifecycleState).toBe("ACTIVE");
  return resource!;
}

describe("service errors from caisson serve", () => {
  test("404: an unknown id is a ServiceError carrying everything needed to report it", async () => {
    const before = Date.now();
    const error = await serviceError(
      caisson.client.getContainerInstance(UNKNOWN_INSTANCE, { opcRequestId: "it-404-request" }),
    );
    expect(error.status).toBe(404);
    expect(error.code).toBe("NotAuthorizedOrNotFound");
    expect(error.message).toContain(UNKNOWN_INSTANCE);
    // The server echoes the caller's request id, so support can find the call in its log.
    expect(error.opcRequestId).toBe("it-404-request");
    expect(error.operationName).toBe("getContainerInstance");
    expect(error.endpoint).toBe(`GET ${caisson.server.url}/20210415/containerInstances/${UNKNOWN_INSTANCE}`);
    expect(Date.parse(error.timestamp)).toBeGreaterThanOrEqual(before - 1000);
    expect(error).toMatchObject({ isClientError: true, isRetryable: false, attempts: 1 });

    const container = await serviceError(caisson.client.getContainer("ocid1.computecontainer.oc1.iad.aaaaunknown"));
    expect(container).toMatchObject({ status: 404, code: "NotAuthorizedOrNotFound", operationName: "getContainer" });
    const logs = await serviceError(caisson.client.retrieveLogs("ocid1.computecontainer.oc1.iad.aaaaunknown"));
    expect(logs).toMatchObject({ status: 404, operationName: "retrieveLogs" });
  });

  test("409: starting an ACTIVE instance is IncorrectState, a retryable conflict", async () => {
    const instance = await activeInstance("already-active");
    // The default strategy would retry IncorrectState for minutes; one attempt is enough to see the answer.
    const error = await serviceError(
      caisson.client.startContainerInstance(instance.data.id, { retryStrategy: NO_RETRY }),
    );
    expect(error.status).toBe(409);
    expect(error.code).toBe("IncorrectState");
    expect(error.message).toContain("ACTIVE");
    expect(error.operationName).toBe("startContainerInstance");
    expect(error.endpoint).toBe(
      `POST ${caisson.server.url}/20210415/containerInstances/${instance.data.id}/actions/start`,
    );
    expect(error.opcRequestId).toBeTruthy();
    expect(error).toMatchObject({ isClientError: true, isRetryable: true, attempts: 1 });
    expect((await caisson.client.getContainerInstance(instance.data.id)).data.lifecycleState).toBe("ACTIVE");
  });

  test("412: a stale if-match is NoEtagMatch and changes nothing; the current etag succeeds", async () => {
    const instance = await activeInstance("etag");
    const error = await serviceError(
      caisson.client.updateContainerInstance(instance.data.id, { displayName: "lost-update" }, { ifMatch: "stale" }),
    );
    expect(error).toMatchObject({
      status: 412,
      code: "NoEtagMatch",
      operationName: "updateContainerInstance",
      isRetryable: false,
      attempts: 1,
    });
    expect(error.opcRequestId).toBeTruthy();
    expect(error.endpoint).toBe(`PUT ${caisson.server.url}/20210415/containerInstances/${instance.data.id}`);
    expect((await caisson.client.getContainerInstance(instance.data.id)).data.displayName).toBe("etag");

    const ok = await caisson.client.updateContainerInstanceAndWaitForState(
      instance.data.id,
      { displayName: "etag-updated" },
      undefined,
      { ...WAIT, ifMatch: instance.etag! },
    );
    expect(ok.resource?.data.displayName).toBe("etag-updated");
  });

  test("400: an invalid body names the field", async () => {
    const error = await serviceError(
      caisson.client.createContainerInstance(caisson.details("bad", { shapeConfig: { ocpus: 0, memoryInGBs: 2 } })),
    );
    expect(error).toMatchObject({ status: 400, code: "InvalidParameter", operationName: "createContainerInstance" });
    expect(error.message).toContain("ocpus");
  });
});

describe("retry tokens against caisson serve", () => {
  test("the same opcRetryToken twice creates one instance and answers the same id", async () => {
    const { client, compartmentId } = caisson;
    const details = caisson.details("idempotent");
    const first = await client.createContainerInstance(details, { opcRetryToken: "it-token-1" });
    const second = await client.createContainerInstance(details, { opcRetryToken: "it-token-1" });
    expect(second.data.id).toBe(first.data.id);
    expect(second.workRequestId).toBe(first.workRequestId);
    expect(second.request.headers.get("opc-retry-token")).toBe("it-token-1");
    const listed = await client.listContainerInstances(compartmentId, { displayName: "idempotent" });
    expect(listed.data.items).toHaveLength(1);
  });

  test("without a token, every call gets its own, so two calls create two instances", async () => {
    const { client, compartmentId } = caisson;
    const details = caisson.details("twice");
    const first = await client.createContainerInstance(details);
    const second = await client.createContainerInstance(details);
    const firstToken = first.request.headers.get("opc-retry-token");
    expect(firstToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.request.headers.get("opc-retry-token")).not.toBe(firstToken);
    expect(second.data.id).not.toBe(first.data.id);
    const listed = await client.listContainerInstances(compartmentId, { displayName: "twice" });
    expect(listed.data.items).toHaveLength(2);
  });

  test("the same token with a different body is a 409 conflict, not a second instance", async () => {
    const { client } = caisson;
    await client.createContainerInstance(caisson.details("token-a"), { opcRetryToken: "it-token-2" });
    const error = await serviceError(
      client.createContainerInstance(caisson.details("token-b"), {
        opcRetryToken: "it-token-2",
        retryStrategy: NO_RETRY,
      }),
    );
    expect(error.status).toBe(409);
    const listed = await client.listContainerInstances(caisson.compartmentId, { displayName: "token-b" });
    expect(listed.data.items).toEqual([]);
  });
});

describe("authentication against caisson serve", () => {
  test("a config whose key does not match the registered fingerprint fails with 401 NotAuthenticated", async () => {
    const { server } = caisson;
    // Same user, tenancy and fingerprint as the real profile, but a different private key: the signature is
    // well-formed and verifiably wrong.
    const wrongKey = join(server.dataDir, "wrong_key.pem");
    const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" });
    writeFileSync(wrongKey, pem, { mode: 0o600 });
    const wrongConfig = join(server.dataDir, "wrong-config");
    const original = readFileSync(server.configFile, "utf8");
    writeFileSync(wrongConfig, original.replace(/^key_file=.*$/m, `key_file=${wrongKey}`));

    const client = new ContainerInstanceClient(fromFile(wrongConfig), { serviceEndpoint: server.url });
    const error = await serviceError(client.listContainerInstances(caisson.compartmentId));
    expect(error.status).toBe(401);
    expect(error.code).toBe("NotAuthenticated");
    expect(error.operationName).toBe("listContainerInstances");
    expect(error.opcRequestId).toBeTruthy();
    // 401 is the caller's fault and never retried, even by the default strategy.
    expect(error).toMatchObject({ isClientError: true, isRetryable: false, attempts: 1 });

    // The right key from the same file layout still works, so the failure is the key and nothing else.
    const good = new ContainerInstanceClient(fromFile(server.configFile), { serviceEndpoint: server.url });
    expect((await good.listContainerInstances(caisson.compartmentId)).status).toBe(200);
  });
});

describe("the default retry strategy against a server whose work takes time", () => {
  let slow: Caisson;
  /** How long every emulated lifecycle step takes on this server. */
  const STEP_MS = 2000;

  beforeAll(async () => {
    slow = await startCaisson(["--emulated-delay", String(STEP_MS)]);
  });

  afterAll(async () => {
    await slow?.stop();
  });

  test("a start sent while the stop is still running is retried past IncorrectState until it is accepted", async () => {
    const { client } = slow;
    const { resource } = await client.createContainerInstanceAndWaitForState(slow.details("busy"), undefined, WAIT);
    const id = resource!.data.id;

    const stop = await client.stopContainerInstance(id);
    // The stop's work holds the instance in a transitional state for STEP_MS, during which a start is a 409
    // IncorrectState. With the default strategy the SDK backs off (1 s, 2 s, …) and tries again with the
    // same opc-request-id until the server accepts; without that retry this call would reject.
    const started = await client.startContainerInstance(id, { opcRequestId: "it-start-after-stop" });
    expect(started.status).toBe(202);
    expect(started.requestId).toBe("it-start-after-stop");
    expect(started.request.headers.get("opc-client-retries")).toBe("true");

    const stopWr = await client.getWorkRequest(stop.workRequestId!);
    const startWr = await client.waiters.forWorkRequest(started.workRequestId!, ["SUCCEEDED"], WAIT);
    // The server accepts a start only once the stop has finished. (A machine stalled for longer than STEP_MS
    // between the two calls would let the first attempt through: the test then passes without proving the
    // retry, but it never fails because of a slow machine.)
    expect(Date.parse(startWr.data.timeAccepted)).toBeGreaterThanOrEqual(Date.parse(stopWr.data.timeFinished!));
    expect((await client.getContainerInstance(id)).data.lifecycleState).toBe("ACTIVE");
  }, 60_000);
});
