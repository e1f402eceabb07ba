import { UsageError } from "../errors.js";
import type { Output } from "../output.js";
import type { Style } from "./style.js";
import { objectTable, recordsTable } from "./table.js";

export type OutputFormat = "json" | "table";

/**
 * What the OCI CLI prints: `data` (the resource, a collection `{items}`, or a work request) plus the response
 * headers a script needs next, under their wire names.
 */
export interface Envelope {
  data?: unknown;
  etag?: string;
  "opc-work-request-id"?: string;
  "opc-next-page"?: string;
}

export function outputFormat(raw: string | undefined, path: string): OutputFormat {
  if (raw === undefined || raw === "json") return "json";
  if (raw === "table") return "table";
  throw new UsageError(`--output must be json or table, got "${raw}"`, path);
}

export function render(out: Output, format: OutputFormat, envelope: Envelope, style: Style): void {
  const clean = Object.fromEntries(Object.entries(envelope).filter(([, value]) => value !== undefined));
  if (format === "json") {
    out.stdout(`${JSON.stringify(clean, null, 2)}\n`);
    return;
  }
  const { data } = envelope;
  if (Array.isArray(data)) out.stdout(recordsTable(data, style));
  else if (isCollection(data)) out.stdout(recordsTable(data.items, style));
  else if (data && typeof data === "object") out.stdout(objectTable(data as Record<string, unknown>, style));
  // Headers a person may need next (the work request to follow, the next page) go below the table.
  const extras = Object.entries(clean).filter(([key]) => key !== "data" && key !== "etag");
  for (const [key, value] of extras) out.stdout(`${style.dim(`${key}:`)} ${String(value)}\n`);
}

function isCollection(data: unknown): data is { items: Array<Record<string, unknown>> } {
  return typeof data === "object" && data !== null && Array.isArray((data as { items?: unknown }).items);
}
