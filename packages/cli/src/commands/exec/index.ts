import type { ExecOptions, ExecSession } from "@caisson/sdk";
import { invocation } from "../../cli/command-context.js";
import { flag } from "../../cli/parse.js";
import type { Command } from "../../cli/spec.js";
import { UsageError } from "../../errors.js";
import { processTerminal, sizeOf, type Terminal } from "./terminal.js";

export const execCommand: Command = {
  name: "exec",
  summary: "Run a command in a running container and exit with its exit code",
  positionals: "CONTAINER_ID -- COMMAND [ARG...]",
  description: [
    "Runs as the container's own user, with its capabilities. -i sends this terminal's input to the command",
    "(its end is the command's end-of-file); -t gives the command a terminal (raw mode here, window size",
    "changes followed). Exits with the command's exit code. Put '--' before the command so that its flags",
    "are not read as caisson's. A Caisson extension (POST /_caisson/containers/{id}/exec); the server's",
    "operator may turn it off (caisson serve --exec off).",
  ].join("\n"),
  usesServer: true,
  options: {
    interactive: { type: "boolean", short: "i", description: "send stdin to the command" },
    tty: { type: "boolean", short: "t", description: "give the command a terminal" },
  },
  examples: [
    "caisson exec ocid1.computecontainer.oc1..aaaa -- cat /etc/hostname",
    "caisson exec -it ocid1.computecontainer.oc1..aaaa -- sh",
    "echo 'select 1;' | caisson exec -i ocid1.computecontainer.oc1..aaaa -- psql",
  ],
  async run(ctx, args) {
    const [containerId, ...command] = args.positionals;
    if (!containerId) throw new UsageError("a CONTAINER_ID is required, e.g. 'caisson exec ID -- sh'", ctx.path);
    if (command.length === 0)
      throw new UsageError("a COMMAND is required after the container id, e.g. '-- sh'", ctx.path);
    const inv = invocation(ctx, args);
    return execInContainer(
      (options) => inv.session.client.exec(containerId, options),
      { command, interactive: flag(args, "interactive"), tty: flag(args, "tty") },
      processTerminal,
    );
  },
};

type Open = (options: ExecOptions) => Promise<ExecSession>;

/** Opens the session, joins it to the terminal, and answers the command's exit code. */
export async function execInContainer(
  open: Open,
  request: { command: string[]; interactive: boolean; tty: boolean },
  terminal: Terminal,
): Promise<number> {
  const raw = request.tty && request.interactive && terminal.stdin.isTTY === true && terminal.stdin.setRawMode;
  const session = await open({
    command: request.command,
    tty: request.tty,
    ...(request.interactive && { stdin: terminal.stdin as AsyncIterable<Uint8Array> }),
    ...(request.tty && sizeOf(terminal)),
  });
  // Raw only once the session is open: a refusal must leave the terminal as it was.
  if (raw) terminal.stdin.setRawMode?.(true);
  const stopResize = request.tty
    ? terminal.onResize(() => {
        const { columns, rows } = sizeOf(terminal);
        session.resize(columns, rows);
      })
    : () => {};
  try {
    for await (const chunk of session) {
      (chunk.stream === "stderr" ? terminal.stderr : terminal.stdout).write(chunk.data);
    }
    return await session.exitCode;
  } finally {
    stopResize();
    if (raw) terminal.stdin.setRawMode?.(false);
    // Nothing more is read: let the process end even if the input never did.
    if (request.interactive) terminal.stdin.destroy?.();
  }
}
