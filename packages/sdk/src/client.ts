import { signerFromConfig } from "./auth/from-config.js";
import type { RequestSigner } from "./auth/signer.js";
import { type CaissonEvent, type EventsOptions, streamEvents } from "./caisson/events.js";
import { type FollowLogsOptions, streamLogs } from "./caisson/follow-logs.js";
import { type SignedRequest, sendSignedRequest } from "./caisson/request.js";
import {
  CircuitBreaker,
  type CircuitBreakerCallback,
  type CircuitBreakerStrategy,
  DEFAULT_CIRCUIT_BREAKER_STRATEGY,
} from "./circuit-breaker/breaker.js";
import { type Clock, systemClock } from "./clock.js";
import { apiBaseUrl, endpointForRegion } from "./config/endpoint.js";
import type { OciConfig } from "./config/types.js";
import { validateConfig } from "./config/validate.js";
import { InvalidConfigError } from "./errors.js";
import { type ExecOptions, openExec } from "./exec/open.js";
import type { ExecSession } from "./exec/session.js";
import { Pipeline } from "./http/pipeline.js";
import { resolveTimeouts } from "./http/transport.js";
import type { FetchLike, Response } from "./http/types.js";
import { readLogsAsText } from "./logs.js";
import type {
  ChangeContainerInstanceCompartmentDetails,
  CreateContainerInstanceDetails,
  OperationStatus,
  UpdateContainerDetails,
  UpdateContainerInstanceDetails,
} from "./models.js";
import { ContainerInstanceOperations } from "./operations/operations.js";
import type { CreateContainerInstanceOptions, IfMatchOptions, RetrieveLogsOptions } from "./operations/options.js";
import { ContainerInstancePaginators } from "./paginators/paginators.js";
import { DEFAULT_RETRY_STRATEGY, type RetryStrategy } from "./retry/strategy.js";
import { userAgent } from "./version.js";
import { CompositeOperations, type CompositeOptions } from "./waiters/composite.js";
import { ContainerInstanceWaiters } from "./waiters/waiters.js";

export interface ClientOptions {
  /** e.g. `http://127.0.0.1:8080`; `/20210415` is appended. Default: derived from `config.region`. */
  serviceEndpoint?: string;
  /** Seconds: one number for both, or `[connect, read]`. Default `[10, 60]`. */
  timeout?: number | readonly [number, number];
  /** Default: an API-key signer built from `config`. */
  signer?: RequestSigner;
  /** Default `DEFAULT_RETRY_STRATEGY` (8 attempts), as the OCI TypeScript SDK; `NO_RETRY` to disable. */
  retryStrategy?: RetryStrategy;
  /** Default `DEFAULT_CIRCUIT_BREAKER_STRATEGY`; `null` (or `NoCircuitBreakerStrategy`) disables the breaker. */
  circuitBreakerStrategy?: CircuitBreakerStrategy | null;
  /** Called with the new and previous state on every circuit breaker state change. */
  circuitBreakerCallback?: CircuitBreakerCallback;
  /**
   * Accepted for parity with the OCI SDKs. Container Instances defines no realm-specific endpoint templates, so
   * this changes nothing (the OCI SDKs behave the same way for this service).
   */
  clientLevelRealmSpecificEndpointTemplateEnabled?: boolean;
  /** Accept control characters in JSON responses. Default false. */
  allowControlChars?: boolean;
  /** Time source for retries, waiters, the breaker and timeouts. Default: the system clock. */
  clock?: Clock;
  /** Transport. Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Environment for `OCI_DEFAULT_REALM` and `OCI_SDK_APPEND_USER_AGENT`. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Client for OCI Container Instances API 20210415: the 18 operations (inherited), waiters, paginators and the
 * `…AndWaitForState` composite operations.
 */
export class ContainerInstanceClient extends ContainerInstanceOperations {
  /** API base URL, including `/20210415`. */
  readonly endpoint: string;
  readonly waiters: ContainerInstanceWaiters;
  readonly paginate: ContainerInstancePaginators;
  /** `null` when disabled. */
  readonly circuitBreaker: CircuitBreaker | null;
  readonly clientLevelRealmSpecificEndpointTemplateEnabled: boolean | undefined;
  readonly #composite: CompositeOperations;
  /** Rooted at the server, beside the API version: `/_caisson` (events, exec) and whatever `request` names. */
  readonly #extensions: Pipeline;
  /** The same, without a read timeout: a followed container may stay quiet for as long as it likes. */
  readonly #quietExtensions: Pipeline;
  readonly #clock: Clock;

