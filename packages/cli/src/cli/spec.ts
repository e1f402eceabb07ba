import type { Output } from "../output.js";

export interface OptionSpec {
  type: "string" | "boolean";
  description: string;
  /** Shown in help: `--shape SHAPE`. */
  placeholder?: string;
  multiple?: boolean;
  short?: string;
  required?: boolean;
}

export type Options = Record<string, OptionSpec>;

/** Parsed flags (kebab-case names as typed) and positionals. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface CommandContext {
  out: Output;
  env: NodeJS.ProcessEnv;
  /** `group command`, e.g. `container-instance create`, for messages. */
  path: string;
}

/** One leaf command: `caisson <group> <name>` or a top-level one like `run`. */
export interface Command {
  name: string;
  summary: string;
  /** Positional arguments as shown in the usage line, e.g. `IMAGE [-- COMMAND [ARG...]]`. */
  positionals?: string;
  /** Extra paragraphs for --help: what it does beyond the summary. */
  description?: string;
  options: Options;
  /** Whether the connection flags (--profile, --endpoint, …) and --output apply. */
  usesServer: boolean;
  examples: string[];
  /**
   * Only users of the operator tenancy (the one `caisson serve` created first) may use it: said in its help,
   * and added to the server's 404, which the server gives anyone else so as not to reveal the admin API.
   */
  operatorOnly?: boolean;
  /** The command parses its own argv (serve keeps its historical parser); `positionals` is argv untouched. */
  raw?: boolean;
  run(ctx: CommandContext, args: ParsedArgs): Promise<number>;
}

/** A named set of commands or further groups: `caisson admin tenancy create`. */
export interface Group {
  name: string;
  summary: string;
  commands: Array<Command | Group>;
}

export const isGroup = (entry: Command | Group): entry is Group => "commands" in entry;
