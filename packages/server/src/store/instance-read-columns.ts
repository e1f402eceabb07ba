import type { ContainerInstance, ContainerInstanceSummary } from "@caisson/api";
import type { ContainerInstanceRow } from "./schema.js";

/** The columns of an instance row a summary is made of (everything but the private spec and the bookkeeping). */
export type InstanceSummarySource = Pick<
  ContainerInstanceRow,
  | "id"
  | "display_name"
  | "compartment_id"
  | "availability_domain"
  | "lifecycle_state"
  | "time_created"
  | "time_updated"
  | "doc"
>;

/**
 * What reads need pre-computed on each instance row, derived from the row itself: the ContainerInstanceSummary
 * as List returns it, serialised (a List page is then these strings joined, with no document parsed or
 * re-serialised per request), and the shape's OCPUs and memory, which service-limit usage sums by index.
 */
export interface InstanceReadColumns {
  summary_doc: string;
  ocpus: number;
  memory_gbs: number;
}

/** The optional summary fields, copied from the document when present, in this order. */
const OPTIONAL_SUMMARY_FIELDS = [
  "freeformTags",
  "definedTags",
  "systemTags",
  "faultDomain",
  "lifecycleDetails",
  "gracefulShutdownTimeoutInSeconds",
  "volumeCount",
  "securityContext",
] as const;

type StoredDoc = Partial<ContainerInstance>;

/** The summary of an instance row: its columns overlaid with the summary fields of its document. */
export function instanceSummaryOf(
  row: InstanceSummarySource,
  doc: StoredDoc = parse(row.doc),
): ContainerInstanceSummary {
  const summary = {
    id: row.id,
    displayName: row.display_name,
    compartmentId: row.compartment_id,
    availabilityDomain: row.availability_domain,
    lifecycleState: row.lifecycle_state,
    timeCreated: row.time_created,
    timeUpdated: row.time_updated,
    shape: doc.shape,
    shapeConfig: doc.shapeConfig,
    containerCount: doc.containerCount,
    containerRestartPolicy: doc.containerRestartPolicy,
  } as ContainerInstanceSummary;
  for (const key of OPTIONAL_SUMMARY_FIELDS) {
    if (doc[key] !== undefined) (summary as unknown as Record<string, unknown>)[key] = doc[key];
  }
  return summary;
}

export function instanceReadColumns(row: InstanceSummarySource): InstanceReadColumns {
  const doc = parse(row.doc);
  return {
    summary_doc: JSON.stringify(instanceSummaryOf(row, doc)),
    ocpus: Number(doc.shapeConfig?.ocpus ?? 0),
    memory_gbs: Number(doc.shapeConfig?.memoryInGBs ?? 0),
  };
}

const parse = (text: string): StoredDoc => JSON.parse(text) as StoredDoc;
