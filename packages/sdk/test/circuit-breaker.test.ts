import { describe, expect, it } from "vitest";
import { CircuitBreaker, type CircuitState, DEFAULT_CIRCUIT_BREAKER_STRATEGY } from "../src/circuit-breaker/breaker.js";
import { CircuitOpenError, ServiceError } from "../src/errors.js";
import { NO_RETRY } from "../src/retry/strategy.js";
import { fakeClient } from "./helpers/client.js";
import { FakeFetch, json, ociError } from "./helpers/fake-fetch.js";
import { ManualClock } from "./helpers/manual-clock.js";

const ID = "ocid1.computecontainerinstance.oc1.iad.aaaa";

function breaker() {
  const clock = new ManualClock();
  const changes: [CircuitState, CircuitState][] = [];
  const b = new CircuitBreaker(DEFAULT_CIRCUIT_BREAKER_STRATEGY, clock, (s, p) => changes.push([s, p]));
  return { b, clock, changes };
}

function run(b: CircuitBreaker, outcome: "success" | "failure", times = 1) {
  for (let i = 0; i < times; i++) {
    expect(b.acquire()).toBe(true);
    b.record(outcome);
  }
}

describe("CircuitBreaker state machine", () => {
  it("has the documented defaults", () => {
    expect(DEFAULT_CIRCUIT_BREAKER_STRATEGY).toEqual({
      failureRateThreshold: 80,
      minimumRequests: 10,
      rollingWindowMs: 120_000,
      resetTimeoutMs: 30_000,
    });
  });

  it("stays closed below the minimum number of requests, even at 100 % failures", () => {
    const { b, changes } = breaker();
    run(b, "failure", 9);
    expect(b.state).toBe("closed");
    expect(changes).toEqual([]);
    run(b, "failure");
    expect(b.state).toBe("open");
    expect(changes).toEqual([["open", "closed"]]);
  });

  it("opens at 80 % failures, not below", () => {
    const { b } = breaker();
    run(b, "success", 3);
    run(b, "failure", 9); // 9/12 = 75 %
    expect(b.state).toBe("closed");
    run(b, "failure"); // 10/13 = 76.9 %
    expect(b.state).toBe("closed");
    run(b, "failure", 2); // 12/15 = 80 %
    expect(b.state).toBe("open");
  });

  it("forgets outcomes older than the rolling window", () => {
    const { b, clock } = breaker();
    run(b, "failure", 9);
    clock.advance(120_000);
    run(b, "failure");
    expect(b.state).toBe("closed");
  });

  it("open → rejects; after 30 s half-open with exactly one trial; success closes", () => {
    const { b, clock, changes } = breaker();
    run(b, "failure", 10);
    expect(b.acquire()).toBe(false);
    clock.advance(29_999);
    expect(b.acquire()).toBe(false);
    clock.advance(1);
    expect(b.acquire()).toBe(true);
    expect(b.state).toBe("half-open");
    expect(b.acquire()).toBe(false); // only one trial at a time
    b.record("success");
    expect(b.state).toBe("closed");
    expect(changes).toEqual([
      ["open", "closed"],
      ["half-open", "open"],
      ["closed", "half-open"],
    ]);
    run(b, "failure", 9); // the window restarted empty
    expect(b.state).toBe("closed");
  });

  it("a failed trial re-opens for another reset timeout; an ignored one frees the slot", () => {
    const { b, clock, changes } = breaker();
    run(b, "failure", 10);
    clock.advance(30_000);
    expect(b.acquire()).toBe(true);
    b.record("ignored");
    expect(b.state).toBe("half-open");
    expect(b.acquire()).toBe(true);
    b.record("failure");
    expect(b.state).toBe("open");
    clock.advance(29_000);
    expect(b.acquire()).toBe(false);
    expect(changes.map(([s]) => s)).toEqual(["open", "half-open", "open"]);
  });
});

describe("circuit breaker in the client", () => {
  it("counts retryable failures, then fails fast with CircuitOpenError without sending", async () => {
    const fake = new FakeFetch(ociError(503, "ServiceUnavailable"));
    const clock = new ManualClock();
    const states: CircuitState[] = [];
    const { client } = fakeClient(fake, {
      clock,
      retryStrategy: NO_RETRY,
      circuitBreakerStrategy: DEFAULT_CIRCUIT_BREAKER_STRATEGY,
      circuitBreakerCallback: (state) => states.push(state),
    });
    for (let i = 0; i < 10; i++) await expect(client.getContainerInstance(ID)).rejects.toBeInstanceOf(ServiceError);
    expect(states).toEqual(["open"]);
    const error = await client.getContainerInstance(ID).catch((e) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error.endpoint).toBe(`GET http://caisson.test:8080/20210415/containerInstances/${ID}`);
    expect(fake.calls).toHaveLength(10);
  });

  it("does not count 4xx answers as failures", async () => {
    const fake = new FakeFetch(ociError(404, "NotAuthorizedOrNotFound"));
    const { client } = fakeClient(fake, {
      retryStrategy: NO_RETRY,
      circuitBreakerStrategy: DEFAULT_CIRCUIT_BREAKER_STRATEGY,
    });
    for (let i = 0; i < 20; i++) await expect(client.getContainerInstance(ID)).rejects.toMatchObject({ status: 404 });
    expect(client.circuitBreaker?.state).toBe("closed");
  });

  it("half-open trial through the client closes the breaker again", async () => {
    let healthy = false;
    const fake = new FakeFetch(() =>
      healthy ? json(200, { id: ID, lifecycleState: "ACTIVE" }) : ociError(500, "InternalServerError"),
    );
    const clock = new ManualClock();
    const states: CircuitState[] = [];
    const { client } = fakeClient(fake, {
      clock,
      retryStrategy: NO_RETRY,
      circuitBreakerStrategy: DEFAULT_CIRCUIT_BREAKER_STRATEGY,
      circuitBreakerCallback: (state) => states.push(state),
    });
    for (let i = 0; i < 10; i++) await client.getContainerInstance(ID).catch(() => undefined);
    await expect(client.getContainerInstance(ID)).rejects.toBeInstanceOf(CircuitOpenError);
    clock.advance(30_000);
    healthy = true;
    await expect(client.getContainerInstance(ID)).resolves.toMatchObject({ status: 200 });
    expect(states).toEqual(["open", "half-open", "closed"]);
    expect(fake.calls).toHaveLength(11);
  });

  it("circuitBreakerStrategy: null disables it", async () => {
    const fake = new FakeFetch(ociError(503, "ServiceUnavailable"));
    const { client } = fakeClient(fake, { retryStrategy: NO_RETRY, circuitBreakerStrategy: null });
    for (let i = 0; i < 15; i++) await expect(client.getContainerInstance(ID)).rejects.toBeInstanceOf(ServiceError);
    expect(client.circuitBreaker).toBeNull();
    expect(fake.calls).toHaveLength(15);
  });
});
