import { allOptions } from "./parse.js";
import type { Command, Group, OptionSpec } from "./spec.js";

const column = (rows: Array<[string, string]>): string => {
  const width = Math.min(Math.max(...rows.map(([left]) => left.length), 0) + 2, 34);
  // A label too long for the column gets its description on the next line, never glued to it ("Ngrace").
  return rows
    .map(([left, right]) =>
      left.length < width - 1 ? `  ${left.padEnd(width)}${right}` : `  ${left}\n  ${" ".repeat(width)}${right}`,
    )
    .join("\n");
};

function optionLabel(name: string, spec: OptionSpec): string {
  const short = spec.short ? `-${spec.short}, ` : "";
  const value = spec.type === "string" ? ` ${spec.placeholder ?? "VALUE"}` : "";
  return `${short}--${name}${value}`;
}

export const OPERATOR_ONLY =
  "Operator only: only users of the operator tenancy (the one 'caisson serve' created on its first start) may use it.";

export function commandHelp(path: string, command: Command): string {
  const options = allOptions(command);
  const rows = Object.entries(options).map(([name, spec]): [string, string] => [
    optionLabel(name, spec),
    `${spec.description}${spec.required ? " (required)" : ""}${spec.multiple ? " (repeatable)" : ""}`,
  ]);
  const positionals = command.positionals ? ` ${command.positionals}` : "";
  return [
    `Usage: caisson ${path} [options]${positionals}`,
    "",
    command.summary,
    ...(command.operatorOnly ? ["", OPERATOR_ONLY] : []),
    ...(command.description ? ["", command.description] : []),
    "",
    "Options:",
    column(rows),
    "",
    command.examples.length > 1 ? "Examples:" : "Example:",
    ...command.examples.map((example) => `  ${example}`),
    "",
  ].join("\n");
}

export function groupHelp(path: string, group: Group): string {
  return [
    `Usage: caisson ${path} <command> [options]`,
    "",
    group.summary,
    "",
    "Commands:",
    column(group.commands.map((c) => [c.name, c.summary])),
    "",
    `Run 'caisson ${path} <command> --help' for a command's options and an example.`,
    "",
  ].join("\n");
}

export function topHelp(entries: Array<Command | Group>): string {
  return [
    "Usage: caisson <command> [options]",
    "",
    "Caisson: a self-hosted OCI Container Instances service, and its command line.",
    "",
    "Commands:",
    column(entries.map((e): [string, string] => [e.name, e.summary])),
    "",
    "Output is JSON (as the OCI CLI prints it) unless --output table. Exit status: 0 success, 1 failure (the",
    "service's error, printed on one line with its OCI code and opc-request-id), 2 a wrong command line;",
    "'caisson run' exits with the container's exit code, or 125 if the run itself failed.",
    "",
    "Example:",
    "  caisson serve &",
    "  caisson run busybox -- echo hello",
    "",
    "Global options of every command that talks to a server: --config-file, --profile, --endpoint, --output,",
    '--no-retry. Shell completion: eval "$(caisson completion bash)".',
    "",
    "Run 'caisson <command> --help' for more.",
    "",
  ].join("\n");
}
