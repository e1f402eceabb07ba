import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Socket } from "node:net";
import { NetworkError, TimeoutError } from "../errors.js";
import { toServiceError } from "../http/deserialize.js";
import type { Pipeline } from "../http/pipeline.js";
import { EXEC_PROTOCOL } from "./frames.js";
import { type ExecInput, ExecSession } from "./session.js";

export interface ExecOptions {
  /** The program and its arguments, e.g. `["sh", "-c", "echo hi"]`. */
  command: string[];
  /** Run the command on a terminal (stdout and stderr then arrive together as stdout). Default false. */
  tty?: boolean;
  /** The command's input; when it ends the command reads end-of-file. Omit for no input (e.g. `process.stdin`). */
  stdin?: ExecInput;
  /** The terminal's size when `tty` (change it later with `session.resize`). */
  columns?: number;
  rows?: number;
  /** Aborts opening the session (once open, use `session.close()`). */
  signal?: AbortSignal;
}

const OPERATION = "Exec";

/**
 * POST /_caisson/containers/{id}/exec, with the headers and signature of every other call (`pipeline`, rooted at
 * the server, gives both), upgraded to the caisson-exec.v1 frames. fetch cannot hand over an upgraded socket, so
 * this one request goes out through node:http, under the pipeline's connect timeout and without its retries: a
 * command that may have started must not be started twice. Resolves once the server switched protocols: the
 * command is running. A refusal (404, 409 not running, 429 too many sessions…) rejects with the usual ServiceError.
 */
export async function openExec(pipeline: Pipeline, containerId: string, options: ExecOptions): Promise<ExecSession> {
  const { baseUrl, clock, timeouts } = pipeline.config;
  const url = new URL(`${baseUrl}/_caisson/containers/${encodeURIComponent(containerId)}/exec`);
  const body = JSON.stringify({
    command: options.command,
    tty: options.tty ?? false,
    stdin: options.stdin !== undefined,
    ...(options.columns !== undefined && { columns: options.columns }),
    ...(options.rows !== undefined && { rows: options.rows }),
  });
  const headers = pipeline.baseHeaders();
  headers.set("connection", "Upgrade");
  headers.set("upgrade", EXEC_PROTOCOL);
  await pipeline.sign("POST", url.href, headers, body);
  const endpoint = `POST ${url.href}`;
  options.signal?.throwIfAborted();
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<ExecSession>((resolve, reject) => {
    const req = send(url, {
      method: "POST",
      headers: Object.fromEntries(headers),
      ...(options.signal && { signal: options.signal }),
    });
    const timer = clock.setTimer(timeouts.connectMs, () => {
      req.destroy(new TimeoutError("connect", timeouts.connectMs, OPERATION, endpoint));
    });
    req.once("upgrade", (_res: IncomingMessage, socket: Socket, head: Buffer) => {
      timer();
      resolve(new ExecSession(socket, head, options.stdin));
    });
    req.once("response", (res: IncomingMessage) => {
      timer();
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.once("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const answer = new Response(text, { status: res.statusCode ?? 500, headers: flatHeaders(res) });
        reject(
          toServiceError(answer, text, { operationName: OPERATION, endpoint, timestamp: new Date().toISOString() }),
        );
      });
      res.once("error", (error) => reject(new NetworkError(error.message, OPERATION, endpoint, { cause: error })));
    });
    req.once("error", (error) => {
      timer();
      if (error instanceof TimeoutError) reject(error);
      else if (options.signal?.aborted) reject(options.signal.reason);
      else reject(new NetworkError(`${error.message}: ${endpoint}`, OPERATION, endpoint, { cause: error }));
    });
    req.end(body);
  });
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
