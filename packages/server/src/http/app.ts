import type { IncomingMessage } from "node:http";
import { pipeline } from "node:stream";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import type { Registry } from "prom-client";
import { type BodyDigest, EMPTY_BODY_SHA256 } from "../auth/signature-verifier.js";
import type { Clock } from "../clock.js";
import { ApiError } from "../errors.js";
import { HttpMetrics } from "../metrics/http-metrics.js";
import type { AuthenticatedRequest, Authenticator } from "./authenticator.js";
import { BodyDigestStream } from "./body-digest.js";
import { answerClientError } from "./client-errors.js";
import { capConnectionsPerAddress } from "./connection-guard.js";
import { toApiError } from "./error-response.js";
import { FairAdmission } from "./fair-admission.js";
import { readBody, readParameters } from "./inputs.js";
import { parseQueryString } from "./query-string.js";
import { type RateLimiter, TooManyRequestsError } from "./rate-limiter.js";
import { responseRequestId } from "./request-id.js";
import type { Route, RouteResult } from "./route.js";

/** Socket-level limits; they matter only when the app listens (not under `inject()`). 0 turns one off. */
export interface HttpLimits {
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included. */
  requestTimeoutMs: number;
  /** A connection on which nothing at all happens for this long is closed. */
  idleTimeoutMs: number;
  /** How long an idle keep-alive connection waits for its next request. */
  keepAliveTimeoutMs: number;
  /** Connections one client address may hold open at once. */
  maxConnectionsPerAddress: number;
  /**
   * Authenticated requests of one user processed at once; the rest wait their turn (see FairAdmission), up to
   * ADMISSION_QUEUE_PER_TURN times as many. 0: no limit.
   */
  maxRequestsInFlightPerUser: number;
  /**
   * How long a 429 TooManyRequests (rate limit, requests in flight) is held before it is sent. A client waits for
   * its answer before it sends the next request on that connection, so a flood gets at most one refusal per
   * connection per this long: its refusals, however cheap each one is, cannot crowd other tenants' requests off
   * the event loop. 0: sent at once.
   */
  refusalDelayMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 120_000,
  keepAliveTimeoutMs: 65_000,
  maxConnectionsPerAddress: 128,
  maxRequestsInFlightPerUser: 4,
  refusalDelayMs: 0,
};

/** Requests of a client that may wait for their turn, per request it may have in flight. */
const ADMISSION_QUEUE_PER_TURN = 16;

export interface HttpDeps {
  routes: Route[];
  authenticator: Authenticator;
  clock: Clock;
  /** Largest accepted request body; larger ones get 413 PayloadTooLarge. */
  bodyLimitBytes?: number;
  /** Answers GET /_caisson/health without authentication. */
  health?: () => Promise<{ status: number; body: unknown }>;
  /** A pino logger (one line per request goes to it), `true` for Fastify's default, or nothing. */
  logger?: FastifyBaseLogger | boolean;
  /** Per-user request rate limit; none when absent. */
  rateLimiter?: RateLimiter;
  /** Serves GET /metrics from this registry: to loopback callers only, unless `public`. */
  metrics?: { registry: Registry; public?: boolean };
  limits?: Partial<HttpLimits>;
}

const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;
const NO_BODY = { digest: () => ({ sha256: EMPTY_BODY_SHA256, length: 0 }) };
/** A refused request with more body than this still to come closes its connection instead of draining it. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

declare module "fastify" {
  interface FastifyRequest {
    opcRequestId: string;
    /** Set once the signed headers are verified, before the body is read. */
    caller: AuthenticatedRequest | undefined;
    /** Hashes the body of a signed operation as it is read. */
    bodyDigest: { digest(): BodyDigest } | undefined;
    /** Ends the request's turn among its user's requests (FairAdmission); set once it has one. */
    endTurn: (() => void) | undefined;
  }
  interface FastifyContextConfig {
    /** The operation's name, for logs and metrics. */
    operation?: string;
    /** The API operation, for routes that are signed. */
    route?: Route;
  }
}

/**
 * The HTTP pipeline, in the order every request meets it:
 *   0. Node's parser: requests it rejects (headers too large, malformed, too slow) get an OCI error body;
 *   1. opc-request-id: echo the caller's, else generate (genReqId; every log line of the request carries it);
 *   2. unknown operation → 404/405, and signed operations: signature over the headers → tenancy and user,
 *      then the user's rate limit (preParsing hook) — all before a byte of the body is read;
 *   3. body read as raw bytes, up to the body limit, hashed as it streams in, and the digest checked against
 *      the signed x-content-sha256 and content-length;
 *   4. path, query and header parameters and the body validated against the operation's spec;
 *   5. the operation's handler;
 *   6. any error mapped to an OCI error body with its status (error handler);
 *   7. one log line and the metrics for the answer (onResponse hook).
 */
