import { invalidParameter } from "../errors.js";

/** What a caller asks to run (the JSON body of POST /_caisson/containers/{id}/exec). */
export interface ExecRequest {
  command: string[];
  tty: boolean;
  stdin: boolean;
  columns?: number;
  rows?: number;
}

export const MAX_EXEC_BODY_BYTES = 64 * 1024;
const MAX_ARGUMENTS = 256;
const MAX_ARGUMENT_LENGTH = 8 * 1024;

/** Parses and bounds the body; throws 400 InvalidParameter naming the field. */
export function parseExecRequest(body: Buffer): ExecRequest {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw invalidParameter("body", 'is not JSON; send {"command": ["sh", "-c", "…"]}');
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidParameter("body", "must be a JSON object");
  }
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !["command", "tty", "stdin", "columns", "rows"].includes(key));
  if (unknown) throw invalidParameter(unknown, "is not a field of an exec request");
  const { command } = fields;
  if (!Array.isArray(command) || command.length === 0 || command.length > MAX_ARGUMENTS) {
    throw invalidParameter("command", `must be a list of 1 to ${MAX_ARGUMENTS} strings`);
  }
  command.forEach((argument, i) => {
    if (typeof argument !== "string" || argument.length > MAX_ARGUMENT_LENGTH || argument.includes("\0")) {
      throw invalidParameter(
        `command[${i}]`,
        `must be a string of at most ${MAX_ARGUMENT_LENGTH} characters, without NUL`,
      );
    }
  });
  if (command[0] === "") throw invalidParameter("command[0]", "must name a program");
  const flag = (name: "tty" | "stdin") => {
    const given = fields[name];
    if (given !== undefined && typeof given !== "boolean") throw invalidParameter(name, "must be true or false");
    return given === true;
  };
  const size = (name: "columns" | "rows") => {
    const given = fields[name];
    if (given === undefined) return undefined;
    if (typeof given !== "number" || !Number.isInteger(given) || given < 1 || given > 10_000) {
      throw invalidParameter(name, "must be a whole number from 1 to 10000");
    }
    return given;
  };
  const request: ExecRequest = { command: command as string[], tty: flag("tty"), stdin: flag("stdin") };
  const columns = size("columns");
  const rows = size("rows");
  if (columns !== undefined) request.columns = columns;
  if (rows !== undefined) request.rows = rows;
  return request;
}
