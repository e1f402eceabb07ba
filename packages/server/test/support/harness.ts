import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { type AppDeps, buildApp } from "../../src/app.js";
import { type ApiKey, generateApiKey } from "../../src/auth/api-key.js";
import { type BootstrapResult, bootstrapTenancy } from "../../src/bootstrap.js";
import { type Clock, systemClock } from "../../src/clock.js";
import type { RuntimeDriver } from "../../src/runtime/driver.js";
import { EmulatedDriver } from "../../src/runtime/emulated.js";
import { openSqlite } from "../../src/store/database.js";
import { createStore, type Store } from "../../src/store/store.js";
import { WorkEngine } from "../../src/work/engine.js";
import { type Caller, type SignedCall, signedInject } from "./signed-inject.js";

export const REGION = "us-ashburn-1";

export interface Harness {
  app: FastifyInstance;
  store: Store;
  engine: WorkEngine;
  runtime: RuntimeDriver;
  boot: BootstrapResult;
  caller: Caller;
  /** A signed request as the bootstrap user. */
  call(call: SignedCall, as?: Caller): Promise<LightMyRequestResponse>;
  /** A minimal valid CreateContainerInstanceDetails for the bootstrap tenancy. */
  createDetails(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** The tenancy's first availability domain. */
  ad: string;
  close(): Promise<void>;
}

let apiKey: Promise<ApiKey> | undefined;
/** RSA key generation dominates a harness start; one key per test process serves every harness in it. */
const sharedApiKey = (): Promise<ApiKey> => {
  apiKey ??= generateApiKey();
  return apiKey;
};

/** An in-memory Caisson with a bootstrapped tenancy; work runs only when the test calls `engine.drain()`. */
export async function startHarness(
  options: {
    clock?: Clock;
    runtime?: RuntimeDriver;
    deletedRetentionMs?: number;
    store?: Store;
    allowedRegistries?: string[];
    log?: (line: string) => void;
    /** HTTP settings passed on to buildApp (rate limit, logger, metrics, limits). */
    http?: Pick<
      AppDeps,
      "rateLimit" | "logger" | "metrics" | "limits" | "bodyLimitBytes" | "maxStreamsPerTenancy" | "streamKeepAliveMs"
    >;
  } = {},
): Promise<Harness> {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? createStore(await openSqlite(":memory:"));
  const runtime = options.runtime ?? new EmulatedDriver({ clock });
  const boot = await bootstrapTenancy(store, { region: REGION, now: clock.now(), apiKey: await sharedApiKey() });
  const engine = new WorkEngine({ store, runtime, clock, deletedRetentionMs: options.deletedRetentionMs ?? 3_600_000 });
  const app = buildApp({
    store,
    clock,
    runtime,
    region: REGION,
    ...(options.deletedRetentionMs !== undefined && { deletedRetentionMs: options.deletedRetentionMs }),
    ...(options.allowedRegistries && { allowedRegistries: options.allowedRegistries }),
    ...(options.log && { log: options.log }),
    ...options.http,
  });
  const caller: Caller = {
    tenancyId: boot.tenancyId,
    userId: boot.userId,
    fingerprint: boot.apiKey.fingerprint,
    privateKeyPem: boot.apiKey.privateKeyPem,
  };
  const ads = await signedInject(
    app,
    caller,
    { method: "GET", path: `/20160918/availabilityDomains?compartmentId=${boot.tenancyId}` },
    clock.now(),
  );
  const ad =
    ads.statusCode === 200
      ? (ads.json() as Array<{ name: string }>)[0]!.name
      : (await import("../../src/identity/availability-domains.js")).availabilityDomains(boot.tenancyId, REGION)[0]!;
  return {
    app,
    store,
    engine,
    runtime,
    boot,
    caller,
    ad,
    call: (call, as = caller) => signedInject(app, as, call, clock.now()),
    createDetails: (overrides = {}) => ({
      compartmentId: boot.compartmentId,
      availabilityDomain: ad,
      shape: "CI.Standard.E4.Flex",
      shapeConfig: { ocpus: 1, memoryInGBs: 4 },
      containers: [{ imageUrl: "busybox", displayName: "app" }],
      vnics: [{ subnetId: boot.subnetId }],
      ...overrides,
    }),
    close: async () => {
      await engine.stop();
      await app.close();
      await store.close();
    },
  };
}
