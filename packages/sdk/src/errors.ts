import { SDK_VERSION, TARGET_SERVICE } from "./version.js";

/**
 * Base of every error the SDK throws on purpose. `isClientError` says whether the caller (or the caller's
 * machine) is at fault rather than the service; `isRetryable` whether the default retry strategy retries it.
 */
export abstract class SdkError extends Error {
  abstract readonly isClientError: boolean;
  abstract readonly isRetryable: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface ServiceErrorInit {
  status: number;
  code: string;
  message: string;
  opcRequestId: string | undefined;
  operationName: string;
  endpoint: string;
  timestamp: string;
  attempts: number;
}

/** Status codes the OCI SDKs treat as transient service faults (oci-common `DefaultRetryCondition`). */
const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);

/** A non-2xx answer from the service, carrying the OCI error body `{code, message}` (reference D.1). */
export class ServiceError extends SdkError {
  readonly status: number;
  /** OCI error code, e.g. `NotAuthorizedOrNotFound`; `"None"` when the body was not an OCI error object. */
  readonly code: string;
  readonly opcRequestId: string | undefined;
  readonly operationName: string;
  /** `"<METHOD> <url>"` of the failed request. */
  readonly endpoint: string;
  /** ISO-8601 time at which the error was received. */
  readonly timestamp: string;
  readonly targetService = TARGET_SERVICE;
  readonly clientVersion = `Caisson-TypeScriptSDK/${SDK_VERSION}`;
  /** How many attempts the call made before giving up (1 = no retries); set by the retry loop. */
  attempts: number;

  constructor(init: ServiceErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.opcRequestId = init.opcRequestId;
    this.operationName = init.operationName;
    this.endpoint = init.endpoint;
    this.timestamp = init.timestamp;
    this.attempts = init.attempts;
  }

  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }

  get isRetryable(): boolean {
    return (
      RETRYABLE_STATUSES.has(this.status) ||
      (this.status === 409 && this.code === "IncorrectState") ||
      (this.status === 429 && this.code === "TooManyRequests")
    );
  }

  /** Same link format as oci-common's `troubleshootingTips`. */
  get troubleshootingTips(): string {
    const anchor = `apierrors_${this.status}__${this.status}_${this.code.toLowerCase()}`;
    return `https://docs.oracle.com/iaas/Content/API/References/apierrors.htm#${anchor}`;
  }
}

/** The request never got an HTTP answer: DNS, refused connection, reset, TLS failure. */
export class NetworkError extends SdkError {
  readonly isClientError = true;
  readonly isRetryable = true;
  constructor(
    message: string,
    readonly operationName: string,
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A timeout fired. `phase: "connect"` — no response headers within the connect timeout (fetch does not report
 * when the socket is connected, so this phase also covers the server's time to start answering);
 * `phase: "read"` — the body stalled for longer than the read timeout between two chunks.
 */
export class TimeoutError extends SdkError {
  readonly isClientError = true;
  readonly isRetryable = true;
  constructor(
    readonly phase: "connect" | "read",
    readonly timeoutMs: number,
    readonly operationName: string,
    readonly endpoint: string,
  ) {
    super(`${phase} timeout after ${timeoutMs} ms: ${endpoint}`);
  }
}

/**
 * The circuit breaker is open, so the request was not sent. Retryable, like oci-common's `EOPENBREAKER`: a
 * later attempt may find the breaker half-open.
 */
export class CircuitOpenError extends SdkError {
  readonly isClientError = true;
  readonly isRetryable = true;
  constructor(
    readonly operationName: string,
    readonly endpoint: string,
  ) {
    super(`Circuit breaker is open; request not sent: ${endpoint}`);
  }
}

/** A 2xx answer whose body the SDK refuses: invalid JSON, or control characters without `allowControlChars`. */
export class InvalidResponseError extends SdkError {
  readonly isClientError = false;
  readonly isRetryable = false;
  constructor(
    message: string,
    readonly operationName: string,
    readonly endpoint: string,
    readonly opcRequestId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ConfigProblem {
  key: string;
  problem: string;
}

/** The configuration is unusable; `problems` names every missing or malformed key, not just the first. */
export class InvalidConfigError extends SdkError {
  readonly isClientError = true;
  readonly isRetryable = false;
  constructor(
    readonly problems: ConfigProblem[],
    context?: string,
  ) {
    const list = problems.map((p) => `${p.key}: ${p.problem}`).join("; ");
    super(context ? `${context}: ${list}` : `Invalid OCI configuration: ${list}`);
  }
}

/** A waiter reached its maximum wait before the resource reached a target state. */
export class WaiterTimeoutError extends SdkError {
  readonly isClientError = true;
  readonly isRetryable = false;
  constructor(
    readonly resourceId: string,
    readonly waitedMs: number,
    readonly lastState: string | undefined,
  ) {
    super(`Gave up waiting for ${resourceId} after ${waitedMs} ms; last state ${lastState ?? "unknown"}`);
  }
}

/** A waiter saw a terminal state (FAILED, or a finished work request) that is not among its targets. */
export class WaiterFailedError extends SdkError {
  readonly isClientError = false;
  readonly isRetryable = false;
  constructor(
    readonly resourceId: string,
    readonly state: string,
    readonly details: string[] = [],
  ) {
    const suffix = details.length > 0 ? `: ${details.join("; ")}` : "";
    super(`${resourceId} reached ${state}, which is not a target state${suffix}`);
  }
}

/** A method was called with an unusable argument (e.g. an empty id), detected before anything was sent. */
export class InvalidArgumentError extends SdkError {
  readonly isClientError = true;
  readonly isRetryable = false;
}
