import { generateKeyPairSync } from "node:crypto";
import * as common from "oci-common";
import * as ci from "oci-containerinstances";
import { Registry } from "prom-client";
import { afterEach, describe, expect, test } from "vitest";
import type { RateLimit } from "../../src/http/rate-limiter.js";
import { expectError, V } from "../operations/helpers.js";
import { type Harness, startHarness } from "../support/harness.js";
import { ManualClock } from "../support/manual-clock.js";
import { listenForOfficialClients } from "../support/official-clients.js";
import { secondTenancy } from "../support/second-tenancy.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The harness signs one request of its own while starting; a minute later every bucket is full again. */
async function harnessWithFullBuckets(clock: ManualClock, rateLimit: RateLimit, refusalDelayMs = 0) {
  const harness = await startHarness({ clock, http: { rateLimit, limits: { refusalDelayMs } } });
  clock.advance(60_000);
  return harness;
}

const get = (harness: Harness, as?: Parameters<Harness["call"]>[1]) =>
  harness.call({ method: "GET", path: `${V}/containerInstances?compartmentId=${harness.boot.compartmentId}` }, as);

describe("the per-user rate limit", () => {
  test("past the burst a user gets 429 TooManyRequests with retry-after, and is served again once it refills", async () => {
    const clock = new ManualClock();
    h = await harnessWithFullBuckets(clock, { perSecond: 2, burst: 3 });
    for (let i = 0; i < 3; i++) expect((await get(h)).statusCode).toBe(200);
    const refused = await get(h);
    const error = expectError(refused, 429, "TooManyRequests");
    expect(error.message).toMatch(/retry after 1 second/);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(refused.headers["opc-request-id"]).toBeTruthy();

    clock.advance(499);
    expectError(await get(h), 429, "TooManyRequests");
    clock.advance(1);
    expect((await get(h)).statusCode).toBe(200);
  });

  test("retry-after says how long the bucket takes to refill one request", async () => {
    const clock = new ManualClock();
    h = await harnessWithFullBuckets(clock, { perSecond: 0.25, burst: 1 });
    expect((await get(h)).statusCode).toBe(200);
    expect((await get(h)).headers["retry-after"]).toBe("4");
  });

  test("users are limited separately: one user's flood leaves another's requests alone", async () => {
    const clock = new ManualClock();
    h = await harnessWithFullBuckets(clock, { perSecond: 1, burst: 2 });
    const other = await secondTenancy(h);
    for (let i = 0; i < 10; i++) await get(h);
    expectError(await get(h), 429, "TooManyRequests");
    const neighbour = await h.call(
      { method: "GET", path: `${V}/containerInstances?compartmentId=${other.tenancyId}` },
      other,
    );
    expect(neighbour.statusCode).toBe(200);
  });

  test("unauthenticated requests never spend a user's requests", async () => {
    const clock = new ManualClock();
    h = await harnessWithFullBuckets(clock, { perSecond: 1, burst: 1 });
    for (let i = 0; i < 5; i++) {
      const unsigned = await h.app.inject({ method: "GET", url: `${V}/containerInstances?compartmentId=x` });
      expect(unsigned.statusCode).toBe(401);
    }
    expect((await get(h)).statusCode).toBe(200);
  });

  test("a spent user is refused 429 before the signature is checked; a forged signature never spends a request", async () => {
    const clock = new ManualClock();
    h = await harnessWithFullBuckets(clock, { perSecond: 1, burst: 1 });
    // Signed with another key under the user's key id: the signature can never match.
    const forger = {
      ...h.caller,
      privateKeyPem: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
        type: "pkcs8",
        format: "pem",
      }) as string,
    };
    for (let i = 0; i < 5; i++) expectError(await get(h, forger), 401, "NotAuthenticated");
    expect((await get(h)).statusCode).toBe(200); // the forgeries left the one request of the burst alone
    // Now the bucket is empty: the refusal comes first, without RSA work, for forged and genuine requests alike.
    expectError(await get(h, forger), 429, "TooManyRequests");
    expectError(await get(h), 429, "TooManyRequests");
    // A key id the store does not know is still 401: the early refusal needs a registered key.
    expectError(
      await get(h, { ...forger, fingerprint: "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff" }),
      401,
      "NotAuthenticated",
    );
    clock.advance(1_000);
    expect((await get(h)).statusCode).toBe(200);
  });

  test("a refusal is held for refusalDelayMs before it is sent, so a flood gets one answer per connection per delay", async () => {
    const clock = new ManualClock();
    h = await harnessWithFullBuckets(clock, { perSecond: 1, burst: 1 }, 250);
    expect((await get(h)).statusCode).toBe(200);
    let answered: Awaited<ReturnType<typeof get>> | undefined;
    const refusal = get(h).then((answer) => {
      answered = answer;
      return answer;
    });
    // Whatever the event loop does meanwhile, the answer waits for the clock.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBeUndefined();
    clock.advance(249);
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBeUndefined();
    clock.advance(1);
    const error = expectError(await refusal, 429, "TooManyRequests");
    expect(error.message).toMatch(/retry after/);
    expect((await refusal).headers["retry-after"]).toBe("1");
    // An answer the user may have is never held.
    clock.advance(1_000);
    expect((await get(h)).statusCode).toBe(200);
  });

  test("without a rate limit nothing is refused", async () => {
    h = await startHarness({ clock: new ManualClock() });
    for (let i = 0; i < 50; i++) expect((await get(h)).statusCode).toBe(200);
  });
});

