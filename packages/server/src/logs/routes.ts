import { Readable } from "node:stream";
import { httpOperation, idPath, queryParameter } from "@caisson/api";
import { Type } from "@sinclair/typebox";
import type { OperationDeps } from "../deps.js";
import { notFound } from "../errors.js";
import { OpenStreams } from "../events/open-streams.js";
import type { CallContext, InputOf, Route, RouteResult } from "../http/route.js";
import { route } from "../http/route-declaration.js";

/** The most a snapshot (previous run, or a driver that cannot follow) returns, as RetrieveLogs does. */
const SNAPSHOT_BYTES = 256 * 1024;
const MAX_TAIL = 100_000;
const RFC3339 = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d)$";

export const FOLLOW_CONTAINER_LOGS = httpOperation({
  name: "FollowContainerLogs",
  method: "GET",
  path: "/_caisson/containers/{containerId}/logs",
  parameters: [
    idPath("containerId"),
    queryParameter("follow", Type.Boolean()),
    queryParameter("previous", Type.Boolean()),
    queryParameter("tail", Type.Integer({ minimum: 0, maximum: MAX_TAIL })),
    queryParameter("since", Type.String({ pattern: RFC3339, maxLength: 40 })),
  ],
});

/**
 * GET /_caisson/containers/{containerId}/logs (not part of OCI): the raw bytes the container wrote, stdout and
 * stderr interleaved, as chunked text/plain. `follow=true` keeps streaming, across the container's restarts,
 * until the client goes away. Another tenancy's container is 404, like a missing one.
 */
export function logRoutes(deps: OperationDeps, streams: OpenStreams = new OpenStreams("log")): Route[] {
  return [route(FOLLOW_CONTAINER_LOGS, (ctx, input) => containerLogs(deps, streams, ctx, input))];
}

async function containerLogs(
  deps: OperationDeps,
  streams: OpenStreams,
  ctx: CallContext,
  input: InputOf<typeof FOLLOW_CONTAINER_LOGS>,
): Promise<RouteResult> {
  const id = input.path.containerId;
  const tenancyId = ctx.principal.tenancyId;
  const container = await deps.store.instances.getContainer(tenancyId, id, ctx.now.toISOString());
  if (!container) throw notFound("container", id);
  const instanceId = container.container_instance_id;
  const { tail, since } = input.query;
  const follow = input.query.follow === true;
  if (input.query.previous === true || !deps.runtime.followLogs) {
    const previous = input.query.previous === true;
    const bytes = await deps.runtime.readLogs(instanceId, id, { previous, maxBytes: SNAPSHOT_BYTES });
    return { status: 200, text: tail === undefined ? bytes : lastLines(bytes, tail) };
  }
  const controller = new AbortController();
  const release = streams.open(tenancyId, { end: () => controller.abort() });
  const chunks = deps.runtime.followLogs(instanceId, id, {
    follow,
    ...(since !== undefined && { since }),
    ...(tail !== undefined && { tail }),
    signal: controller.signal,
  });
  const body = new PulledStream(headersFirst(chunks)[Symbol.asyncIterator](), () => {
    controller.abort();
    release();
  });
  return {
    status: 200,
    headers: { "cache-control": "no-cache", "x-accel-buffering": "no" },
    stream: { contentType: "text/plain; charset=utf-8", body },
  };
}

/**
 * Asks the driver for the next chunk only when the client has taken the last (a slow reader pauses the engine's
 * stream instead of growing a buffer). Destroyed (the client went away), it aborts the driver's follow at once,
 * even while the driver waits for output (Readable.from would wait for that output before letting go).
 */
class PulledStream extends Readable {
  constructor(
    private readonly chunks: AsyncIterator<Buffer>,
    private readonly onDestroy: () => void,
  ) {
    super({ objectMode: true, highWaterMark: 16 });
  }

  override _read(): void {
    this.chunks.next().then(
      (next) => {
        if (!this.destroyed) this.push(next.done ? null : next.value);
      },
      (error: Error) => this.destroy(error),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.onDestroy();
    callback(error);
  }
}

/** An empty first chunk sends the headers at once: a container that writes nothing must not keep the client waiting for them. */
async function* headersFirst(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield Buffer.alloc(0);
  yield* chunks;
}

function lastLines(bytes: Buffer, count: number): Buffer {
  if (count === 0) return Buffer.alloc(0);
  let at = bytes.length;
  if (at > 0 && bytes[at - 1] === 0x0a) at--;
  for (let seen = 0; at > 0; ) {
    at = bytes.lastIndexOf(0x0a, at - 1);
    if (at < 0) return bytes;
    if (++seen === count) return bytes.subarray(at + 1);
  }
  return bytes;
}
