import { spawn } from "node:child_process";
import { join } from "node:path";
import { ContainerInstanceClient, type ExecSession, fromFile, ServiceError } from "@caisson/sdk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENABLE, suiteRunsHere } from "../../../server/test/support/needs.js";
import { against, caisson } from "../support/cli-process.js";
import { CAISSON_BIN, newDataDir } from "../support/serve-process.js";
import {
  createInstance,
  ENGINES,
  type EngineName,
  engineUnavailable,
  IMAGE,
  type RuntimeServer,
  startRuntimeServer,
  tearDown,
  until,
  waitForInstanceState,
} from "./support/harness.js";

/** Everything a session printed, and its exit code. */
export async function collect(session: ExecSession): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  let stdout = "";
  let stderr = "";
  for await (const chunk of session) {
    if (chunk.stream === "stdout") stdout += Buffer.from(chunk.data).toString("utf8");
    else stderr += Buffer.from(chunk.data).toString("utf8");
  }
  return { stdout, stderr, exitCode: await session.exitCode };
}

export const sdkClient = (s: RuntimeServer): ContainerInstanceClient =>
  new ContainerInstanceClient(fromFile(s.serve.configFile, "DEFAULT"), {
    serviceEndpoint: s.serve.url,
    circuitBreakerStrategy: null,
  });

const STATUS_FIELDS = "grep -E '^(Uid|Gid|CapEff|CapBnd|NoNewPrivs):' /proc/self/status";

/**
 * Exec on a real engine, through the SDK against `caisson serve`: stdin, stdout/stderr, exit codes, a TTY
 * with resize, and the walls: the container's own user, capabilities and no-new-privileges.
 */
