import type { ContainerDoc, InstanceDoc } from "../instances/documents.js";
import type { InstanceSpec } from "../instances/spec.js";
import type { ContainerInstanceRow, ContainerRow } from "./schema.js";

/**
 * The typed form of the instance aggregate's rows. The store keeps documents as JSON text; this file is the one
 * place that text is parsed or written, so every layer above works with `{ columns, doc, spec }`.
 */
export type InstanceColumns = Omit<ContainerInstanceRow, "doc" | "spec">;
export type ContainerColumns = Omit<ContainerRow, "doc" | "health">;

/** The current result of one declared health check, as the Container reports it. */
export interface ContainerHealth {
  status: "HEALTHY" | "UNHEALTHY" | "UNKNOWN";
  statusDetails?: string;
}

export interface StoredInstance {
  columns: InstanceColumns;
  /** The public representation's fields that are not columns. */
  doc: InstanceDoc;
  /** The private part: the create details (pull-secret credentials included) and the ids given at create. */
  spec: InstanceSpec;
}

export interface StoredContainer {
  columns: ContainerColumns;
  /** The public representation's fields that are not columns; its healthChecks are the declared ones. */
  doc: ContainerDoc;
  /** The health checks' current results, in their order; undefined until the reconciler first probes. */
  health?: ContainerHealth[];
}

export function storedInstance(row: ContainerInstanceRow): StoredInstance {
  const { doc, spec, ...columns } = row;
  return { columns, doc: instanceDocOf(row), spec: instanceSpecOf({ spec }) };
}

export function storedContainer(row: ContainerRow): StoredContainer {
  const { doc, health, ...columns } = row;
  const stored: StoredContainer = { columns, doc: containerDocOf({ doc }) };
  if (health) stored.health = containerHealthOf({ health });
  return stored;
}

export const containerHealthOf = (row: Pick<ContainerRow, "health">): ContainerHealth[] | undefined =>
  row.health ? (JSON.parse(row.health) as ContainerHealth[]) : undefined;

export const instanceDocOf = (row: Pick<ContainerInstanceRow, "doc">): InstanceDoc =>
  JSON.parse(row.doc) as InstanceDoc;
export const instanceSpecOf = (row: Pick<ContainerInstanceRow, "spec">): InstanceSpec =>
  JSON.parse(row.spec) as InstanceSpec;
export const containerDocOf = (row: Pick<ContainerRow, "doc">): ContainerDoc => JSON.parse(row.doc) as ContainerDoc;

/** The stored text of a document or spec. */
export const storedText = (value: InstanceDoc | InstanceSpec | ContainerDoc | ContainerHealth[]): string =>
  JSON.stringify(value);
