import type { Socket } from "node:net";
import type { RuntimeExecSession } from "../runtime/driver.js";
import { encodeOutput, errorFrame, exitFrame, FrameError, FrameReader, FrameType, readResize } from "./frames.js";

export type ExecOutcome = { exitCode: number } | { ended: string };

/**
 * Joins the upgraded socket and the engine's exec: input frames go to the process, its output comes back as
 * frames, and its exit code ends the session. The caller going away closes the engine side too.
 */
export function pumpExecSession(
  socket: Socket,
  session: RuntimeExecSession,
  alreadyReceived: Buffer,
  onEnd: (outcome: ExecOutcome) => void,
): void {
  let finished = false;
  const finish = (outcome: ExecOutcome) => {
    if (finished) return;
    finished = true;
    onEnd(outcome);
  };
  const reader = new FrameReader();
  // Frames act in the order they came: a resize lands before the input typed after it.
  let pending = Promise.resolve();
  const act = async (frame: { type: number; payload: Buffer }) => {
    if (frame.type === FrameType.stdin) session.writeStdin(frame.payload);
    else if (frame.type === FrameType.stdinEnd) session.endStdin();
    else if (frame.type === FrameType.resize) {
      const size = readResize(frame.payload);
      if (!size || size.columns < 1 || size.rows < 1)
        throw new FrameError("a resize frame carries two non-zero uint16");
      await session.resize(size.columns, size.rows);
    } else throw new FrameError(`frame type ${frame.type} is not one a client sends`);
  };
  const refuse = (error: unknown) => {
    const message = error instanceof FrameError ? error.message : "the input could not be read";
    socket.end(errorFrame(`protocol error: ${message}`));
    session.close();
    finish({ ended: `protocol error: ${message}` });
  };
  const onInput = (chunk: Buffer) => {
    try {
      for (const frame of reader.push(chunk)) pending = pending.then(() => (finished ? undefined : act(frame)));
      pending = pending.catch(refuse);
    } catch (error) {
      refuse(error);
    }
  };
  session.onOutput((stream, data) => {
    if (socket.destroyed) return;
    let full = false;
    for (const frame of encodeOutput(stream === "stderr" ? FrameType.stderr : FrameType.stdout, data)) {
      full = !socket.write(frame) || full;
    }
    if (full) {
      // A slow reader holds the process back instead of filling the server's memory.
      session.pauseOutput();
      socket.once("drain", () => session.resumeOutput());
    }
  });
  socket.on("data", onInput);
  const gone = () => {
    session.close();
    socket.destroy();
    finish({ ended: "the client closed the connection" });
  };
  // The server's sockets allow half-open connections; a client that ends its side has gone (input ends with a
  // STDIN_END frame, never with the socket).
  socket.once("end", gone);
  socket.once("close", gone);
  if (alreadyReceived.length > 0) onInput(alreadyReceived);
  socket.resume();
  session.exitCode.then(
    (exitCode) => {
      if (!socket.destroyed) socket.end(exitFrame(exitCode));
      finish({ exitCode });
    },
    (error: unknown) => {
      if (!socket.destroyed) socket.end(errorFrame(`the exec failed: ${(error as Error).message}`));
      finish({ ended: `engine error: ${(error as Error).message}` });
    },
  );
}
