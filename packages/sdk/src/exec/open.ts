import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Socket } from "node:net";
import type { RequestSigner } from "../auth/signer.js";
import type { Clock } from "../clock.js";
import { NetworkError, TimeoutError } from "../errors.js";
import { toServiceError } from "../http/deserialize.js";
import { newRequestId } from "../http/serialize.js";
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

export interface ExecTransport {
  /** Service root, without `/20210415`. */
  root: string;
  signer: RequestSigner;
  clock: Clock;
  userAgent: string;
  connectTimeoutMs: number;
}

const OPERATION = "Exec";

/**
 * POST /_caisson/containers/{id}/exec, signed like every call (the JSON body included), upgraded to the
 * caisson-exec.v1 frames. Resolves once the server switched protocols: the command is running. A refusal
 * (404, 409 not running, 429 too many sessions…) rejects with the usual ServiceError.
 */
export async function openExec(
  transport: ExecTransport,
  containerId: string,
  options: ExecOptions,
): Promise<ExecSession> {
  const url = new URL(`${transport.root}/_caisson/containers/${encodeURIComponent(containerId)}/exec`);
  const body = JSON.stringify({
    command: options.command,
    tty: options.tty ?? false,
    stdin: options.stdin !== undefined,
    ...(options.columns !== undefined && { columns: options.columns }),
    ...(options.rows !== undefined && { rows: options.rows }),
  });
  const headers = new Headers({
    "content-type": "application/json",
    "user-agent": transport.userAgent,
    "opc-request-id": newRequestId(),
    "x-date": new Date(transport.clock.now()).toUTCString(),
    connection: "Upgrade",
    upgrade: EXEC_PROTOCOL,
  });
  await transport.signer.sign({ method: "POST", url: url.href, headers, body });
  const endpoint = `POST ${url.href}`;
  options.signal?.throwIfAborted();
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<ExecSession>((resolve, reject) => {
    const req = send(url, {
      method: "POST",
      headers: Object.fromEntries(headers),
      ...(options.signal && { signal: options.signal }),
    });
    const timer = transport.clock.setTimer(transport.connectTimeoutMs, () => {
      req.destroy(new TimeoutError("connect", transport.connectTimeoutMs, OPERATION, endpoint));
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
