import { InvalidArgumentError } from "../errors.js";
import type { Pipeline } from "../http/pipeline.js";
import type { CallOptions, HttpMethod, QueryValue, Response } from "../http/types.js";

/** One call to a path the 18 Container Instances operations do not cover, e.g. Caisson's `/_caisson/…` API. */
export interface SignedRequest extends CallOptions {
  method: HttpMethod;
  /**
   * The path from the server's root, without a query: `/_caisson/limits`, `/20160918/subnets`. Ids in it must
   * already be encoded (`encodeURIComponent`).
   */
  path: string;
  /** Encoded like the operations' queries; `undefined`, `null` and `""` values are left out. */
  query?: Record<string, QueryValue>;
  /** Sent as compact JSON. */
  body?: unknown;
  /** Extra request headers (`if-match`, …); empty values are left out. */
  headers?: Record<string, string | undefined>;
  /** Names the call in errors (`ServiceError.operationName`). Default `"request"`. */
  operationName?: string;
  /** Adds an `opc-retry-token` reused on every retry, for a create the server deduplicates by that token. */
  retryToken?: boolean;
}

/**
 * Sends `request` through `pipeline` (rooted at the server, not at `/20210415`): the same signature, user agent,
 * retry strategy, circuit breaker, timeouts and errors as every operation. The body is parsed as JSON when there
 * is one; an empty answer (a 204) gives `data: undefined`. Async so that a refused path rejects, like an operation's
 * empty id, rather than throwing.
 */
export async function sendSignedRequest<T>(pipeline: Pipeline, request: SignedRequest): Promise<Response<T>> {
  const { method, path, query, body, headers, operationName, retryToken, ...options } = request;
  // The URL is the server's origin followed by `path`: anything but one leading slash could point it elsewhere.
  if (typeof path !== "string" || !/^\/(?!\/)[^?#\\]*$/.test(path)) {
    throw new InvalidArgumentError(`path must start with a single "/" and hold no "?", "#" or "\\", got "${path}"`);
  }
  return pipeline.send<T>({
    operationName: operationName ?? "request",
    method,
    path,
    query,
    headers,
    body,
    responseKind: "optional-json",
    retryToken,
    options,
  });
}
