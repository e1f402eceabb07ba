import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The image the engine suites use; .ci/steps/10-podman.sh builds it in the host's podman store. */
export const TEST_IMAGE = "localhost/busybox:ci";

/**
 * A container engine reached over its Docker-compatible API on a unix socket: what a test reads behind Caisson's
 * back (objects by label, start events) and the few actions it takes (kill).
 */
export class SocketEngine {
  constructor(readonly socket: string) {}

  get dockerHost(): string {
    return `unix://${this.socket}`;
  }

  /** GET on the engine's Docker-compatible API, parsed as JSON (or as JSON lines for streams). */
  get<T>(path: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const req = request({ socketPath: this.socket, path, timeout: 30_000 }, (res) => {
        let body = "";
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => {
          try {
            resolve(JSON.parse(body) as T);
          } catch {
            resolve(
              body
                .split("\n")
                .filter((l) => l.trim())
                .map((l) => JSON.parse(l)) as T,
            );
          }
        });
      });
      req.once("error", reject);
      req.once("timeout", () => req.destroy(new Error(`engine GET ${path} timed out`)));
      req.end();
    });
  }

  /** POST with an empty body (kill, for one); resolves with the status code. */
  post(path: string): Promise<number> {
    return this.request("POST", path);
  }

  request(method: string, path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request({ socketPath: this.socket, path, method, timeout: 30_000 }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.once("error", reject);
      req.end();
    });
  }

  /** Container start events since `sinceSeconds`, as caisson.container-id (or holder instance) label values. */
  async starts(sinceSeconds: number): Promise<Array<{ containerId?: string; instanceId?: string; name: string }>> {
    const filters = encodeURIComponent(JSON.stringify({ type: ["container"], event: ["start"] }));
    const until = Math.ceil(Date.now() / 1000) + 1;
    const events = await this.get<Array<{ Actor: { Attributes: Record<string, string> } }>>(
      `/events?since=${sinceSeconds}&until=${until}&filters=${filters}`,
    );
    return (Array.isArray(events) ? events : [events]).map((e) => ({
      ...(e.Actor.Attributes["caisson.container-id"] && { containerId: e.Actor.Attributes["caisson.container-id"] }),
      ...(e.Actor.Attributes["caisson.instance-id"] && { instanceId: e.Actor.Attributes["caisson.instance-id"] }),
      name: e.Actor.Attributes.name ?? "",
    }));
  }

  /**
   * The caisson.instance-id of every Caisson-labelled container, network and volume the engine holds (of one
   * installation, by its owner label, when given: a shared engine holds other suites' objects too).
   */
  async managedInstanceIds(owner?: string): Promise<Set<string>> {
    const filters = encodeURIComponent(
      JSON.stringify({ label: ["caisson.managed=true", ...(owner ? [`caisson.owner=${owner}`] : [])] }),
    );
    const ids = new Set<string>();
    const containers = await this.get<Array<{ Labels: Record<string, string> }>>(
      `/containers/json?all=true&filters=${filters}`,
    );
    const networks = await this.get<Array<{ Labels: Record<string, string> }>>(`/networks?filters=${filters}`);
    const volumes = await this.get<{ Volumes: Array<{ Labels: Record<string, string> }> | null }>(
      `/volumes?filters=${filters}`,
    );
    for (const o of [...containers, ...networks, ...(volumes.Volumes ?? [])]) {
      const id = o.Labels?.["caisson.instance-id"];
      if (id) ids.add(id);
    }
    return ids;
  }

  ping(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const req = request({ socketPath: this.socket, path: "/_ping", timeout: 1000 }, (res) =>
        resolve(res.statusCode === 200),
      );
      req.once("error", () => resolve(false));
      req.end();
    });
  }
}

/**
 * A Podman service of the test's own (own storage, run and network directories, own socket): `caisson serve`
 * removes every Caisson-labelled engine object it does not know, which on a shared engine would break other
 * suites. Its objects are listed and its events read through the Docker-compatible API.
 */
export class PrivatePodman extends SocketEngine {
  readonly dir: string;
  private service: ChildProcess | undefined;
  private get flags(): string[] {
    return [
      "--root",
      join(this.dir, "root"),
      "--runroot",
      join(this.dir, "run"),
      "--network-config-dir",
      join(this.dir, "net"),
    ];
  }

