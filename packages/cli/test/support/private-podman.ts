import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The image the engine suites use; .ci/steps/10-podman.sh builds it in the host's podman store. */
export const TEST_IMAGE = "localhost/busybox:ci";

/**
 * A Podman service of the test's own (own storage, run and network directories, own socket): `caisson serve`
 * removes every Caisson-labelled engine object it does not know, which on a shared engine would break other
 * suites. Its objects are listed and its events read through the Docker-compatible API.
 */
export class PrivatePodman {
  readonly dir = mkdtempSync(join(tmpdir(), "caisson-podman-"));
  readonly socket = join(this.dir, "podman.sock");
  private service: ChildProcess | undefined;
  private readonly flags = [
    "--root",
    join(this.dir, "root"),
    "--runroot",
    join(this.dir, "run"),
    "--network-config-dir",
    join(this.dir, "net"),
  ];

  get dockerHost(): string {
    return `unix://${this.socket}`;
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
      stdio: "ignore",
    });
    for (let i = 0; i < 200 && !(await this.ping()); i++) await new Promise((r) => setTimeout(r, 100));
    if (!(await this.ping())) throw new Error(`podman service did not answer on ${this.socket}`);
    execFileSync("sh", ["-c", `podman save ${TEST_IMAGE} | podman ${this.flags.join(" ")} load`], { stdio: "ignore" });
  }

  /** Removes everything it holds (twice: holders cannot go while their app containers exist) and stops. */
  async stop(): Promise<void> {
    for (const attempt of [1, 2]) {
      try {
        execFileSync("podman", [...this.flags, "rm", "--all", "--force", "--time", "0"], { stdio: "ignore" });
        execFileSync("podman", [...this.flags, "volume", "prune", "--force"], { stdio: "ignore" });
        execFileSync("podman", [...this.flags, "network", "prune", "--force"], { stdio: "ignore" });
      } catch (error) {
        if (attempt === 2) throw error;
      }
    }
    this.service?.kill("SIGTERM");
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
    return new Promise((resolve, reject) => {
      const req = request({ socketPath: this.socket, path, method: "POST", timeout: 30_000 }, (res) => {
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

  /** The caisson.instance-id of every Caisson-labelled container, network and volume the engine holds. */
  async managedInstanceIds(): Promise<Set<string>> {
    const filters = encodeURIComponent(JSON.stringify({ label: ["caisson.managed=true"] }));
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

  private ping(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const req = request({ socketPath: this.socket, path: "/_ping", timeout: 1000 }, (res) =>
        resolve(res.statusCode === 200),
      );
      req.once("error", () => resolve(false));
      req.end();
    });
  }
}
