import type { ReadStream, WriteStream } from "node:tty";

/** The process's terminal, injected so the exec command's plumbing can be driven by tests. */
export interface Terminal {
  stdin: NodeJS.ReadableStream & Partial<Pick<ReadStream, "isTTY" | "setRawMode">> & { destroy?(): void };
  stdout: NodeJS.WritableStream & Partial<Pick<WriteStream, "isTTY" | "columns" | "rows">>;
  stderr: NodeJS.WritableStream;
  /** Subscribes to window-size changes (SIGWINCH, as Node reports them); returns the unsubscribe. */
  onResize(listener: () => void): () => void;
}

export const processTerminal: Terminal = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  // Node turns SIGWINCH into stdout's "resize" once it has read the new size; a SIGWINCH listener of our own
  // could run first and read the old one.
  onResize: (listener) => {
    process.stdout.on("resize", listener);
    return () => process.stdout.off("resize", listener);
  },
};

/** The terminal's size, or 80×24 when stdout is not a terminal. */
export const sizeOf = (terminal: Terminal): { columns: number; rows: number } => ({
  columns: terminal.stdout.columns || 80,
  rows: terminal.stdout.rows || 24,
});
