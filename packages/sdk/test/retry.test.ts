import { describe, expect, it } from "vitest";
import { NetworkError, ServiceError, TimeoutError } from "../src/errors.js";
import {
  DEFAULT_RETRY_STRATEGY,
  ExponentialRetryStrategy,
  NO_RETRY,
  type RetryStrategy,
} from "../src/retry/strategy.js";
import { fakeClient } from "./helpers/client.js";
import { connectionRefused, FakeFetch, json, ociError } from "./helpers/fake-fetch.js";

const ID = "ocid1.computecontainerinstance.oc1.iad.aaaa";
const INSTANCE = { id: ID, lifecycleState: "ACTIVE" };

describe("retry schedule", () => {
  it("DEFAULT_RETRY_STRATEGY: 8 attempts, min(2^n, 30) s plus [0, 1) s jitter", () => {
    expect(DEFAULT_RETRY_STRATEGY.maxAttempts).toBe(8);
    const fixed = new ExponentialRetryStrategy({ random: () => 0.5 });
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => fixed.delayMs(n))).toEqual([1500, 2500, 4500, 8500, 16500, 30500, 30500]);
    const max = new ExponentialRetryStrategy({ random: () => 0.9999 });
    expect(max.delayMs(1)).toBe(1999);
    for (let n = 1; n <= 7; n++) {
      const d = DEFAULT_RETRY_STRATEGY.delayMs(n);
      expect(d).toBeGreaterThanOrEqual(Math.min(2 ** (n - 1), 30) * 1000);
      expect(d).toBeLessThan(Math.min(2 ** (n - 1), 30) * 1000 + 1000);
    }
    expect(DEFAULT_RETRY_STRATEGY.shouldRetry(7, new NetworkError("x", "op", "GET x"))).toBe(true);
    expect(DEFAULT_RETRY_STRATEGY.shouldRetry(8, new NetworkError("x", "op", "GET x"))).toBe(false);
  });

  it("sleeps the schedule on the injected clock and gives up after 8 attempts", async () => {
    const fake = new FakeFetch(ociError(503, "ServiceUnavailable"));
    const { client, clock } = fakeClient(fake);
    const error = await client.getContainerInstance(ID).catch((e) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.attempts).toBe(8);
    expect(fake.calls).toHaveLength(8);
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});

describe("which errors are retried", () => {
  const cases: [string, Response | Error, boolean][] = [
    ["500", ociError(500, "InternalServerError"), true],
    ["502 non-JSON", new Response("Bad Gateway", { status: 502 }), true],
    ["503", ociError(503, "ServiceUnavailable"), true],
    ["504", ociError(504, "GatewayTimeout"), true],
    ["409 IncorrectState", ociError(409, "IncorrectState"), true],
    ["429 TooManyRequests", ociError(429, "TooManyRequests"), true],
    ["network error", connectionRefused(), true],
    ["501", ociError(501, "MethodNotImplemented"), false],
    ["400", ociError(400, "InvalidParameter"), false],
    ["401", ociError(401, "NotAuthenticated"), false],
    ["404", ociError(404, "NotAuthorizedOrNotFound"), false],
    ["409 Conflict", ociError(409, "Conflict"), false],
    ["412", ociError(412, "NoEtagMatch"), false],
    ["429 other code", ociError(429, "LimitExceeded"), false],
  ];
  it.each(cases)("%s → retried=%s", async (_name, failure, retried) => {
    const fake = new FakeFetch(failure, json(200, INSTANCE));
    const { client } = fakeClient(fake);
    const result = await client.getContainerInstance(ID).then(
      (r) => r,
      (e) => e,
    );
    if (retried) {
      expect(result.data).toEqual(INSTANCE);
      expect(result.attempts).toBe(2);
      expect(fake.calls).toHaveLength(2);
    } else {
      expect(result).toBeInstanceOf(ServiceError);
      expect(result.attempts).toBe(1);
      expect(fake.calls).toHaveLength(1);
    }
  });

  it("retries timeouts", async () => {
    let started!: () => void;
    const firstAttemptStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const fake = new FakeFetch(json(200, INSTANCE));
    let calls = 0;
    const { client, clock } = fakeClient(fake, {
      fetch: (url, init) => {
        if (calls++ > 0) return fake.fetch(url, init);
        started();
        return new Promise((_resolve, reject) => {
          init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        });
      },
    });
    const pending = client.getContainerInstance(ID);
    await firstAttemptStarted;
    clock.advance(10_000);
    const response = await pending;
    expect(response.attempts).toBe(2);
    expect(clock.sleeps).toEqual([1000]);
  });
});

