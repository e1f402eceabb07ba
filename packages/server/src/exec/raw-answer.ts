import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { ApiError } from "../errors.js";
import { TooManyRequestsError } from "../http/rate-limiter.js";

/** An OCI error answer written straight to a socket that Node handed over for an upgrade; then it is closed. */
export function answerError(socket: Socket, requestId: string, error: ApiError): void {
  const body = JSON.stringify({ code: error.code, message: error.message });
  const lines = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ""}`,
    "content-type: application/json",
    `content-length: ${Buffer.byteLength(body)}`,
    `opc-request-id: ${requestId}`,
    ...(error instanceof TooManyRequestsError ? [`retry-after: ${error.retryAfterSeconds}`] : []),
    "connection: close",
  ];
  if (socket.destroyed) return;
  socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`);
  // A client still sending a refused body, or one that never closes its side, does not keep the socket.
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

const LINGER_MS = 2_000;

export function answerSwitchingProtocols(socket: Socket, requestId: string, protocol: string): void {
  socket.write(
    [
      "HTTP/1.1 101 Switching Protocols",
      `upgrade: ${protocol}`,
      "connection: Upgrade",
      `opc-request-id: ${requestId}`,
    ].join("\r\n") + "\r\n\r\n",
  );
}

/**
 * Reads exactly `length` bytes of request body: what Node already read past the headers (`head`), then the
 * socket, within `timeoutMs`. Whatever follows is handed back (a client may send frames right behind the body).
 */
export function readBody(
  socket: Socket,
  head: Buffer,
  length: number,
  timeoutMs: number,
): Promise<{ body: Buffer; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let received = head;
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("end", onEnd);
      socket.off("error", onEnd);
      if (error) reject(error);
      else resolve({ body: received.subarray(0, length), rest: received.subarray(length) });
    };
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= length) {
        socket.pause();
        done();
      }
    };
    const onEnd = () => done(new Error("the connection ended before the whole body arrived"));
    const timer = setTimeout(() => done(new Error(`the body did not arrive within ${timeoutMs} ms`)), timeoutMs);
    if (received.length >= length) return done();
    socket.on("data", onData);
    socket.once("end", onEnd);
    socket.once("error", onEnd);
    socket.resume();
  });
}
