import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Clock } from "../clock.js";
import { ApiError } from "../errors.js";
import type { Authenticator } from "./authenticator.js";
import { toApiError } from "./error-response.js";
import { readBody, readParameters } from "./inputs.js";
import { parseQueryString } from "./query-string.js";
import { responseRequestId } from "./request-id.js";
import type { Route, RouteResult } from "./route.js";

export interface HttpDeps {
  routes: Route[];
  authenticator: Authenticator;
  clock: Clock;
  /** Largest accepted request body; larger ones get 413 PayloadTooLarge. */
  bodyLimitBytes?: number;
  /** Answers GET /_caisson/health without authentication. */
  health?: () => Promise<{ status: number; body: unknown }>;
  logger?: boolean;
}

const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;

declare module "fastify" {
  interface FastifyRequest {
    opcRequestId: string;
  }
}

/**
 * The HTTP pipeline, in the order every request meets it:
 *   1. opc-request-id: echo the caller's, else generate (onRequest hook);
 *   2. body read as raw bytes, up to the body limit (the signature covers the exact bytes);
 *   3. signature verification → tenancy and user;
 *   4. path, query and header parameters and the body validated against the operation's spec;
 *   5. the operation's handler;
 *   6. any error mapped to an OCI error body with its status (error handler).
 */
export function buildHttp(deps: HttpDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    routerOptions: { querystringParser: parseQueryString, maxParamLength: 1000, ignoreTrailingSlash: true },
    // OCI clients never send HEAD; answering them from GET routes would skip authentication semantics.
    exposeHeadRoutes: false,
    // Router failures (a malformed percent escape in the path) never reach the hooks or the error handler;
    // without this they get Fastify's own error body and no opc-request-id.
    frameworkErrors: (error, request, reply) => {
      const requestId = responseRequestId(header(request, "opc-request-id"));
      reply.header("opc-request-id", requestId);
      sendError(reply, toApiError(error, requestId));
    },
  });

  app.decorateRequest("opcRequestId", "");
  app.addHook("onRequest", async (request, reply) => {
    request.opcRequestId = responseRequestId(header(request, "opc-request-id"));
    reply.header("opc-request-id", request.opcRequestId);
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  if (deps.health) {
    const health = deps.health;
    app.get("/_caisson/health", async (_request, reply) => {
      const answer = await health();
      return reply.status(answer.status).send(answer.body);
    });
  }

  const known: Array<{ method: string; pattern: RegExp }> = [];
  for (const route of deps.routes) {
    known.push({ method: route.method, pattern: templateRegExp(route.path) });
    app.route({
      method: route.method,
      url: route.path.replace(/\{(\w+)\}/g, ":$1"),
      handler: async (request, reply) => send(reply, await runRoute(route, request, deps)),
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    const other = known.filter((k) => k.pattern.test(path));
    const error =
      other.length > 0
        ? new ApiError(
            "MethodNotAllowed",
            `${request.method} is not allowed on ${path}; use ${[...new Set(other.map((o) => o.method))].join(" or ")}.`,
          )
        : new ApiError("NotFound", `No operation exists for ${request.method} ${path}.`);
    return sendError(reply, error);
  });

  app.setErrorHandler(async (error, request, reply) => {
    const apiError = toApiError(error, request.opcRequestId, deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT);
    if (apiError.status >= 500) request.log.error({ err: error }, "request failed");
    return sendError(reply, apiError);
  });

  return app;
}

async function runRoute(route: Route, request: FastifyRequest, deps: HttpDeps): Promise<RouteResult> {
  const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const principal = await deps.authenticator.authenticate({
    method: request.method,
    target: request.raw.url ?? request.url,
    headers: request.headers,
    body: rawBody,
  });
  const params = readParameters(route.parameters, {
    path: (request.params ?? {}) as Record<string, string>,
    query: (request.query ?? {}) as Record<string, string>,
    headers: request.headers,
  });
  const body = readBody(route.requestBody, rawBody);
  return route.handle(
    { requestId: request.opcRequestId, principal, now: deps.clock.now() },
    { ...params, body, rawBody },
  );
}

function send(reply: FastifyReply, result: RouteResult): FastifyReply {
  reply.status(result.status);
  for (const [name, value] of Object.entries(result.headers ?? {})) reply.header(name, value);
  if (result.text !== undefined) return reply.type("text/plain").send(result.text);
  if (result.body === undefined) return reply.send();
  return reply.type("application/json").send(JSON.stringify(result.body));
}

function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply
    .status(error.status)
    .type("application/json")
    .send(JSON.stringify({ code: error.code, message: error.message }));
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `/a/{id}/b` → a RegExp matching `/a/<anything but a slash>/b` (for telling 404 from 405). */
function templateRegExp(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/\{\w+\}/g, "[^/]+")}/?$`);
}
