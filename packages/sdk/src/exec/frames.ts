/**
 * caisson-exec.v1 frames (the server documents the protocol in docs/ports-and-exec.md):
 *   1 byte type | 4 bytes payload length, big-endian | payload
 */
export const EXEC_PROTOCOL = "caisson-exec.v1";
export const FRAME = { stdin: 0, stdout: 1, stderr: 2, stdinEnd: 3, resize: 4, exit: 5, error: 6 } as const;
const HEADER = 5;
/** The most a frame carries; longer input is split. */
export const MAX_PAYLOAD = 64 * 1024;

export function frame(type: number, payload: Uint8Array = new Uint8Array()): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

export function resizeFrame(columns: number, rows: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt16BE(Math.max(1, Math.min(65535, Math.round(columns))), 0);
  payload.writeUInt16BE(Math.max(1, Math.min(65535, Math.round(rows))), 2);
  return frame(FRAME.resize, payload);
}

/** Cuts the server's byte stream into frames. */
export class FrameReader {
  #buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Array<{ type: number; payload: Buffer }> {
    this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
    const frames: Array<{ type: number; payload: Buffer }> = [];
    while (this.#buffered.length >= HEADER) {
      const length = this.#buffered.readUInt32BE(1);
      if (length > MAX_PAYLOAD) throw new Error(`the server sent a frame of ${length} bytes, over ${MAX_PAYLOAD}`);
      if (this.#buffered.length < HEADER + length) break;
      frames.push({ type: this.#buffered.readUInt8(0), payload: this.#buffered.subarray(HEADER, HEADER + length) });
      this.#buffered = this.#buffered.subarray(HEADER + length);
    }
    return frames;
  }
}
