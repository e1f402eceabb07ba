import type { Socket } from "node:net";
import { SdkError } from "../errors.js";
import { FRAME, FrameReader, frame, MAX_PAYLOAD, resizeFrame } from "./frames.js";

/** A command's input: chunks of bytes or text, e.g. `process.stdin`, an async generator, or an array. */
export type ExecInput = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

export interface ExecOutput {
  stream: "stdout" | "stderr";
  data: Uint8Array;
}

/** The exec ended without an exit code: the connection dropped, or the server reported an error. */
export class ExecEndedError extends SdkError {
  readonly isClientError = false;
  readonly isRetryable = false;
}

/** Output held before the caller reads it; past this the socket is paused until they catch up. */
const HIGH_WATER = 256;

/**
 * A command running in a container. The session reads `stdin` until it ends or the command exits, then stops
 * reading it (calling the iterator's `return`, which closes a Node stream). Iterate it for the output (stdout and stderr chunks in order; with a TTY
 * everything is stdout); `exitCode` resolves once the process has ended and every chunk was delivered.
 */
export class ExecSession implements AsyncIterable<ExecOutput> {
  readonly exitCode: Promise<number>;
  readonly #queue: ExecOutput[] = [];
  #wake: (() => void) | undefined;
  #done = false;
  #stdin: AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string> | undefined;
  #settle!: { resolve(code: number): void; reject(error: Error): void };

  constructor(
    private readonly socket: Socket,
    head: Buffer,
    stdin: ExecInput | undefined,
  ) {
    this.exitCode = new Promise<number>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // An unobserved failure must not crash the process; callers who care await exitCode.
    this.exitCode.catch(() => {});
    const reader = new FrameReader();
    const onData = (chunk: Buffer) => {
      try {
        for (const { type, payload } of reader.push(chunk)) this.#onFrame(type, payload);
      } catch (error) {
        this.#end(new ExecEndedError((error as Error).message));
        socket.destroy();
      }
    };
    socket.on("data", onData);
    socket.once("close", () =>
      this.#end(new ExecEndedError("the connection closed before the command's exit code arrived")),
    );
    socket.on("error", () => {});
    if (head.length > 0) onData(head);
    if (stdin) void this.#pumpStdin(stdin);
  }

  #onFrame(type: number, payload: Buffer): void {
    if (type === FRAME.stdout || type === FRAME.stderr) {
      this.#queue.push({ stream: type === FRAME.stderr ? "stderr" : "stdout", data: payload });
      if (this.#queue.length > HIGH_WATER) this.socket.pause();
      this.#wakeReader();
    } else if (type === FRAME.exit) {
      this.#end(payload.length === 4 ? payload.readInt32BE(0) : new ExecEndedError("malformed exit frame"));
      this.socket.end();
    } else if (type === FRAME.error) {
      this.#end(new ExecEndedError(payload.toString("utf8")));
      this.socket.end();
    }
  }

  #end(outcome: number | Error): void {
    if (this.#done) return;
    this.#done = true;
    // The command reads no more: stop reading the input too (a stream such as process.stdin is released).
    void Promise.resolve(this.#stdin?.return?.()).catch(() => {});
    if (typeof outcome === "number") this.#settle.resolve(outcome);
    else this.#settle.reject(outcome);
    this.#wakeReader();
  }

  #wakeReader(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async #pumpStdin(stdin: ExecInput): Promise<void> {
    const iterator: AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string> =
      Symbol.asyncIterator in stdin ? stdin[Symbol.asyncIterator]() : stdin[Symbol.iterator]();
    this.#stdin = iterator;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        const chunk = next.value;
        if (this.#done || this.socket.destroyed) return;
        const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk);
        for (let at = 0; at < bytes.length; at += MAX_PAYLOAD) {
          if (!this.socket.write(frame(FRAME.stdin, bytes.subarray(at, at + MAX_PAYLOAD)))) {
            await new Promise((resolve) => this.socket.once("drain", resolve));
          }
        }
      }
      if (!this.#done && !this.socket.destroyed) this.socket.write(frame(FRAME.stdinEnd));
    } catch {
      // The input failed: the process still gets end-of-file.
      if (!this.#done && !this.socket.destroyed) this.socket.write(frame(FRAME.stdinEnd));
    }
  }

  /** Tells a TTY its new size (e.g. on SIGWINCH). */
  resize(columns: number, rows: number): void {
    if (!this.#done && !this.socket.destroyed) this.socket.write(resizeFrame(columns, rows));
  }

  /** Ends the session from this side; the server closes the command's input and output. */
  close(): void {
    this.socket.destroy();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ExecOutput> {
    for (;;) {
      const next = this.#queue.shift();
      if (next) {
        if (this.#queue.length <= HIGH_WATER / 2 && this.socket.isPaused()) this.socket.resume();
        yield next;
        continue;
      }
      if (this.#done) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }
}
