import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";
import { closest } from "./did-you-mean.js";
import { CONNECTION_OPTIONS, HELP_OPTION } from "./global-options.js";
import type { Command, Options, ParsedArgs } from "./spec.js";

/** Every flag a command accepts: its own, the connection flags if it talks to a server, and --help. */
export function allOptions(command: Command): Options {
  return { ...command.options, ...(command.usesServer ? CONNECTION_OPTIONS : {}), ...HELP_OPTION };
}

/** node:util parseArgs with the command's flags; its errors become UsageErrors that name the command. */
export function parseCommandArgs(command: Command, path: string, argv: string[]): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(allOptions(command)).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.multiple && { multiple: true }), ...(spec.short && { short: spec.short }) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      strict: true,
      allowPositionals: command.positionals !== undefined,
    });
    return { values: values as ParsedArgs["values"], positionals };
  } catch (error) {
    // parseArgs messages are long and mention `strict`; keep the part that names the flag.
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    const unknown = /^Unknown option '--([^'=]+)'/.exec(message)?.[1];
    const guess = unknown === undefined ? undefined : closest(unknown, Object.keys(options));
    throw new UsageError(guess ? `${message}; did you mean --${guess}?` : message, path);
  }
}

export function optionalString(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

export function requiredString(args: ParsedArgs, name: string, path: string): string {
  const value = optionalString(args, name);
  if (value === undefined || value === "") throw new UsageError(`--${name} is required`, path);
  return value;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export function strings(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
}

export function optionalNumber(
  args: ParsedArgs,
  name: string,
  path: string,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  const raw = optionalString(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY, integer = true } = range;
  if (
    raw.trim() === "" ||
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    value < min ||
    value > max
  ) {
    const bounds = [Number.isFinite(min) && `≥ ${min}`, Number.isFinite(max) && `≤ ${max}`].filter(Boolean).join(", ");
    throw new UsageError(
      `--${name} must be ${integer ? "a whole number" : "a number"}${bounds && ` ${bounds}`}, got "${raw}"`,
      path,
    );
  }
  return value;
}

export function oneOf<T extends string>(
  args: ParsedArgs,
  name: string,
  path: string,
  allowed: readonly T[],
  transform: (raw: string) => string = (raw) => raw,
): T | undefined {
  const raw = optionalString(args, name);
  if (raw === undefined) return undefined;
  const value = transform(raw);
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, got "${raw}"`, path);
  }
  return value as T;
}
