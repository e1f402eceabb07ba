/**
 * The caisson-exec.v1 frame protocol, spoken on the socket after `101 Switching Protocols`. Every frame is
 *   1 byte type | 4 bytes payload length (unsigned, big-endian) | payload
 * Client → server: STDIN (bytes), STDIN_END (empty: no more input), RESIZE (uint16 columns, uint16 rows).
 * Server → client: STDOUT, STDERR (bytes), EXIT (int32 exit code; the server then closes), ERROR (UTF-8
 * message; the server then closes). Unknown types and payloads over MAX_FRAME_PAYLOAD end the session.
 */
export const EXEC_PROTOCOL = "caisson-exec.v1";

export const FrameType = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  stdinEnd: 3,
  resize: 4,
  exit: 5,
  error: 6,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export const FRAME_HEADER_BYTES = 5;
/** Larger output is split; larger input is a protocol error. */
export const MAX_FRAME_PAYLOAD = 64 * 1024;

export interface Frame {
  type: number;
  payload: Buffer;
}

export function encodeFrame(type: FrameType, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

/** Output split into frames no larger than MAX_FRAME_PAYLOAD. */
export function encodeOutput(type: typeof FrameType.stdout | typeof FrameType.stderr, data: Buffer): Buffer[] {
  const frames: Buffer[] = [];
  for (let at = 0; at < data.length; at += MAX_FRAME_PAYLOAD) {
    frames.push(encodeFrame(type, data.subarray(at, at + MAX_FRAME_PAYLOAD)));
  }
  return frames;
}

export const exitFrame = (code: number): Buffer => {
  const payload = Buffer.alloc(4);
  payload.writeInt32BE(code, 0);
  return encodeFrame(FrameType.exit, payload);
};

export const errorFrame = (message: string): Buffer => encodeFrame(FrameType.error, Buffer.from(message, "utf8"));

export function readResize(payload: Buffer): { columns: number; rows: number } | undefined {
  if (payload.length !== 4) return undefined;
  return { columns: payload.readUInt16BE(0), rows: payload.readUInt16BE(2) };
}

/** Cuts a byte stream into frames; throws FrameError on an oversized frame. */
export class FrameReader {
  #buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
    const frames: Frame[] = [];
    while (this.#buffered.length >= FRAME_HEADER_BYTES) {
      const length = this.#buffered.readUInt32BE(1);
      if (length > MAX_FRAME_PAYLOAD) throw new FrameError(`a frame of ${length} bytes is over ${MAX_FRAME_PAYLOAD}`);
      if (this.#buffered.length < FRAME_HEADER_BYTES + length) break;
      frames.push({
        type: this.#buffered.readUInt8(0),
        payload: this.#buffered.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length),
      });
      this.#buffered = this.#buffered.subarray(FRAME_HEADER_BYTES + length);
    }
    return frames;
  }
}

export class FrameError extends Error {
  override readonly name = "FrameError";
}
