import type { RetryStrategy } from "../retry/strategy.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** The global `fetch` signature the SDK needs; injectable for tests and custom transports. */
export type FetchLike = (url: string, init: RequestInit) => Promise<globalThis.Response>;

/** What every operation returns: the parsed body plus the OCI headers lifted into typed fields. */
export interface Response<T> {
  status: number;
  headers: Headers;
  data: T;
  /** The request as finally sent (last attempt), with its signed headers. */
  request: { method: HttpMethod; url: string; headers: Headers };
  /** `opc-request-id` of the response (the service's id for this call). */
  requestId: string | undefined;
  etag: string | undefined;
  /** `opc-work-request-id`: the work request tracking an asynchronous operation. */
  workRequestId: string | undefined;
  /** `opc-next-page`: pass as `page` to get the next page; absent on the last page. */
  nextPage: string | undefined;
  /** `retry-after` in seconds (GetWorkRequest). */
  retryAfter: number | undefined;
  /** Attempts made, 1 when the first one succeeded. */
  attempts: number;
}

/** Options every operation accepts. */
export interface CallOptions {
  /** Your id for the call; generated otherwise. Reused on every retry of the call. */
  opcRequestId?: string;
  /** Overrides the client's retry strategy for this call. */
  retryStrategy?: RetryStrategy;
  /** Overrides the client's `allowControlChars` for this call. */
  allowControlChars?: boolean;
  /** Cancels the call, including any back-off sleep between retries. */
  signal?: AbortSignal;
}

export type QueryValue = string | number | boolean | undefined | null;

/** One operation invocation, as handed from the client methods to the pipeline. */
export interface OperationRequest {
  /** lowerCamelCase operation name, used in errors (`getContainerInstance`). */
  operationName: string;
  method: HttpMethod;
  /** Path under the versioned base URL, ids already encoded. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string | undefined>;
  body?: unknown;
  /**
   * `json`: parse the body; `optional-json`: parse it when there is one (an empty body gives `undefined`);
   * `none`: discard it; `stream`: hand the body stream to the caller.
   */
  responseKind: "json" | "optional-json" | "none" | "stream";
  /** Adds an `opc-retry-token` (unless given in `headers`) that is reused on every retry. */
  retryToken?: boolean;
  options: CallOptions;
}
