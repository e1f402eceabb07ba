import type { IncomingMessage, Server } from "node:http";
import type { Socket } from "node:net";
import { toRfc3339 } from "@caisson/api";
import type { FastifyBaseLogger } from "fastify";
import { digestOf } from "../auth/signature-verifier.js";
import type { Clock } from "../clock.js";
import { ApiError, notFound } from "../errors.js";
import type { Authenticator } from "../http/authenticator.js";
import { toApiError } from "../http/error-response.js";
import type { RateLimiter } from "../http/rate-limiter.js";
import { responseRequestId } from "../http/request-id.js";
import { type RuntimeDriver, RuntimeError, type RuntimeExecSession } from "../runtime/driver.js";
import type { Store } from "../store/store.js";
import { type ExecRequest, MAX_EXEC_BODY_BYTES, parseExecRequest } from "./exec-request.js";
import { pumpExecSession } from "./exec-session.js";
import type { ExecSlots } from "./exec-slots.js";
import { EXEC_PROTOCOL } from "./frames.js";
import { answerError, answerSwitchingProtocols, readBody } from "./raw-answer.js";

export interface ExecEndpointDeps {
  store: Store;
  clock: Clock;
  runtime: RuntimeDriver;
  authenticator: Authenticator;
  rateLimiter?: RateLimiter;
  /** `caisson serve --exec off`: the endpoint answers 404 as if it did not exist. */
  enabled: boolean;
  slots: ExecSlots;
  log: FastifyBaseLogger;
}

export const EXEC_PATH = /^\/_caisson\/containers\/([^/?]+)\/exec\/?$/;
const BODY_TIMEOUT_MS = 10_000;

/**
 * POST /_caisson/containers/{containerId}/exec, answered with 101 and the caisson-exec.v1 frames. Node hands
 * every request carrying `Upgrade` to this listener instead of Fastify, so it runs the same steps as the
 * pipeline in http/app.ts, in the same order: signature over the headers, rate limit, body (bounded, digest
 * checked), parameters, then the operation. Everything that can be refused is refused before the 101.
 */
export function attachExecEndpoint(server: Server, deps: ExecEndpointDeps): { close(): void } {
  // Upgraded sockets are the server's connections still: closing the server waits for them, so they are ended.
  const open = new Set<Socket>();
  server.on("upgrade", (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const requestId = responseRequestId(firstValue(request.headers["opc-request-id"]));
    open.add(socket);
    socket.once("close", () => open.delete(socket));
    socket.on("error", () => socket.destroy());
    openExec(deps, request, socket, head, requestId).catch((error: unknown) => {
      const apiError = toApiError(error, requestId);
      if (apiError.status >= 500) deps.log.error({ err: error, opcRequestId: requestId }, "exec failed");
      answerError(socket, requestId, apiError);
    });
  });
  return {
    close: () => {
      for (const socket of open) socket.destroy();
    },
  };
}

async function openExec(
  deps: ExecEndpointDeps,
  request: IncomingMessage,
  socket: Socket,
  head: Buffer,
  requestId: string,
): Promise<void> {
  const target = request.url ?? "/";
  const path = target.split("?")[0] ?? "";
  const containerId = EXEC_PATH.exec(path)?.[1];
  if (!containerId || !deps.enabled)
    throw new ApiError("NotFound", `No operation exists for ${request.method} ${path}.`);
  if (request.method !== "POST") {
    throw new ApiError("MethodNotAllowed", `${request.method} is not allowed on ${path}; use POST.`);
  }
  const upgrade = firstValue(request.headers.upgrade)?.toLowerCase();
  if (upgrade !== EXEC_PROTOCOL) throw new ApiError("InvalidParameter", `upgrade: must be ${EXEC_PROTOCOL}.`);

  const caller = await deps.authenticator.authenticate({ method: request.method, target, headers: request.headers });
  deps.rateLimiter?.take(caller.principal.userId);
  const length = Number(firstValue(request.headers["content-length"]));
  if (!Number.isInteger(length) || length <= 0) {
    throw new ApiError("MissingParameter", "content-length: an exec request needs its JSON body, with its length.");
  }
  if (length > MAX_EXEC_BODY_BYTES) {
    throw new ApiError(
      "PayloadTooLarge",
      `The request body is larger than ${MAX_EXEC_BODY_BYTES} bytes, the most an exec accepts.`,
    );
  }
  const { body, rest } = await readBody(socket, head, length, BODY_TIMEOUT_MS).catch((error: Error) => {
    throw new ApiError("CannotParseRequest", `The request body could not be read: ${error.message}.`);
  });
  caller.assertBody(digestOf(body));
  const exec = parseExecRequest(body);

  const { tenancyId, userId } = caller.principal;
  const container = await deps.store.instances.getContainer(tenancyId, containerId, toRfc3339(deps.clock.now()));
  if (!container) throw notFound("Container", containerId);
  if (container.lifecycle_state !== "ACTIVE") {
    throw new ApiError(
      "IncorrectState",
      `Container ${containerId} is ${container.lifecycle_state}; exec needs it ACTIVE (running).`,
    );
  }
  const release = deps.slots.take(tenancyId);
  let session: RuntimeExecSession;
  try {
    session = await startSession(deps.runtime, container.container_instance_id, containerId, exec);
  } catch (error) {
    release();
    throw error;
  }
  const who = { user: userId, tenancy: tenancyId, container: containerId, instance: container.container_instance_id };
  deps.log.info(
    { ...who, command: exec.command, tty: exec.tty, stdin: exec.stdin, opcRequestId: requestId },
    "exec started",
  );
  socket.setTimeout(0);
  socket.setNoDelay(true);
  answerSwitchingProtocols(socket, requestId, EXEC_PROTOCOL);
  pumpExecSession(socket, session, rest, (outcome) => {
    release();
    deps.log.info({ ...who, opcRequestId: requestId, ...outcome }, "exec ended");
  });
}

async function startSession(
  runtime: RuntimeDriver,
  instanceId: string,
  containerId: string,
  exec: ExecRequest,
): Promise<RuntimeExecSession> {
  if (!runtime.exec) {
    throw new ApiError(
      "IncorrectState",
      `The ${runtime.name} runtime runs no processes, so there is nothing to exec into.`,
    );
  }
  try {
    return await runtime.exec(instanceId, containerId, exec);
  } catch (error) {
    if (error instanceof RuntimeError && error.reason === "NotRunning") {
      throw new ApiError("IncorrectState", `Container ${containerId} is not running; exec needs it running.`);
    }
    throw error;
  }
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