export async function execSuite(engine: EngineName): Promise<void> {
  const unavailable = await engineUnavailable(ENGINES[engine]);
  if (!suiteRunsHere(`${engine}: exec`, unavailable, ENABLE[engine])) return;
  let server: RuntimeServer | undefined;
  let client: ContainerInstanceClient;
  let containerId = "";

  beforeAll(async () => {
    server = await startRuntimeServer(engine);
    client = sdkClient(server);
    // The main process records what it runs with, so the exec's view can be compared with it.
    const instance = await createInstance(server, "exec-target", [
      {
        displayName: "app",
        imageUrl: IMAGE,
        command: ["sh", "-c", `${STATUS_FIELDS} > /tmp/main-status; exec sleep 100000`],
        securityContext: { securityContextType: "LINUX", runAsUser: 1000, runAsGroup: 1000 } as never,
      },
    ]);
    const active = await waitForInstanceState(server, instance.id, "ACTIVE");
    containerId = active.containers[0]!.containerId;
  }, 180_000);
  afterAll(async () => {
    await tearDown(server);
  }, 120_000);

  const it = (name: string, body: () => Promise<void>) =>
    test(name, async () => {
      if (!server) throw new Error("caisson serve did not start");
      await body();
    }, 120_000);

  /** `caisson exec` as a real process, its stdin from `input`. */
  const cliExec = (args: string[], input = "") =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const s = server!;
      const child = spawn(
        process.execPath,
        [CAISSON_BIN, "exec", "--config-file", s.serve.configFile, "--endpoint", s.serve.url, ...args],
        { env: { PATH: process.env.PATH, HOME: s.serve.dataDir }, stdio: ["pipe", "pipe", "pipe"] },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
      });
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      child.once("error", reject);
      child.once("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });

  describe(`${engine}: exec`, () => {
    it("caisson exec: exits with the command's code, -i pipes stdin, stdout and stderr stay apart", async () => {
      const plain = await cliExec([containerId, "--", "sh", "-c", "echo out; echo err >&2; exit 42"]);
      expect(plain).toEqual({ code: 42, stdout: "out\n", stderr: "err\n" });
      const piped = await cliExec(["-i", containerId, "--", "sh", "-c", "tr a-z A-Z"], "shout this\n");
      expect(piped).toEqual({ code: 0, stdout: "SHOUT THIS\n", stderr: "" });
      // Without -i the command's input is empty at once, whatever this process's stdin holds.
      const deaf = await cliExec([containerId, "--", "sh", "-c", "cat; echo end"], "ignored\n");
      expect(deaf).toEqual({ code: 0, stdout: "end\n", stderr: "" });
      const missing = await cliExec(["ocid1.computecontainer.oc1.iad.aaaanone", "--", "true"]);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain("NotAuthorizedOrNotFound");
    });

    it("caisson exec -it under a real terminal (script): the command gets a TTY of the terminal's size", async () => {
      const s = server!;
      const line = [
        process.execPath,
        CAISSON_BIN,
        "exec",
        "--config-file",
        s.serve.configFile,
        "--endpoint",
        s.serve.url,
      ]
        .concat([
          "-it",
          containerId,
          "--",
          "sh",
          "-c",
          "'tty >/dev/null && echo is-a-tty; echo ready; read x; stty size; exit 5'",
        ])
        .join(" ");
      // The command waits for a line typed after the session opened: by then the server has sized the TTY (Docker
      // before API 1.42 cannot size it at create, only by a resize right after start).
      const result = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
        const child = spawn("script", ["-qec", `stty cols 101 rows 33; ${line}`, "/dev/null"], {
          env: { PATH: process.env.PATH, HOME: s.serve.dataDir },
          stdio: ["pipe", "pipe", "pipe"],
        });
        let out = "";
        child.stdout.on("data", (chunk) => {
          out += chunk;
          if (out.includes("ready")) child.stdin.write("go\r");
        });
        const timer = setTimeout(() => child.kill(), 60_000);
        child.once("error", reject);
        child.once("close", (code) => {
          clearTimeout(timer);
          resolve({ code, out });
        });
      });
      expect(result.out).toContain("is-a-tty");
      expect(result.out).toContain("33 101");
      expect(result.code).toBe(5);
    });

    it("stdout, stderr and the exit code come back; stdin reaches the command and its end is end-of-file", async () => {
      const plain = await collect(
        await client.exec(containerId, { command: ["sh", "-c", "echo out; echo err >&2; exit 7"] }),
      );
      expect(plain).toEqual({ stdout: "out\n", stderr: "err\n", exitCode: 7 });

      async function* input() {
        yield "hello ";
        yield Buffer.from("from stdin\n");
      }
      const piped = await collect(
        await client.exec(containerId, { command: ["sh", "-c", "cat; echo done"], stdin: input() }),
      );
      expect(piped).toEqual({ stdout: "hello from stdin\ndone\n", stderr: "", exitCode: 0 });
    });

    it("a TTY: the size given at start and after a resize is what the command sees", async () => {
      async function* keys(session: () => ExecSession | undefined) {
        yield "first\n";
        // Wait for the first answer before resizing, so the two sizes are told apart.
        for (let i = 0; i < 200 && !seen.includes("24 80"); i++) await new Promise((r) => setTimeout(r, 25));
        session()?.resize(132, 50);
        await new Promise((r) => setTimeout(r, 200));
        yield "go\n";
      }
      let seen = "";
      let opened: ExecSession | undefined;
      opened = await client.exec(containerId, {
        command: ["sh", "-c", "read first; stty size; read line; stty size; exit 3"],
        tty: true,
        columns: 80,
        rows: 24,
        stdin: keys(() => opened),
      });
      for await (const chunk of opened) {
        expect(chunk.stream).toBe("stdout");
        seen += Buffer.from(chunk.data).toString("utf8");
      }
      expect(await opened.exitCode).toBe(3);
      expect(seen).toContain("24 80");
      expect(seen, JSON.stringify(seen)).toContain("50 132");
    });

    it("runs as the container's own user, with its capabilities and no-new-privileges; `ip link add` fails", async () => {
      const main = await collect(await client.exec(containerId, { command: ["cat", "/tmp/main-status"] }));
      const mine = await collect(await client.exec(containerId, { command: ["sh", "-c", STATUS_FIELDS] }));
      expect(main.exitCode).toBe(0);
      expect(mine.stdout).toBe(main.stdout);
      expect(mine.stdout).toMatch(/^Uid:\s+1000\s/m);
      expect(mine.stdout).toMatch(/^NoNewPrivs:\s+1$/m);
      const link = await collect(
        await client.exec(containerId, { command: ["ip", "link", "add", "x0", "type", "dummy"] }),
      );
      expect(link.exitCode).not.toBe(0);

      // Every session is logged: who, where, what, and how it ended.
      const s = server!;
      const lines = await until("the exec log lines", async () => {
        const found = s.serve
          .output()
          .split("\n")
          .filter((line) => line.includes('"msg":"exec') && line.includes(containerId));
        return found.some((line) => line.includes('"ip","link","add"')) ? found : undefined;
      });
      const started = JSON.parse(lines.find((line) => line.includes('"ip","link","add"'))!);
      expect(started).toMatchObject({
        msg: "exec started",
        user: s.serve.info.userId,
        tenancy: s.serve.info.tenancyId,
        container: containerId,
        command: ["ip", "link", "add", "x0", "type", "dummy"],
      });
      expect(lines.some((line) => line.includes('"exec ended"') && line.includes('"exitCode"'))).toBe(true);
    });

    it("another tenancy's exec into this container is 404, as if it did not exist, and runs nothing", async () => {
      const s = server!;
      const teamDir = join(newDataDir(), "tenant-b");
      const made = await against(s.serve)([
        "admin",
        "tenancy",
        "create",
        "--name",
        `exec-b-${engine}`,
        "--output-dir",
        teamDir,
      ]);
      expect(made.code, made.stderr).toBe(0);
      const intruder = new ContainerInstanceClient(fromFile(join(teamDir, "config"), "DEFAULT"), {
        serviceEndpoint: s.serve.url,
        circuitBreakerStrategy: null,
      });
      const refused = await intruder.exec(containerId, { command: ["sh", "-c", "touch /tmp/intruder"] }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ServiceError);
      expect(refused).toMatchObject({ status: 404, code: "NotAuthorizedOrNotFound" });
      // The same through `caisson exec` with the other tenancy's config file.
      const cli = await caisson([
        "exec",
        "--config-file",
        join(teamDir, "config"),
        "--endpoint",
        s.serve.url,
        containerId,
        "--",
        "sh",
        "-c",
        "touch /tmp/intruder",
      ]);
      expect(cli.code).not.toBe(0);
      expect(cli.stderr).toContain("NotAuthorizedOrNotFound (404)");
      // Nothing ran in the container: the owner finds no file.
      const look = await collect(
        await client.exec(containerId, { command: ["sh", "-c", "test -e /tmp/intruder; echo $?"] }),
      );
      expect(look.stdout.trim()).toBe("1");
    });

    it("refusals: an unknown container is 404, past 8 open sessions 429, and a closed session frees its slot", async () => {
      const refusal = (promise: Promise<unknown>) =>
        promise.then(
          () => undefined,
          (error: unknown) => error as ServiceError,
        );
      const unknown = await refusal(client.exec("ocid1.computecontainer.oc1.iad.aaaaunknown", { command: ["true"] }));
      expect(unknown).toBeInstanceOf(ServiceError);
      expect(unknown).toMatchObject({ status: 404, code: "NotAuthorizedOrNotFound" });

      const sessions: ExecSession[] = [];
      try {
        for (let i = 0; i < 8; i++) sessions.push(await client.exec(containerId, { command: ["sleep", "60"] }));
        const ninth = await refusal(client.exec(containerId, { command: ["true"] }));
        expect(ninth).toMatchObject({ status: 429, code: "TooManyRequests" });
      } finally {
        for (const session of sessions) session.close();
      }
      // Closing a session gives its slot back.
      await expect
        .poll(async () => (await refusal(client.exec(containerId, { command: ["true"] })))?.status, {
          timeout: 30_000,
        })
        .toBeUndefined();
    });
  });
}
