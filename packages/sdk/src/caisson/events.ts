import type { CaissonEvent } from "@caisson/api";
import type { Clock } from "../clock.js";
import { CircuitOpenError, NetworkError, ServiceError, TimeoutError } from "../errors.js";
import type { Pipeline } from "../http/pipeline.js";
import { parseServerSentEvents } from "./sse.js";

export type { CaissonEvent };

export interface EventsOptions {
  /** Only this compartment's events; default: every compartment of the caller's tenancy. */
  compartmentId?: string;
  /** Start after this event id; `latest`: only what happens next. Default: the oldest event the server keeps. */
  after?: string;
  /** Keep following new events (reconnecting after a dropped connection) until `signal` aborts. */
  follow?: boolean;
  signal?: AbortSignal;
}

/** Longest pause between two reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 5_000;

/**
 * Caisson's event stream (GET /_caisson/events) as an async iterator. Following, a dropped connection (a
 * network error, a restarted server) is reopened with `Last-Event-ID` set to the last event received, so no
 * event is lost or repeated; an error the server answers (4xx) ends the iteration with a ServiceError.
 */
export async function* streamEvents(
  pipeline: Pipeline,
  clock: Clock,
  options: EventsOptions = {},
): AsyncGenerator<CaissonEvent> {
  let after = options.after;
  let failures = 0;
  for (;;) {
    try {
      const response = await pipeline.send<ReadableStream<Uint8Array>>({
        operationName: "events",
        method: "GET",
        path: "/_caisson/events",
        query: { compartmentId: options.compartmentId, follow: options.follow ? true : undefined },
        headers: { "last-event-id": after },
        responseKind: "stream",
        options: { ...(options.signal && { signal: options.signal }) },
      });
      failures = 0;
      for await (const message of parseServerSentEvents(response.data)) {
        if (message.data === "") continue;
        const event = JSON.parse(message.data) as CaissonEvent;
        after = message.id ?? event.id;
        yield event;
      }
      if (!options.follow) return;
    } catch (error) {
      if (options.signal?.aborted) return;
      if (!options.follow || !reconnectable(error)) throw error;
      failures++;
    }
    if (options.signal?.aborted) return;
    await clock
      .sleep(Math.min(MAX_RECONNECT_DELAY_MS, 250 * 2 ** Math.min(failures, 5)), options.signal)
      .catch(() => {});
    if (options.signal?.aborted) return;
  }
}

/**
 * A dropped or refused connection, a timeout, an open circuit breaker (the server was down), or a 5xx/429: worth
 * reconnecting. A 4xx answer is not.
 */
function reconnectable(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError || error instanceof CircuitOpenError) return true;
  if (error instanceof ServiceError) return error.status >= 500 || error.status === 429;
  // A body stream cut mid-way surfaces as a TypeError (fetch) or an AbortError from the read timeout.
  return error instanceof TypeError || (error as Error)?.name === "AbortError";
}
