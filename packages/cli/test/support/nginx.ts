import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const NGINX = "/usr/sbin/nginx";

/** Undefined when nginx is installed; otherwise what is missing. */
export function nginxMissing(): string | undefined {
  try {
    execFileSync(NGINX, ["-v"], { stdio: "ignore" });
    return undefined;
  } catch {
    return `no ${NGINX}`;
  }
}

export const ENABLE_NGINX = "sudo bash .ci/steps/50-nginx.sh";

/**
 * nginx in front of the replicas, as docs/operations.md shows it, run as this test's own child process from a
 * config in a temporary directory. A request that fails on one replica (refused, reset, or no answer within
 * `readTimeoutS`, as from a paused process) goes to the next — POST too: creates carry retry tokens, so a
 * repeat answers as the first did. Each request is logged with its status and retry token.
 */
export class Nginx {
  readonly dir = mkdtempSync(join(tmpdir(), "caisson-nginx-"));
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    private readonly upstreams: number[],
    private readonly readTimeoutS = 5,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get accessLog(): string {
    return join(this.dir, "access.log");
  }

  async start(): Promise<void> {
    for (const temp of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(this.dir, temp));
    const config = `
daemon off;
master_process off;
worker_processes 1;
pid ${join(this.dir, "nginx.pid")};
error_log ${join(this.dir, "error.log")} warn;
events { worker_connections 1024; }
http {
  client_body_temp_path ${join(this.dir, "body")};
  proxy_temp_path ${join(this.dir, "proxy")};
  fastcgi_temp_path ${join(this.dir, "fastcgi")};
  uwsgi_temp_path ${join(this.dir, "uwsgi")};
  scgi_temp_path ${join(this.dir, "scgi")};
  log_format replicas '$msec $status "$request_method $uri" token=$http_opc_retry_token upstream=$upstream_addr upstream_status=$upstream_status';
  access_log ${this.accessLog} replicas;
  upstream caisson {
${this.upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=3s;`).join("\n")}
  }
  server {
    listen 127.0.0.1:${this.port};
    client_max_body_size 10m;
    location / {
      proxy_pass http://caisson;
      proxy_set_header Host $http_host;
      proxy_http_version 1.1;
      proxy_connect_timeout 2s;
      proxy_read_timeout ${this.readTimeoutS}s;
      proxy_next_upstream error timeout non_idempotent;
      proxy_next_upstream_timeout 30s;
    }
  }
}
`;
    const file = join(this.dir, "nginx.conf");
    writeFileSync(file, config);
    this.child = spawn(NGINX, ["-c", file, "-p", this.dir, "-e", join(this.dir, "error.log")], { stdio: "ignore" });
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`${this.url}/_caisson/health`).then(
        () => true,
        () => false,
      );
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`nginx did not start: ${readFileSync(join(this.dir, "error.log"), "utf8")}`);
  }

  stop(): void {
    this.child?.kill("SIGTERM");
  }

  /** Every logged request: time, status, method and path, retry token. */
  requests(): Array<{ at: number; status: number; method: string; path: string; token: string }> {
    return readFileSync(this.accessLog, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((line) => {
        const [, at, status, method, path, token] = /^(\S+) (\d+) "(\S+) (\S+)" token=(\S*)/.exec(line) ?? [];
        return { at: Number(at), status: Number(status), method: method ?? "", path: path ?? "", token: token ?? "" };
      });
  }
}
