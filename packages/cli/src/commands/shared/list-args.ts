import { flag, oneOf, optionalNumber, optionalString } from "../../cli/parse.js";
import type { ParsedArgs } from "../../cli/spec.js";

export function pageArgs(args: ParsedArgs, path: string) {
  return {
    all: flag(args, "all"),
    limit: optionalNumber(args, "limit", path, { min: 1, max: 1000 }),
    page: optionalString(args, "page"),
  };
}

export function sortOrderArg(args: ParsedArgs, path: string) {
  return oneOf(args, "sort-order", path, ["ASC", "DESC"] as const, (raw) => raw.toUpperCase());
}