  constructor(config: Partial<OciConfig>, options: ClientOptions = {}) {
    const clock = options.clock ?? systemClock;
    const env = options.env ?? process.env;
    const endpoint = apiBaseUrl(options.serviceEndpoint ?? endpointForRegion(requireRegion(config), env));
    let signer = options.signer;
    if (!signer) {
      // Only the default signer needs user, tenancy, fingerprint and key; a custom signer brings its own.
      validateConfig(config);
      signer = signerFromConfig(config, () => clock.now());
    }
    const strategy =
      options.circuitBreakerStrategy === undefined ? DEFAULT_CIRCUIT_BREAKER_STRATEGY : options.circuitBreakerStrategy;
    const breaker = strategy ? new CircuitBreaker(strategy, clock, options.circuitBreakerCallback) : null;
    const pipeline = new Pipeline({
      baseUrl: endpoint,
      signer,
      retryStrategy: options.retryStrategy ?? DEFAULT_RETRY_STRATEGY,
      breaker,
      clock,
      fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
      timeouts: resolveTimeouts(options.timeout),
      allowControlChars: options.allowControlChars ?? false,
      userAgent: userAgent(env),
    });
    super(pipeline);
    const origin = endpoint.replace(/\/20210415$/, "");
    this.#extensions = new Pipeline({ ...pipeline.config, baseUrl: origin });
    this.#quietExtensions = new Pipeline({
      ...pipeline.config,
      baseUrl: origin,
      timeouts: { ...pipeline.config.timeouts, readMs: 0 },
    });
    this.#clock = clock;
    this.endpoint = endpoint;
    this.circuitBreaker = breaker;
    this.clientLevelRealmSpecificEndpointTemplateEnabled = options.clientLevelRealmSpecificEndpointTemplateEnabled;
    this.waiters = new ContainerInstanceWaiters(this, clock);
    this.paginate = new ContainerInstancePaginators(this);
    this.#composite = new CompositeOperations(this, this.waiters);
  }

  /**
   * A signed call to any other path of the same server — Caisson's extensions under `/_caisson` (admin, limits),
   * or the Identity and Core 20160918 subset it serves — with this client's signer, user agent, retry strategy,
   * circuit breaker, timeouts and errors. Resolves with the parsed body (`undefined` when empty); a non-2xx answer
   * rejects with a `ServiceError`. `T` is what you expect the body to be; it is not checked.
   */
  request<T = unknown>(request: SignedRequest): Promise<Response<T>> {
    return sendSignedRequest<T>(this.#extensions, request);
  }

  /**
   * Caisson extension: runs a command in a running container (POST /_caisson/containers/{id}/exec). Resolves
   * once it runs; iterate the session for its output, await `exitCode`, call `resize` for a TTY.
   */
  exec(containerId: string, options: ExecOptions): Promise<ExecSession> {
    return openExec(this.#extensions, containerId, options);
  }

  /**
   * Caisson extension (not OCI): the lifecycle events of the caller's tenancy, oldest first. With `follow`, new
   * events as they happen, reconnecting with Last-Event-ID after a dropped connection, until `signal` aborts.
   */
  events(options: EventsOptions = {}): AsyncIterable<CaissonEvent> {
    return streamEvents(this.#extensions, this.#clock, options);
  }

  /**
   * Caisson extension (not OCI): a container's output as it is written, across restarts with `follow`, as raw
   * bytes. `for await (const chunk of client.followLogs(id, { follow: true, signal })) …`
   */
  followLogs(containerId: string, options: FollowLogsOptions = {}): AsyncIterable<Uint8Array> {
    return streamLogs(this.#quietExtensions, containerId, options);
  }

  /** `retrieveLogs` read to the end and decoded as UTF-8. */
  async retrieveLogsText(containerId: string, opts: RetrieveLogsOptions = {}): Promise<string> {
    return readLogsAsText(await this.retrieveLogs(containerId, opts));
  }

  createContainerInstanceAndWaitForState(
    details: CreateContainerInstanceDetails,
    workRequestStatuses: readonly OperationStatus[] = ["SUCCEEDED"],
    opts: CompositeOptions<CreateContainerInstanceOptions> = {},
  ) {
    return this.#composite.createContainerInstance(details, workRequestStatuses, opts);
  }

  /** A 404 from the DELETE itself counts as done (`response: null`). */
  deleteContainerInstanceAndWaitForState(
    containerInstanceId: string,
    workRequestStatuses: readonly OperationStatus[] = ["SUCCEEDED"],
    opts: CompositeOptions<IfMatchOptions> = {},
  ) {
    return this.#composite.deleteContainerInstance(containerInstanceId, workRequestStatuses, opts);
  }

  updateContainerInstanceAndWaitForState(
    containerInstanceId: string,
    details: UpdateContainerInstanceDetails,
    workRequestStatuses: readonly OperationStatus[] = ["SUCCEEDED"],
    opts: CompositeOptions<IfMatchOptions> = {},
  ) {
    const action = "updateContainerInstance";
    return this.#composite.instanceAction(action, containerInstanceId, details, workRequestStatuses, opts);
  }

  changeContainerInstanceCompartmentAndWaitForState(
    containerInstanceId: string,
    details: ChangeContainerInstanceCompartmentDetails,
    workRequestStatuses: readonly OperationStatus[] = ["SUCCEEDED"],
    opts: CompositeOptions<IfMatchOptions> = {},
  ) {
    const action = "changeContainerInstanceCompartment";
    return this.#composite.instanceAction(action, containerInstanceId, details, workRequestStatuses, opts);
  }

  restartContainerInstanceAndWaitForState(
    containerInstanceId: string,
    workRequestStatuses: readonly OperationStatus[] = ["SUCCEEDED"],
    opts: CompositeOptions<IfMatchOptions> = {},
  ) {
    return this.#composite.lifecycleAction("restartContainerInstance", containerInstanceId, workRequestStatuses, opts);
  }

  startContainerInstanceAndWaitForState(
    containerInstanceId: string,
    workRequestStatuses: readonly OperationStatus[] = ["SUCCEEDED"],
    opts: CompositeOptions<IfMatchOptions> = {},
  ) {
    return this.#composite.lifecycleAction("startContainerInstance", containerInstanceId, workRequestStatuses, opts);
  }

  stopContainerInstanceAndWaitForState(
    containerInstanceId: string,
    workRequestStatuses: readonly OperationStatus[] = ["SUCCEEDED"],
    opts: CompositeOptions<IfMatchOptions> = {},
  ) {
    return this.#composite.lifecycleAction("stopContainerInstance", containerInstanceId, workRequestStatuses, opts);
  }

  updateContainerAndWaitForState(
    containerId: string,
    details: UpdateContainerDetails,
    workRequestStatuses: readonly OperationStatus[] = ["SUCCEEDED"],
    opts: CompositeOptions<IfMatchOptions> = {},
  ) {
    return this.#composite.updateContainer(containerId, details, workRequestStatuses, opts);
  }
}

function requireRegion(config: Partial<OciConfig>): string {
  if (!config.region) {
    throw new InvalidConfigError([{ key: "region", problem: "missing (or pass options.serviceEndpoint)" }]);
  }
  return config.region;
}

export type { Response };
