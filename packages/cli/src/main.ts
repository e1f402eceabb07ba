import { readFileSync } from "node:fs";
import { API_VERSION } from "@caisson/api";
import { ServiceError } from "@caisson/sdk";
import { closest } from "./cli/did-you-mean.js";
import { commandHelp, groupHelp, topHelp } from "./cli/help.js";
import { parseCommandArgs } from "./cli/parse.js";
import { presentError } from "./cli/present-error.js";
import { type Command, type Group, isGroup } from "./cli/spec.js";
import { adminGroup } from "./commands/admin/index.js";
import { completionCommand } from "./commands/completion.js";
import { containerGroup } from "./commands/container/index.js";
import { containerInstanceGroup } from "./commands/container-instance/index.js";
import { doctorCommand } from "./commands/doctor.js";
import { execCommand } from "./commands/exec/index.js";
import { runCommand } from "./commands/run/index.js";
import { serveEntry } from "./commands/serve-entry.js";
import { eventsCommand } from "./commands/streams/events.js";
import { logsCommand } from "./commands/streams/logs.js";
import { workRequestGroup } from "./commands/work-request/index.js";
import { CliError, UsageError } from "./errors.js";
import { type Output, processOutput } from "./output.js";

/** The whole command tree, in the order `caisson --help` lists it. */
export const COMMANDS: Array<Command | Group> = [
  serveEntry,
  runCommand,
  execCommand,
  containerInstanceGroup,
  containerGroup,
  workRequestGroup,
  eventsCommand,
  logsCommand,
  adminGroup,
  doctorCommand,
  completionCommand(() => COMMANDS),
];

const HELP_WORDS = new Set(["help", "--help", "-h"]);

/** The `caisson` command. Returns the process exit status. */
export async function main(argv: string[], out: Output = processOutput, env = process.env): Promise<number> {
  try {
    return await dispatch(argv, out, env);
  } catch (error) {
    return presentError(error, out, env);
  }
}

async function dispatch(argv: string[], out: Output, env: NodeJS.ProcessEnv): Promise<number> {
  if (argv[0] === "--version" || argv[0] === "version") {
    out.stdout(await versionText(env));
    return 0;
  }
  let entries = COMMANDS;
  let group: Group | undefined;
  const path: string[] = [];
  for (let i = 0; ; i++) {
    const word = argv[i];
    if (word === undefined || HELP_WORDS.has(word)) {
      out.stdout(group ? groupHelp(path.join(" "), group) : topHelp(COMMANDS));
      // Bare `caisson` or `caisson admin` is an incomplete command line: help, but a usage status.
      return word === undefined ? 2 : 0;
    }
    const entry = entries.find((e) => e.name === word);
    if (!entry) {
      const where = path.length > 0 ? `caisson ${path.join(" ")}` : "caisson";
      const guess = closest(
        word,
        entries.map((e) => e.name),
      );
      const hint = guess ? `; did you mean '${[where, guess].join(" ")}'?` : "";
      throw new UsageError(`unknown command "${word}" for '${where}'${hint}`, path.join(" ") || undefined);
    }
    path.push(entry.name);
    if (isGroup(entry)) {
      group = entry;
      entries = entry.commands;
      continue;
    }
    return runLeaf(entry, path.join(" "), argv.slice(i + 1), out, env);
  }
}

async function runLeaf(command: Command, path: string, argv: string[], out: Output, env: NodeJS.ProcessEnv) {
  const ctx = { out, env, path };
  if (command.raw) return command.run(ctx, { values: {}, positionals: argv });
  // Only words before `--` can ask for help: after it they belong to the container's command.
  const end = argv.indexOf("--");
  if ((end < 0 ? argv : argv.slice(0, end)).some((word) => word === "--help" || word === "-h")) {
    out.stdout(commandHelp(path, command));
    return 0;
  }
  const args = parseCommandArgs(command, path, argv);
  if (!command.operatorOnly) return command.run(ctx, args);
  return command.run(ctx, args).catch((error: unknown) => {
    if (error instanceof ServiceError && error.status === 404 && error.code === "NotAuthorizedOrNotFound") {
      throw new CliError(
        `${error.code} (404): 'caisson ${path}' is operator-only, and the server answers 404 to anyone else ` +
          `(or the ${path.split(" ")[1] ?? "resource"} does not exist). Use the config file of the operator ` +
          `tenancy, which 'caisson serve' wrote to its data directory.${error.opcRequestId ? ` [opc-request-id: ${error.opcRequestId}]` : ""}`,
      );
    }
    throw error;
  });
}

/**
 * `caisson --version`: the package, the API version it implements, the engine `serve` would use (found the way
 * serve finds it, in milliseconds) and Node. The first line alone is the version, for scripts.
 */
async function versionText(env: NodeJS.ProcessEnv): Promise<string> {
  const { firstEngine } = await import("@caisson/server/engines");
  const engine = await firstEngine({ env });
  const runtime = engine
    ? `${engine.ping.reason.replace(/ answered$/, "")} at ${engine.endpoint} (${engine.source})`
    : "no Docker or Podman engine answered: serve would use the emulated runtime (run 'caisson doctor')";
  return [
    `caisson ${version()}`,
    `  api      OCI Container Instances ${API_VERSION}`,
    `  runtime  ${runtime}`,
    `  node     ${process.versions.node}`,
    "",
  ].join("\n");
}

/** The package's version; the file sits one level up from dist/ and two from the bundle in dist/bundle/. */
function version(): string {
  for (const path of ["../package.json", "../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as {
        name?: string;
        version: string;
      };
      if (pkg.name === "caisson") return pkg.version;
    } catch {
      // try the next location
    }
  }
  return "unknown";
}