export function buildHttp(deps: HttpDeps): FastifyInstance {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...deps.limits };
  const bodyLimit = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    ...(typeof deps.logger === "object" ? { loggerInstance: deps.logger } : { logger: deps.logger ?? false }),
    // One line per request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: "opcRequestId" }),
    genReqId: (raw: IncomingMessage) => responseRequestId(firstValue(raw.headers["opc-request-id"])),
    bodyLimit,
    routerOptions: { querystringParser: parseQueryString, maxParamLength: 1000, ignoreTrailingSlash: true },
    // OCI clients never send HEAD; answering them from GET routes would skip authentication semantics.
    exposeHeadRoutes: false,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      // Node enforces the two timeouts above only when it checks, every 30 s by default.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, limits.headersTimeoutMs / 4)),
    },
    clientErrorHandler: answerClientError,
    // Router failures (a malformed percent escape in the path) never reach the hooks or the error handler;
    // without this they get Fastify's own error body and no opc-request-id.
    frameworkErrors: (error, request, reply) => {
      reply.header("opc-request-id", request.id);
      sendError(reply, toApiError(error, request.id));
    },
  });
  if (limits.maxConnectionsPerAddress > 0) capConnectionsPerAddress(app.server, limits.maxConnectionsPerAddress);

  const admission =
    limits.maxRequestsInFlightPerUser > 0
      ? new FairAdmission({
          concurrency: limits.maxRequestsInFlightPerUser,
          queue: limits.maxRequestsInFlightPerUser * ADMISSION_QUEUE_PER_TURN,
        })
      : undefined;

  app.decorateRequest("opcRequestId", "");
  app.decorateRequest("endTurn", undefined);
  app.decorateRequest("caller", undefined);
  app.decorateRequest("bodyDigest", undefined);
  app.addHook("onRequest", async (request, reply) => {
    request.opcRequestId = request.id;
    reply.header("opc-request-id", request.id);
  });

  const known: Array<{ method: string; pattern: RegExp }> = deps.routes.map((route) => ({
    method: route.method,
    pattern: templateRegExp(route.path),
  }));
  app.addHook("preParsing", async (request, reply, payload) => {
    if (request.is404) throw unknownOperation(request, known);
    const route = request.routeOptions.config.route;
    if (!route) return payload;
    const caller = await deps.authenticator.authenticate({
      method: request.method,
      target: request.raw.url ?? request.url,
      headers: request.headers,
    });
    request.caller = caller;
    deps.rateLimiter?.take(caller.principal.userId);
    if (admission) await takeTurn(admission, caller.principal.userId, request, reply);
    // Fastify reads no body for GET: nothing to hash, and a stream per read would only cost time.
    if (request.method === "GET") {
      request.bodyDigest = NO_BODY;
      return payload;
    }
    const digest = new BodyDigestStream();
    request.bodyDigest = digest;
    // pipeline, not pipe: a client that aborts mid-body errors the stream the body parser reads.
    return pipeline(payload, digest, () => {});
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  if (deps.health) {
    const health = deps.health;
    app.get("/_caisson/health", { config: { operation: "Health" } }, async (_request, reply) => {
      const answer = await health();
      return reply.status(answer.status).send(answer.body);
    });
  }

  const metrics = deps.metrics && new HttpMetrics(deps.metrics.registry);
  if (deps.metrics) {
    const { registry, public: open = false } = deps.metrics;
    app.get("/metrics", { config: { operation: "Metrics" } }, async (request, reply) => {
      // Loopback only by default: the figures describe every tenancy.
      if (!open && !isLoopback(request.socket.remoteAddress)) throw unknownOperation(request, known);
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  }

  for (const route of deps.routes) {
    app.route({
      method: route.method,
      url: route.path.replace(/\{(\w+)\}/g, ":$1"),
      config: { operation: route.name, route },
      handler: async (request, reply) => send(reply, await runRoute(route, request, deps)),
    });
  }

  // Unknown operations are refused in preParsing, before their body is read; this only backs that up.
  app.setNotFoundHandler(async (request) => {
    throw unknownOperation(request, known);
  });

  app.setErrorHandler(async (error, request, reply) => {
    const apiError = toApiError(error, request.id, bodyLimit);
    if (apiError.status >= 500) request.log.error({ err: error }, "request failed");
    if (apiError instanceof TooManyRequestsError) {
      reply.header("retry-after", String(apiError.retryAfterSeconds));
      // Held, not sent at once: a flooding client's next request waits for this answer (HttpLimits).
      if (limits.refusalDelayMs > 0) await deps.clock.sleep(limits.refusalDelayMs);
    }
    if (bodyLeftUnread(request)) reply.header("connection", "close");
    return sendError(reply, apiError);
  });

  // The answer is decided: the user's next request may be processed (a stream's body goes on without a turn).
  app.addHook("onSend", async (request, _reply, payload) => {
    request.endTurn?.();
    return payload;
  });

  app.addHook("onResponse", async (request, reply) => {
    const operation = request.routeOptions.config.operation ?? "none";
    metrics?.observe(operation, reply.statusCode, reply.elapsedTime / 1000);
    request.log.info(
      {
        tenancy: request.caller?.principal.tenancyId,
        operation,
        method: request.method,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      "request",
    );
  });

  return app;
}

/**
 * Waits for the request's turn among its user's requests (FairAdmission). The turn ends when its answer is decided
 * (onSend, on every path); a request whose client hangs up while it waits leaves the queue.
 */
async function takeTurn(
  admission: FairAdmission,
  userId: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const gone = new AbortController();
  const onClose = () => gone.abort(new ApiError("CannotParseRequest", "The client closed the connection first."));
  reply.raw.once("close", onClose);
  try {
    request.endTurn = await admission.enter(userId, gone.signal);
  } finally {
    reply.raw.off("close", onClose);
  }
}

async function runRoute(route: Route, request: FastifyRequest, deps: HttpDeps): Promise<RouteResult> {
  const { caller, bodyDigest } = request;
  if (!caller || !bodyDigest) throw new Error(`${route.name} ran without authentication`);
  const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  caller.assertBody(bodyDigest.digest());
  const ctx = { requestId: request.id, principal: caller.principal, now: deps.clock.now() };
  await route.guard?.(ctx);
  const params = readParameters(route.parameters, {
    path: (request.params ?? {}) as Record<string, string>,
    query: (request.query ?? {}) as Record<string, string>,
    headers: request.headers,
  });
  const body = readBody(route.requestBody, rawBody);
  return route.handle(ctx, { ...params, body, rawBody });
}

function send(reply: FastifyReply, result: RouteResult): FastifyReply {
  reply.status(result.status);
  for (const [name, value] of Object.entries(result.headers ?? {})) reply.header(name, value);
  if (result.text !== undefined) return reply.type("text/plain").send(result.text);
  if (result.json !== undefined) return reply.type("application/json").send(result.json);
  if (result.stream) return reply.type(result.stream.contentType).send(result.stream.body);
  if (result.body === undefined) return reply.send();
  return reply.type("application/json").send(JSON.stringify(result.body));
}

function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply
    .status(error.status)
    .type("application/json")
    .send(JSON.stringify({ code: error.code, message: error.message }));
}

function unknownOperation(request: FastifyRequest, known: Array<{ method: string; pattern: RegExp }>): ApiError {
  const path = request.url.split("?")[0] ?? "";
  const other = known.filter((k) => k.pattern.test(path));
  return other.length > 0
    ? new ApiError(
        "MethodNotAllowed",
        `${request.method} is not allowed on ${path}; use ${[...new Set(other.map((o) => o.method))].join(" or ")}.`,
      )
    : new ApiError("NotFound", `No operation exists for ${request.method} ${path}.`);
}

/**
 * Whether a refused request still has a large body on the way: draining it would read (not buffer) megabytes
 * for nothing, so the connection is closed instead.
 */
function bodyLeftUnread(request: FastifyRequest): boolean {
  if (request.raw.complete) return false;
  const length = Number(request.headers["content-length"] ?? 0);
  return length > DRAIN_LIMIT_BYTES || request.headers["transfer-encoding"] !== undefined;
}

function isLoopback(address: string | undefined): boolean {
  return address === "::1" || address?.startsWith("127.") === true || address?.startsWith("::ffff:127.") === true;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `/a/{id}/b` → a RegExp matching `/a/<anything but a slash>/b` (for telling 404 from 405). */
function templateRegExp(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/\{\w+\}/g, "[^/]+")}/?$`);
}