describe("the official TypeScript SDK against the rate limit", () => {
  test("with retries off, it reports 429 TooManyRequests as a ServiceError", async () => {
    // The server's clock stands still (at the real time, which the SDK signs with): the bucket never refills.
    h = await startHarness({ clock: new ManualClock(Date.now()), http: { rateLimit: { perSecond: 1, burst: 2 } } });
    const official = await listenForOfficialClients(h);
    const client = new ci.ContainerInstanceClient(
      { authenticationDetailsProvider: official.authenticationDetailsProvider },
      official.clientConfiguration,
    );
    client.endpoint = official.endpoint;
    const request = { compartmentId: h.boot.compartmentId };
    await client.listContainerInstances(request); // the harness took the other request of the burst
    const error = await client.listContainerInstances(request).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(common.OciError);
    expect(error).toMatchObject({ statusCode: 429, serviceCode: "TooManyRequests" });
    expect((error as common.OciError).opcRequestId).toBeTruthy();
  });

  test("with a retry policy, it backs off on 429 and succeeds once the bucket has refilled", async () => {
    const registry = new Registry();
    const clock = new ManualClock(Date.now());
    h = await startHarness({ clock, http: { rateLimit: { perSecond: 1, burst: 2 }, metrics: { registry } } });
    const official = await listenForOfficialClients(h);
    const attempts: number[] = [];
    const client = new ci.ContainerInstanceClient(
      { authenticationDetailsProvider: official.authenticationDetailsProvider },
      {
        retryConfiguration: {
          terminationStrategy: new common.MaxAttemptsTerminationStrategy(3),
          // The SDK's back-off is what moves the server's (manual) clock: a second per retry.
          delayStrategy: {
            delay: (context: { attemptCount: number }) => {
              attempts.push(context.attemptCount);
              clock.advance(1_000);
              return 0.01;
            },
          },
          retryCondition: common.OciSdkDefaultRetryConfiguration.retryCondition,
        },
      },
    );
    client.endpoint = official.endpoint;
    const request = { compartmentId: h.boot.compartmentId };
    await client.listContainerInstances(request); // the harness took the other request of the burst
    const second = await client.listContainerInstances(request);
    expect(second.containerInstanceCollection.items).toEqual([]);
    expect(attempts).toHaveLength(1); // one 429, one back-off, then the answer
    const text = await registry.metrics();
    expect(text).toMatch(/caisson_http_requests_total\{operation="ListContainerInstances",status="429"\} 1\n/);
    expect(text).toMatch(/caisson_http_requests_total\{operation="ListContainerInstances",status="200"\} 2\n/);
  });
});
