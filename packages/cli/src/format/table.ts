import { stripVTControlCharacters } from "node:util";
import { type Style, stateColour } from "./style.js";

/** Columns shown for lists, in this order, when the records have them: the fields people scan for. */
const PREFERRED = [
  "displayName",
  "name",
  "id",
  "fingerprint",
  "lifecycleState",
  "status",
  "operationType",
  "percentComplete",
  "availabilityDomain",
  "value",
  "used",
  "available",
  "isDefault",
  "shape",
  "containerCount",
  "imageUrl",
  "code",
  "message",
  "isOperator",
  "timeCreated",
  "timeAccepted",
  "timestamp",
] as const;

const STATE_FIELDS = new Set(["lifecycleState", "status"]);
// Escape sequences do not take up room on screen: pad by visible width.
const visible = (text: string) => stripVTControlCharacters(text).length;

function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value).replace(/\s+/g, " ");
}

/** A table of records, with the preferred columns present in any record; a record table if none match. */
export function recordsTable(records: Array<Record<string, unknown>>, style: Style): string {
  if (records.length === 0) return "(none)\n";
  const present = PREFERRED.filter((key) => records.some((r) => r[key] !== undefined));
  const columns = present.length > 0 ? present : Object.keys(records[0]!);
  const rows = records.map((record) =>
    columns.map((key) => {
      const text = cell(record[key]);
      return STATE_FIELDS.has(key) ? stateColour(style, text) : text;
    }),
  );
  return grid(
    columns.map((c) => style.bold(headerOf(c))),
    rows,
  );
}

/** One resource as `field  value` lines; nested values as compact JSON. */
export function objectTable(record: Record<string, unknown>, style: Style): string {
  const rows = Object.entries(record)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => [style.bold(key), STATE_FIELDS.has(key) ? stateColour(style, cell(value)) : cell(value)]);
  return grid(undefined, rows);
}

function grid(header: string[] | undefined, rows: string[][]): string {
  const all = header ? [header, ...rows] : rows;
  const widths = all[0]!.map((_, i) => Math.max(...all.map((row) => visible(row[i] ?? ""))));
  const line = (row: string[]) =>
    row
      .map((text, i) => (i === row.length - 1 ? text : text + " ".repeat(widths[i]! - visible(text))))
      .join("  ")
      .trimEnd();
  return `${all.map(line).join("\n")}\n`;
}

/** `lifecycleState` → `LIFECYCLE STATE`, as column titles. */
function headerOf(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase();
}
