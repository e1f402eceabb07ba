import { headerParameter, httpOperation, ocidQuery, queryParameter } from "@caisson/api";
import { Type } from "@sinclair/typebox";
import type { OperationDeps } from "../deps.js";
import type { CallContext, InputOf, Route, RouteResult } from "../http/route.js";
import { route } from "../http/route-declaration.js";
import { requireVisibleCompartment } from "../identity/compartment-access.js";
import { EventStream } from "./event-stream.js";
import type { OpenStreams } from "./open-streams.js";

/** Comments sent this often keep proxies and idle timeouts from closing a quiet stream. */
export const KEEP_ALIVE_MS = 15_000;

/** An event id (at most 18 digits: always within PostgreSQL's bigint), or `latest`. */
const AFTER = Type.String({ pattern: "^(0|[1-9][0-9]{0,17}|latest)$", maxLength: 18 });

export const STREAM_EVENTS = httpOperation({
  name: "StreamEvents",
  method: "GET",
  path: "/_caisson/events",
  parameters: [
    ocidQuery("compartmentId"),
    queryParameter("after", AFTER),
    queryParameter("follow", Type.Boolean()),
    // What EventSource sends when it reconnects: the id of the last event it received.
    headerParameter("last-event-id", "lastEventId", AFTER),
  ],
});

export interface EventRouteOptions {
  streams: OpenStreams;
  keepAliveMs?: number;
}

/**
 * GET /_caisson/events: the caller's tenancy's lifecycle events as server-sent events (not part of OCI).
 * `after` (or Last-Event-ID) resumes after an event id, `latest` starts with what happens next; `follow=true`
 * keeps the stream open.
 */
export function eventRoutes(deps: OperationDeps, options: EventRouteOptions): Route[] {
  return [route(STREAM_EVENTS, (ctx, input) => streamEvents(deps, options, ctx, input))];
}

async function streamEvents(
  deps: OperationDeps,
  options: EventRouteOptions,
  ctx: CallContext,
  input: InputOf<typeof STREAM_EVENTS>,
): Promise<RouteResult> {
  const tenancyId = ctx.principal.tenancyId;
  const { compartmentId } = input.query;
  if (compartmentId !== undefined) await requireVisibleCompartment(deps.store, tenancyId, compartmentId);
  const from = input.query.after ?? input.headers["last-event-id"];
  const after = from === "latest" ? await deps.store.events.latestId(tenancyId) : BigInt(from ?? "0");
  let release = () => {};
  const stream = new EventStream({
    events: deps.store.events,
    wakeup: deps.store.wakeup,
    tenancyId,
    ...(compartmentId !== undefined && { compartmentId }),
    after,
    follow: input.query.follow === true,
    keepAliveMs: options.keepAliveMs ?? KEEP_ALIVE_MS,
    onClose: () => release(),
  });
  try {
    release = options.streams.open(tenancyId, stream);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return {
    status: 200,
    headers: { "cache-control": "no-cache", "x-accel-buffering": "no" },
    stream: { contentType: "text/event-stream; charset=utf-8", body: stream },
  };
}
