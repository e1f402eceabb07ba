import { request } from "node:http";
import { Socket } from "node:net";

export interface ProbeResult {
  ok: boolean;
  /** What happened, for the container's health-check status and the logs. */
  detail: string;
}

export interface HttpProbe {
  ip: string;
  port: number;
  path: string;
  headers?: Record<string, string>;
  timeoutMs: number;
}

/**
 * Caisson runs health checks itself, from the host against the instance's private IP: podman schedules
 * none without systemd, and one implementation behaves the same on every engine. Like Kubernetes, any
 * status from 200 to 399 is healthy; redirects are not followed.
 */
export function probeHttp(probe: HttpProbe): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const path = probe.path.startsWith("/") ? probe.path : `/${probe.path}`;
    const req = request(
      { host: probe.ip, port: probe.port, path, method: "GET", headers: probe.headers, agent: false },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        finish({ ok: status >= 200 && status < 400, detail: `HTTP ${status} from ${probe.ip}:${probe.port}${path}` });
      },
    );
    // One deadline for connect + response headers, whatever stage hangs.
    const timer = setTimeout(
      () =>
        finish({ ok: false, detail: `no answer from ${probe.ip}:${probe.port}${path} within ${probe.timeoutMs} ms` }),
      probe.timeoutMs,
    );
    req.on("error", (error: NodeJS.ErrnoException) =>
      finish({ ok: false, detail: `${error.code ?? error.message} from ${probe.ip}:${probe.port}${path}` }),
    );
    req.end();
  });
}

export function probeTcp(probe: { ip: string; port: number; timeoutMs: number }): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let settled = false;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, detail: `no connection to ${probe.ip}:${probe.port} within ${probe.timeoutMs} ms` }),
      probe.timeoutMs,
    );
    socket.once("connect", () => finish({ ok: true, detail: `connected to ${probe.ip}:${probe.port}` }));
    socket.once("error", (error: NodeJS.ErrnoException) =>
      finish({ ok: false, detail: `${error.code ?? error.message} from ${probe.ip}:${probe.port}` }),
    );
    socket.connect(probe.port, probe.ip);
  });
}
