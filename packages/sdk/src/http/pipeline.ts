import type { RequestSigner } from "../auth/signer.js";
import type { CircuitBreaker } from "../circuit-breaker/breaker.js";
import type { Clock } from "../clock.js";
import { CircuitOpenError, NetworkError, ServiceError, TimeoutError } from "../errors.js";
import type { RetryStrategy } from "../retry/strategy.js";
import { ociHeaders, parseJson, type ResponseContext, toServiceError } from "./deserialize.js";
import { buildUrl, newRequestId, newRetryToken, serializeBody } from "./serialize.js";
import { Attempt, type Timeouts } from "./transport.js";
import type { FetchLike, HttpMethod, OperationRequest, Response } from "./types.js";

export interface PipelineConfig {
  /** Service endpoint including `/20210415`. */
  baseUrl: string;
  signer: RequestSigner;
  retryStrategy: RetryStrategy;
  breaker: CircuitBreaker | null;
  clock: Clock;
  fetch: FetchLike;
  timeouts: Timeouts;
  allowControlChars: boolean;
  userAgent: string;
}

/**
 * The request pipeline, in the order it runs:
 *   serialize (URL, body, ids — once per call)
 *   → retry loop, per attempt: stamp x-date → sign → circuit breaker → fetch (timeouts) → deserialize
 * Signing happens inside the loop because OCI signatures cover `x-date` and must be fresh on every attempt;
 * `opc-request-id` and `opc-retry-token` are fixed before the loop so every attempt carries the same ones.
 */
export class Pipeline {
  constructor(readonly config: PipelineConfig) {}

  async send<T>(op: OperationRequest): Promise<Response<T>> {
    const url = buildUrl(this.config.baseUrl, op.path, op.query);
    const body = serializeBody(op.body);
    const strategy = op.options.retryStrategy ?? this.config.retryStrategy;
    const headers = this.#headers(op, body, strategy.maxAttempts);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt<T>(op, url, body, new Headers(headers), attempt);
      } catch (error) {
        if (error instanceof ServiceError) error.attempts = attempt;
        // The caller's abort wins over whatever the interrupted attempt produced.
        if (op.options.signal?.aborted) throw op.options.signal.reason;
        if (!strategy.shouldRetry(attempt, error)) throw error;
        await this.config.clock.sleep(strategy.delayMs(attempt), op.options.signal);
      }
    }
  }

  #headers(op: OperationRequest, body: string | undefined, maxAttempts: number): Headers {
    const headers = this.baseHeaders(op.options.opcRequestId);
    for (const [name, value] of Object.entries(op.headers ?? {})) {
      if (value !== undefined && value !== "") headers.set(name, value);
    }
    if (op.retryToken && !headers.has("opc-retry-token")) headers.set("opc-retry-token", newRetryToken());
    if (maxAttempts > 1) headers.set("opc-client-retries", "true");
    if (op.method === "POST" || op.method === "PUT") {
      headers.set("content-length", String(Buffer.byteLength(body ?? "", "utf8")));
    }
    return headers;
  }

  /** What every request carries, whichever way it is sent (fetch here, an upgraded connection for exec). */
  baseHeaders(opcRequestId?: string): Headers {
    return new Headers({
      "content-type": "application/json",
      "user-agent": this.config.userAgent,
      "opc-request-id": opcRequestId ?? newRequestId(),
    });
  }

  /** Stamps `x-date` from the client's clock and signs; once per attempt, since the signature covers the date. */
  async sign(method: HttpMethod, url: string, headers: Headers, body: string | undefined): Promise<void> {
    headers.set("x-date", new Date(this.config.clock.now()).toUTCString());
    await this.config.signer.sign({ method, url, headers, body });
  }

  async #attempt<T>(
    op: OperationRequest,
    url: string,
    body: string | undefined,
    headers: Headers,
    attempt: number,
  ): Promise<Response<T>> {
    const { clock, breaker } = this.config;
    await this.sign(op.method, url, headers, body);
    const endpoint = `${op.method} ${url}`;
    if (breaker && !breaker.acquire()) throw new CircuitOpenError(op.operationName, endpoint);

    const transport = new Attempt(clock, this.config.timeouts, op.operationName, endpoint, op.options.signal);
    const ctx: ResponseContext = { operationName: op.operationName, endpoint, timestamp: "" };
    let outcome: "success" | "failure" | "ignored" = "ignored";
    try {
      const res = await transport.fetch(this.config.fetch, url, { method: op.method, headers, body });
      ctx.timestamp = new Date(clock.now()).toISOString();
      if (res.status < 200 || res.status > 299) {
        const text = new TextDecoder().decode(await transport.readAll(res));
        const error = toServiceError(res, text, ctx);
        outcome = error.isRetryable ? "failure" : "success";
        throw error;
      }
      outcome = "success";
      const lifted = ociHeaders(res.headers);
      let data: unknown;
      if (op.responseKind === "stream") {
        data = transport.stream(res);
      } else {
        const text = new TextDecoder().decode(await transport.readAll(res));
        const allow = op.options.allowControlChars ?? this.config.allowControlChars;
        const parse = op.responseKind === "json" || (op.responseKind === "optional-json" && text !== "");
        data = parse ? parseJson(text, allow, ctx, lifted.requestId) : undefined;
      }
      return {
        status: res.status,
        headers: res.headers,
        data: data as T,
        request: { method: op.method, url, headers },
        ...lifted,
        attempts: attempt,
      };
    } catch (error) {
      if (error instanceof NetworkError || error instanceof TimeoutError) outcome = "failure";
      throw error;
    } finally {
      breaker?.record(outcome);
    }
  }
}
