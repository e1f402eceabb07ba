import { request } from "node:http";
import type { DockerOptions } from "dockerode";

/** Which engine answers behind the Docker-compatible API. */
export type EngineFlavor = "docker" | "podman";

export interface EnginePing {
  ok: boolean;
  flavor?: EngineFlavor;
  /** Engine version from the `Server` / `Libpod-Api-Version` headers, e.g. "4.3.1". */
  version?: string;
  apiVersion?: string;
  /** Why the engine did not answer (or what answered instead). */
  reason: string;
}

/**
 * Accepts the forms people write in DOCKER_HOST: `unix:///path`, a bare `/path`, `tcp://host:port`,
 * `http://host:port`. TLS (`https://`, DOCKER_TLS_VERIFY) is not supported yet.
 */
export function parseEndpoint(endpoint: string): DockerOptions {
  if (endpoint.startsWith("unix://")) return { socketPath: endpoint.slice("unix://".length) };
  if (endpoint.startsWith("/")) return { socketPath: endpoint };
  const url = new URL(endpoint.includes("://") ? endpoint : `tcp://${endpoint}`);
  if (url.protocol !== "tcp:" && url.protocol !== "http:") {
    throw new Error(`unsupported engine endpoint ${endpoint} (use unix:///path or tcp://host:port)`);
  }
  return { host: url.hostname, port: Number(url.port || 2375), protocol: "http" };
}

/** `unix:///path` or `tcp://host:port`, for messages. */
export function displayEndpoint(endpoint: string): string {
  return endpoint.startsWith("/") ? `unix://${endpoint}` : endpoint;
}

/**
 * GET /_ping with a short timeout. The flavour comes from the response headers (podman adds
 * `Libpod-Api-Version`), because podman's /version execs conmon and runc and costs ~0.35 s.
 */
export function pingEngine(endpoint: string, timeoutMs = 1000): Promise<EnginePing> {
  let options: DockerOptions;
  try {
    options = parseEndpoint(endpoint);
  } catch (error) {
    return Promise.resolve({ ok: false, reason: (error as Error).message });
  }
  return new Promise((resolve) => {
    const req = request(
      {
        method: "GET",
        path: "/_ping",
        timeout: timeoutMs,
        ...(options.socketPath ? { socketPath: options.socketPath } : { host: options.host, port: options.port }),
      },
      (res) => {
        res.resume();
        const header = (name: string) => {
          const value = res.headers[name];
          return Array.isArray(value) ? value[0] : value;
        };
        if (res.statusCode !== 200) {
          resolve({ ok: false, reason: `/_ping answered HTTP ${res.statusCode}` });
          return;
        }
        const libpod = header("libpod-api-version");
        const server = header("server") ?? "";
        const apiVersion = header("api-version");
        if (libpod) {
          resolve({ ok: true, flavor: "podman", version: libpod, apiVersion, reason: `Podman ${libpod} answered` });
          return;
        }
        const version = /^Docker\/([^\s]+)/.exec(server)?.[1];
        resolve({
          ok: true,
          flavor: "docker",
          version,
          apiVersion,
          reason: `Docker ${version ?? "(unknown version)"} answered`,
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "ENOENT"
          ? "socket does not exist"
          : error.code === "ECONNREFUSED"
            ? "connection refused"
            : error.code === "EACCES"
              ? "permission denied"
              : error.message;
      resolve({ ok: false, reason });
    });
    req.end();
  });
}