  /**
   * The host's containers.conf plus an events log of its own that is never rotated: podman rotates it at 1 MB by
   * default and deletes the old one, and a run of hundreds of instances writes more than that, which would lose
   * the start events the tests count.
   */
  private readonly env: NodeJS.ProcessEnv;

  constructor() {
    const dir = mkdtempSync(join(tmpdir(), "caisson-podman-"));
    super(join(dir, "podman.sock"));
    this.dir = dir;
    const host = "/etc/containers/containers.conf";
    const events = `events_logger = "file"\nevents_logfile_path = "${join(dir, "events.log")}"\nevents_logfile_max_size = 0`;
    const base = existsSync(host) ? readFileSync(host, "utf8") : "";
    const conf = /^\[engine\]$/m.test(base)
      ? base.replace(/^\[engine\]$/m, `[engine]\n${events}`)
      : `${base}\n[engine]\n${events}\n`;
    writeFileSync(join(dir, "containers.conf"), conf);
    this.env = { ...process.env, CONTAINERS_CONF: join(dir, "containers.conf") };
  }

  /** Undefined when podman and the test image are there; otherwise what is missing. */
  static missing(): string | undefined {
    try {
      execFileSync("podman", ["image", "exists", TEST_IMAGE], { stdio: "ignore" });
      return undefined;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "no podman command on PATH"
        : `podman has no ${TEST_IMAGE} image`;
    }
  }

  async start(): Promise<void> {
    this.service = spawn("podman", [...this.flags, "system", "service", "--time=0", this.dockerHost], {
      env: this.env,
      stdio: "ignore",
    });
    for (let i = 0; i < 200 && !(await this.ping()); i++) await new Promise((r) => setTimeout(r, 100));
    if (!(await this.ping())) throw new Error(`podman service did not answer on ${this.socket}`);
    execFileSync("sh", ["-c", `podman save ${TEST_IMAGE} | podman ${this.flags.join(" ")} load`], {
      env: this.env,
      stdio: "ignore",
    });
  }

  /** Removes everything it holds (twice: holders cannot go while their app containers exist) and stops. */
  async stop(): Promise<void> {
    for (const attempt of [1, 2]) {
      try {
        execFileSync("podman", [...this.flags, "rm", "--all", "--force", "--time", "0"], {
          env: this.env,
          stdio: "ignore",
        });
        execFileSync("podman", [...this.flags, "volume", "prune", "--force"], { env: this.env, stdio: "ignore" });
        execFileSync("podman", [...this.flags, "network", "prune", "--force"], { env: this.env, stdio: "ignore" });
      } catch (error) {
        if (attempt === 2) throw error;
      }
    }
    this.service?.kill("SIGTERM");
  }
}

/**
 * The CI's Docker engine, shared with other suites: a suite's replicas only ever touch their own installation's
 * objects (the owner label), and `stop` removes exactly those.
 */
export class SharedDocker extends SocketEngine {
  async start(): Promise<void> {
    if (!(await this.ping())) throw new Error(`no Docker engine answers on ${this.socket}`);
  }

  /** Removes every object labelled with the installation's owner (containers first, then networks and volumes). */
  async stop(owner?: string): Promise<void> {
    if (!owner) return;
    const filters = encodeURIComponent(JSON.stringify({ label: [`caisson.owner=${owner}`] }));
    for (let round = 0; round < 2; round++) {
      const containers = await this.get<Array<{ Id: string }>>(`/containers/json?all=true&filters=${filters}`);
      for (const c of containers) await this.request("DELETE", `/containers/${c.Id}?force=true&v=true`);
    }
    const networks = await this.get<Array<{ Id: string }>>(`/networks?filters=${filters}`);
    for (const n of networks) await this.request("DELETE", `/networks/${n.Id}`);
    const volumes = await this.get<{ Volumes: Array<{ Name: string }> | null }>(`/volumes?filters=${filters}`);
    for (const v of volumes.Volumes ?? []) await this.request("DELETE", `/volumes/${v.Name}?force=true`);
  }
}
