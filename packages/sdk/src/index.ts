export {
  ApiKeySigner,
  type ApiKeySignerOptions,
  EMPTY_BODY_SHA256,
  type RequestSigner,
  type SignableRequest,
} from "./auth/signer.js";
export type { CaissonEvent, EventsOptions } from "./caisson/events.js";
export type { FollowLogsOptions } from "./caisson/follow-logs.js";
export type { SignedRequest } from "./caisson/request.js";
export { parseServerSentEvents, type SseMessage } from "./caisson/sse.js";
export {
  CircuitBreaker,
  type CircuitBreakerCallback,
  type CircuitBreakerStrategy,
  type CircuitState,
  DEFAULT_CIRCUIT_BREAKER_STRATEGY,
  NoCircuitBreakerStrategy,
} from "./circuit-breaker/breaker.js";
export { type ClientOptions, ContainerInstanceClient } from "./client.js";
export { type Clock, systemClock } from "./clock.js";
export { DEFAULT_PROFILE, type FromFileOptions, fromFile, parseConfigFile } from "./config/config-file.js";
export { apiBaseUrl, endpointForRegion, resolveRegionId, SERVICE_ENDPOINT_TEMPLATE } from "./config/endpoint.js";
export { REALMS, REGIONS } from "./config/regions.js";
export type { OciConfig } from "./config/types.js";
export { validateConfig } from "./config/validate.js";
export {
  CircuitOpenError,
  type ConfigProblem,
  InvalidArgumentError,
  InvalidConfigError,
  InvalidResponseError,
  NetworkError,
  SdkError,
  ServiceError,
  TimeoutError,
  WaiterFailedError,
  WaiterTimeoutError,
} from "./errors.js";
export type { ExecOptions } from "./exec/open.js";
export { ExecEndedError, type ExecInput, type ExecOutput, ExecSession } from "./exec/session.js";
export type { CallOptions, FetchLike, HttpMethod, Response } from "./http/types.js";
export { readLogsAsText } from "./logs.js";
export type * from "./models.js";
export type * from "./operations/options.js";
export { type PageFetcher, paginateRecords, paginateResponses } from "./paginators/paginate.js";
export {
  DEFAULT_RETRY_STRATEGY,
  type ExponentialRetryOptions,
  ExponentialRetryStrategy,
  isRetryableError,
  NO_RETRY,
  NoneRetryStrategy,
  type RetryStrategy,
} from "./retry/strategy.js";
export { SDK_VERSION } from "./version.js";
export type { CompositeOptions, CompositeResult } from "./waiters/composite.js";
export type { WaiterOptions } from "./waiters/poll.js";
