import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { type ExecOutcome, pumpExecSession } from "../../src/exec/exec-session.js";
import { encodeFrame, exitFrame, FrameReader, FrameType, MAX_FRAME_PAYLOAD } from "../../src/exec/frames.js";
import type { RuntimeExecSession } from "../../src/runtime/driver.js";

/**
 * The frame protocol on a real socket pair, with an in-process session standing in for the engine (the engine
 * suites run it against Podman and Docker): what a client sends reaches the session, what the session says
 * reaches the client, and a client that breaks the protocol ends the session.
 */
class RecordingSession implements RuntimeExecSession {
  readonly input: Buffer[] = [];
  readonly sizes: Array<[number, number]> = [];
  stdinEnded = false;
  closed = false;
  listener: ((stream: "stdout" | "stderr", data: Buffer) => void) | undefined;
  #exit!: (code: number) => void;
  readonly exitCode = new Promise<number>((resolve) => {
    this.#exit = resolve;
  });
  onOutput(listener: (stream: "stdout" | "stderr", data: Buffer) => void): void {
    this.listener = listener;
  }
  writeStdin(data: Buffer): void {
    this.input.push(Buffer.from(data));
  }
  endStdin(): void {
    this.stdinEnded = true;
  }
  async resize(columns: number, rows: number): Promise<void> {
    this.sizes.push([columns, rows]);
  }
  pauseOutput(): void {}
  resumeOutput(): void {}
  exit(code: number): void {
    this.#exit(code);
  }
  close(): void {
    this.closed = true;
  }
}

let server: Server | undefined;
afterEach(() => server?.close());

async function pair(session: RecordingSession, early: Buffer = Buffer.alloc(0)) {
  const outcome = new Promise<ExecOutcome>((resolve) => {
    server = createServer((socket: Socket) => pumpExecSession(socket, session, early, resolve));
  });
  await new Promise<void>((resolve) => server!.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const client = connect((server!.address() as { port: number }).port, "127.0.0.1");
  const frames: Array<{ type: number; payload: Buffer }> = [];
  const reader = new FrameReader();
  const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
  client.on("data", (chunk: Buffer) => frames.push(...reader.push(chunk)));
  await new Promise<void>((resolve) => client.once("connect", () => resolve()));
  return { client, frames, closed, outcome };
}

const until = async (what: string, check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check(), what).toBe(true);
};

describe("the caisson-exec.v1 frames", () => {
  test("stdin, resize and stdin-end reach the session; output and the exit code reach the client, in order", async () => {
    const session = new RecordingSession();
    const early = encodeFrame(FrameType.stdin, Buffer.from("sent with the request "));
    const { client, frames, closed, outcome } = await pair(session, early);
    const size = Buffer.alloc(4);
    size.writeUInt16BE(120, 0);
    size.writeUInt16BE(40, 2);
    // One frame split across writes, two frames in one write.
    const input = encodeFrame(FrameType.stdin, Buffer.from("hello"));
    client.write(input.subarray(0, 3));
    client.write(Buffer.concat([input.subarray(3), encodeFrame(FrameType.resize, size)]));
    client.write(encodeFrame(FrameType.stdinEnd));
    await until("input delivered", () => session.stdinEnded);
    expect(Buffer.concat(session.input).toString()).toBe("sent with the request hello");
    expect(session.sizes).toEqual([[120, 40]]);

    session.listener!("stdout", Buffer.from("out"));
    session.listener!("stderr", Buffer.from("err"));
    session.listener!("stdout", Buffer.alloc(MAX_FRAME_PAYLOAD + 10, 1));
    session.exit(42);
    await closed;
    expect(frames.map((f) => [f.type, f.payload.length])).toEqual([
      [FrameType.stdout, 3],
      [FrameType.stderr, 3],
      [FrameType.stdout, MAX_FRAME_PAYLOAD],
      [FrameType.stdout, 10],
      [FrameType.exit, 4],
    ]);
    expect(frames.at(-1)!.payload).toEqual(exitFrame(42).subarray(5));
    expect(await outcome).toEqual({ exitCode: 42 });
  });

  test.each([
    ["an oversized frame", encodeFrame(FrameType.stdin, Buffer.alloc(0)).fill(0xff, 1, 5)],
    ["a frame only the server sends", encodeFrame(FrameType.exit, Buffer.alloc(4))],
    ["a resize without two sizes", encodeFrame(FrameType.resize, Buffer.alloc(3))],
  ])("attack: %s ends the session with an error frame", async (_, bad) => {
    const session = new RecordingSession();
    const { client, frames, closed, outcome } = await pair(session);
    client.write(bad);
    await closed;
    expect(frames.at(-1)?.type).toBe(FrameType.error);
    expect(frames.at(-1)!.payload.toString()).toMatch(/^protocol error: /);
    expect(session.closed).toBe(true);
    expect(await outcome).toMatchObject({ ended: expect.stringMatching(/^protocol error/) });
  });

  test("a client that goes away closes the session", async () => {
    const session = new RecordingSession();
    const { client, outcome } = await pair(session);
    client.end();
    expect(await outcome).toEqual({ ended: "the client closed the connection" });
    expect(session.closed).toBe(true);
  });
});
