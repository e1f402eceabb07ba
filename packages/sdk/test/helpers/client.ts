import { type ClientOptions, ContainerInstanceClient } from "../../src/client.js";
import { ExponentialRetryStrategy } from "../../src/retry/strategy.js";
import type { FakeFetch } from "./fake-fetch.js";
import { testConfig } from "./keys.js";
import { ManualClock } from "./manual-clock.js";

export const ENDPOINT = "http://caisson.test:8080";
export const BASE = `${ENDPOINT}/20210415`;

/** A client over a fake fetch and a manual clock; no breaker and zero jitter unless the test asks. */
export function fakeClient(fake: FakeFetch, options: ClientOptions = {}) {
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock();
  const client = new ContainerInstanceClient(testConfig(), {
    serviceEndpoint: ENDPOINT,
    fetch: fake.fetch,
    circuitBreakerStrategy: null,
    retryStrategy: new ExponentialRetryStrategy({ random: () => 0 }),
    ...options,
    clock,
  });
  return { client, clock };
}
