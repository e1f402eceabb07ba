import { createServer, request as forward, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  method: string;
  /** Path and query, as the CLI sent them. */
  url: string;
  headers: IncomingMessage["headers"];
  /** The status the CLI got back: the injected fault's or the server's. */
  status: number;
}

/**
 * An HTTP proxy in front of a real `caisson serve` that records every request and answers chosen ones with an
 * OCI 503 instead of forwarding them, so a test sees what the CLI sends and what it does about a transient
 * fault. Requests are forwarded unchanged (Host included), so the server verifies the CLI's own signatures.
 */
export async function startFaultyProxy(target: string) {
  const requests: ProxiedRequest[] = [];
  const faults: Array<{ method: string; path: string; left: number }> = [];
  const server = createServer((req, res) => {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const fault = faults.find((f) => f.left > 0 && f.method === method && url.split("?")[0] === f.path);
    if (fault) {
      fault.left--;
      requests.push({ method, url, headers: req.headers, status: 503 });
      req.resume();
      res.writeHead(503, { "content-type": "application/json", "opc-request-id": "proxy-fault" });
      res.end(JSON.stringify({ code: "ServiceUnavailable", message: "injected by the test proxy" }));
      return;
    }
    const upstream = forward(new URL(url, target), { method, headers: req.headers }, (answer) => {
      requests.push({ method, url, headers: req.headers, status: answer.statusCode ?? 0 });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", (error) => res.destroy(error));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    /** The next `times` requests `METHOD path` (path without query) get a 503 instead of the server's answer. */
    failNext(method: string, path: string, times = 1) {
      faults.push({ method, path, left: times });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
