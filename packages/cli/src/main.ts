import { SERVE_HELP, serveCommand, UsageError } from "./commands/serve.js";
import { type Output, processOutput } from "./output.js";

const HELP = `Usage: caisson <command> [options]

Commands:
  serve                 start the Caisson server (OCI Container Instances API)

Run 'caisson <command> --help' for a command's options.

${SERVE_HELP}`;

/** The `caisson` command. Returns the process exit status. */
export async function main(argv: string[], out: Output = processOutput): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "serve":
        return await serveCommand(rest, out);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        out.stdout(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"; run 'caisson --help'`);
    }
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    out.stderr(`caisson: ${message}\n`);
    return error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? 2 : 1;
  }
}