describe("idempotency across attempts", () => {
  it("reuses one opc-request-id and one opc-retry-token on every attempt, refreshes x-date and signature", async () => {
    const fake = new FakeFetch(
      ociError(500, "InternalServerError"),
      ociError(429, "TooManyRequests"),
      json(200, INSTANCE),
    );
    const { client } = fakeClient(fake);
    await client.createContainerInstance({
      compartmentId: "c",
      availabilityDomain: "AD-1",
      shape: "CI.Standard.E4.Flex",
      shapeConfig: { ocpus: 1 },
      containers: [{ imageUrl: "busybox" }],
      vnics: [{ subnetId: "s" }],
    });
    expect(fake.calls).toHaveLength(3);
    const ids = new Set(fake.calls.map((c) => c.headers.get("opc-request-id")));
    const tokens = new Set(fake.calls.map((c) => c.headers.get("opc-retry-token")));
    expect(ids.size).toBe(1);
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(fake.calls.map((c) => c.headers.get("x-date"))).size).toBe(3);
    expect(new Set(fake.calls.map((c) => c.headers.get("authorization"))).size).toBe(3);
    expect(fake.calls.every((c) => c.headers.get("opc-client-retries") === "true")).toBe(true);
  });

  it("generates a new request id and retry token per call, and keeps caller-supplied ones", async () => {
    const fake = new FakeFetch(json(200, INSTANCE));
    const { client } = fakeClient(fake);
    const details = { compartmentId: "c" } as never;
    await client.createContainerInstance(details);
    await client.createContainerInstance(details);
    await client.createContainerInstance(details, { opcRetryToken: "mine", opcRequestId: "MY-ID" });
    const [a, b, c] = fake.calls;
    expect(a?.headers.get("opc-request-id")).not.toBe(b?.headers.get("opc-request-id"));
    expect(a?.headers.get("opc-retry-token")).not.toBe(b?.headers.get("opc-retry-token"));
    expect(c?.headers.get("opc-retry-token")).toBe("mine");
    expect(c?.headers.get("opc-request-id")).toBe("MY-ID");
  });
});

describe("strategy selection", () => {
  it("NO_RETRY makes one attempt and sends no opc-client-retries", async () => {
    const fake = new FakeFetch(ociError(503, "ServiceUnavailable"));
    const { client } = fakeClient(fake, { retryStrategy: NO_RETRY });
    await expect(client.getContainerInstance(ID)).rejects.toMatchObject({ status: 503, attempts: 1 });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.headers.has("opc-client-retries")).toBe(false);
  });

  it("a per-operation strategy overrides the client's", async () => {
    const fake = new FakeFetch(ociError(503, "ServiceUnavailable"));
    const { client } = fakeClient(fake);
    await expect(client.getContainerInstance(ID, { retryStrategy: NO_RETRY })).rejects.toBeInstanceOf(ServiceError);
    expect(fake.calls).toHaveLength(1);
  });

  it("custom strategies decide with (attempt, error) and delayMs(attempt)", async () => {
    const seen: [number, string][] = [];
    const custom: RetryStrategy = {
      maxAttempts: 3,
      shouldRetry: (attempt, error) => {
        seen.push([attempt, (error as ServiceError).code]);
        return attempt < 3;
      },
      delayMs: (attempt) => attempt * 7,
    };
    const fake = new FakeFetch(ociError(400, "InvalidParameter"));
    const { client, clock } = fakeClient(fake, { retryStrategy: custom });
    await expect(client.getContainerInstance(ID)).rejects.toMatchObject({ code: "InvalidParameter", attempts: 3 });
    expect(seen).toEqual([
      [1, "InvalidParameter"],
      [2, "InvalidParameter"],
      [3, "InvalidParameter"],
    ]);
    expect(clock.sleeps).toEqual([7, 14]);
  });

  it("an aborted signal stops retrying: no back-off sleep, no further attempt", async () => {
    const fake = new FakeFetch(ociError(503, "ServiceUnavailable"));
    const controller = new AbortController();
    const { client, clock } = fakeClient(fake, {
      fetch: async (url, init) => {
        const response = await fake.fetch(url, init);
        controller.abort(new Error("stop"));
        return response;
      },
    });
    await expect(client.getContainerInstance(ID, { signal: controller.signal })).rejects.toThrow("stop");
    expect(fake.calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("TimeoutError and NetworkError are retryable; ServiceError 4xx are client errors", () => {
    expect(new TimeoutError("read", 1, "op", "GET x").isRetryable).toBe(true);
    expect(new NetworkError("x", "op", "GET x").isClientError).toBe(true);
  });
});
