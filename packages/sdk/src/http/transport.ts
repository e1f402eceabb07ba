import type { Clock } from "../clock.js";
import { NetworkError, TimeoutError } from "../errors.js";
import type { FetchLike } from "./types.js";

export interface Timeouts {
  /** Until response headers arrive (covers connecting; fetch cannot report the connection separately). */
  connectMs: number;
  /** Maximum idle time between two body chunks. */
  readMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, readMs: 60_000 };

/** `timeout` option: one number of seconds for both, or `[connect, read]` seconds (the Python SDK's shape). */
export function resolveTimeouts(timeout: number | readonly [number, number] | undefined): Timeouts {
  if (timeout === undefined) return DEFAULT_TIMEOUTS;
  if (typeof timeout === "number") return { connectMs: timeout * 1000, readMs: timeout * 1000 };
  return { connectMs: timeout[0] * 1000, readMs: timeout[1] * 1000 };
}

/**
 * One HTTP attempt: owns the AbortController that both timeouts and the caller's signal abort, and translates
 * whatever fetch throws into `TimeoutError`, `NetworkError`, or the caller's abort reason.
 */
export class Attempt {
  readonly #controller = new AbortController();
  readonly #signal: AbortSignal;
  #timeout: TimeoutError | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly timeouts: Timeouts,
    private readonly operationName: string,
    private readonly endpoint: string,
    private readonly callerSignal?: AbortSignal,
  ) {
    this.#signal = callerSignal ? AbortSignal.any([callerSignal, this.#controller.signal]) : this.#controller.signal;
  }

  async fetch(fetchFn: FetchLike, url: string, init: RequestInit): Promise<globalThis.Response> {
    this.callerSignal?.throwIfAborted();
    const cancel = this.#arm("connect", this.timeouts.connectMs);
    try {
      return await fetchFn(url, { ...init, signal: this.#signal });
    } catch (error) {
      throw this.#translate(error);
    } finally {
      cancel();
    }
  }

  /** Reads the whole body, each chunk under the read timeout. */
  async readAll(response: globalThis.Response): Promise<Uint8Array> {
    if (!response.body) return new Uint8Array();
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const chunk = await this.#readChunk(reader);
      if (chunk === undefined) break;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  /** Re-exposes the body as a stream whose reads are still under the read timeout and mapped errors. */
  stream(response: globalThis.Response): ReadableStream<Uint8Array> {
    const reader = response.body?.getReader();
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const chunk = reader ? await this.#readChunk(reader) : undefined;
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
      cancel: (reason) => reader?.cancel(reason),
    });
  }

  async #readChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array | undefined> {
    const cancel = this.#arm("read", this.timeouts.readMs);
    try {
      const { done, value } = await reader.read();
      return done ? undefined : value;
    } catch (error) {
      throw this.#translate(error);
    } finally {
      cancel();
    }
  }

  #arm(phase: "connect" | "read", ms: number): () => void {
    if (!Number.isFinite(ms) || ms <= 0) return () => {};
    return this.clock.setTimer(ms, () => {
      this.#timeout = new TimeoutError(phase, ms, this.operationName, this.endpoint);
      this.#controller.abort(this.#timeout);
    });
  }

  #translate(error: unknown): unknown {
    if (this.#timeout) return this.#timeout;
    if (this.callerSignal?.aborted) return this.callerSignal.reason;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message;
    const message = error instanceof Error ? error.message : String(error);
    return new NetworkError(
      `${message}${detail ? ` (${detail})` : ""}: ${this.endpoint}`,
      this.operationName,
      this.endpoint,
      { cause: error },
    );
  }
}
