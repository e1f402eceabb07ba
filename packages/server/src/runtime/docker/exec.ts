import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import { RuntimeError, type RuntimeExecRequest, type RuntimeExecSession } from "../driver.js";
import { listInstanceContainers } from "./containers.js";
import { engineCall, wrapEngineError } from "./errors.js";

/**
 * An exec through the engine's API (Docker's, which Podman also speaks). No User, Privileged or capability is
 * passed: the engine then runs the process as the container's user, inside its capability set and under its
 * no-new-privileges, exactly like the container's own processes.
 */
export async function startExec(
  docker: Docker,
  instanceId: string,
  containerId: string,
  request: RuntimeExecRequest,
): Promise<RuntimeExecSession> {
  const { apps } = await listInstanceContainers(docker, instanceId);
  const app = apps.get(containerId);
  const notRunning = () => new RuntimeError(`container ${containerId} is not running`, "NotRunning");
  if (!app) throw notRunning();
  const container = docker.getContainer(app.Id);
  const info = await engineCall(`inspect ${containerId}`, () => container.inspect());
  if (!info.State.Running) throw notRunning();
  const exec = await container
    .exec({
      Cmd: request.command,
      AttachStdin: request.stdin,
      AttachStdout: true,
      AttachStderr: true,
      Tty: request.tty,
      // Honoured by Podman and Docker API 1.42+; older Docker gets the size from the resize right after start.
      ...(request.tty && request.columns && request.rows && { ConsoleSize: [request.rows, request.columns] }),
    } as Docker.ExecCreateOptions)
    .catch((error: unknown) => {
      throw wrapEngineError(`exec in ${containerId}`, error);
    });
  const stream = (await exec.start({ hijack: true, stdin: request.stdin, Tty: request.tty }).catch((error: unknown) => {
    throw wrapEngineError(`start exec in ${containerId}`, error);
  })) as Duplex;
  const session = new EngineExecSession(exec, stream, request);
  if (request.tty && request.columns && request.rows) await session.resize(request.columns, request.rows);
  return session;
}

type Listener = (stream: "stdout" | "stderr", data: Buffer) => void;

class EngineExecSession implements RuntimeExecSession {
  readonly exitCode: Promise<number>;
  #listener: Listener | undefined;
  readonly #held: Array<["stdout" | "stderr", Buffer]> = [];
  readonly #demux = new Demultiplexer();
  private readonly tty: boolean;

  constructor(
    private readonly exec: Docker.Exec,
    private readonly stream: Duplex,
    request: RuntimeExecRequest,
  ) {
    this.tty = request.tty;
    stream.on("data", (chunk: Buffer) => {
      if (request.tty) this.#emit("stdout", chunk);
      else for (const [kind, data] of this.#demux.push(chunk)) this.#emit(kind, data);
    });
    this.exitCode = new Promise<void>((resolve) => {
      stream.once("end", resolve);
      stream.once("close", resolve);
      stream.once("error", resolve);
    }).then(() => this.#finalExitCode());
  }

  onOutput(listener: Listener): void {
    this.#listener = listener;
    for (const [kind, data] of this.#held.splice(0)) listener(kind, data);
  }

  #emit(kind: "stdout" | "stderr", data: Buffer): void {
    if (this.#listener) this.#listener(kind, data);
    else this.#held.push([kind, data]);
  }

  writeStdin(data: Buffer): void {
    if (!this.stream.writableEnded) this.stream.write(data);
  }

  endStdin(): void {
    if (this.stream.writableEnded) return;
    // On a terminal, end-of-file is Ctrl-D, as typed: half-closing a TTY exec's stream makes the engines cut
    // its output short. Without a terminal, the half-close is the end-of-file the process reads.
    if (this.tty) this.stream.write(Buffer.from([4]));
    else this.stream.end();
  }

  async resize(columns: number, rows: number): Promise<void> {
    await this.exec.resize({ w: columns, h: rows }).catch(() => {
      // The process may just have ended; a lost resize is harmless.
    });
  }

  pauseOutput(): void {
    this.stream.pause();
  }

  resumeOutput(): void {
    this.stream.resume();
  }

  close(): void {
    this.stream.destroy();
  }

  /** The engine may report the exec as running for a moment after its stream ended. */
  async #finalExitCode(): Promise<number> {
    for (let delay = 10; delay < 2_000; delay *= 2) {
      const state = await this.exec.inspect().catch(() => undefined);
      if (state && !state.Running && state.ExitCode !== null && state.ExitCode !== undefined) return state.ExitCode;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    const state = await this.exec.inspect().catch(() => undefined);
    return state?.ExitCode ?? 255;
  }
}

/** Docker's multiplexed stream: 8-byte headers (stream type, 3 zero bytes, uint32 length) before each chunk. */
class Demultiplexer {
  #buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Array<["stdout" | "stderr", Buffer]> {
    this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
    const out: Array<["stdout" | "stderr", Buffer]> = [];
    while (this.#buffered.length >= 8) {
      const length = this.#buffered.readUInt32BE(4);
      if (this.#buffered.length < 8 + length) break;
      const kind = this.#buffered[0] === 2 ? "stderr" : "stdout";
      out.push([kind, this.#buffered.subarray(8, 8 + length)]);
      this.#buffered = this.#buffered.subarray(8 + length);
    }
    return out;
  }
}
