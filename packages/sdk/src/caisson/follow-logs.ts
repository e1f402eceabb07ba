import type { Pipeline } from "../http/pipeline.js";

export interface FollowLogsOptions {
  /** Keep streaming what the container writes (across its restarts) until `signal` aborts. */
  follow?: boolean;
  /** The previous run's output instead of the current one's. */
  previous?: boolean;
  /** Only the last N lines (of the output so far, when following). */
  tail?: number;
  /** Only output written at or after this time (RFC 3339). */
  since?: string;
  signal?: AbortSignal;
}

/**
 * A container's output (GET /_caisson/containers/{id}/logs) as an async iterator of the raw bytes it wrote,
 * stdout and stderr interleaved as written. Breaking out of the loop (or aborting `signal`) closes the stream.
 */
export async function* streamLogs(
  pipeline: Pipeline,
  containerId: string,
  options: FollowLogsOptions = {},
): AsyncGenerator<Uint8Array> {
  const response = await pipeline.send<ReadableStream<Uint8Array>>({
    operationName: "followLogs",
    method: "GET",
    path: `/_caisson/containers/${encodeURIComponent(containerId)}/logs`,
    query: {
      follow: options.follow ? true : undefined,
      previous: options.previous ? true : undefined,
      tail: options.tail,
      since: options.since,
    },
    responseKind: "stream",
    options: { ...(options.signal && { signal: options.signal }) },
  });
  try {
    for await (const chunk of response.data) yield chunk;
  } catch (error) {
    if (options.signal?.aborted) return;
    throw error;
  }
}
