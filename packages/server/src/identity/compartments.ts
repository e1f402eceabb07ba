import { notFound } from "../errors.js";
import { parseDoc } from "../store/json.js";
import type { CompartmentRow } from "../store/schema.js";
import type { Repositories } from "../store/store.js";

/** What a compartment row's `doc` holds besides its columns. */
export interface CompartmentDoc {
  freeformTags: Record<string, string>;
  definedTags: Record<string, Record<string, unknown>>;
}

export const COMPARTMENT_STATES = ["CREATING", "ACTIVE", "INACTIVE", "DELETING", "DELETED"] as const;

/**
 * The Compartment model of Identity 20160918. The root compartment's `compartmentId` is the tenancy itself,
 * as OCI answers for GetCompartment on a tenancy OCID.
 */
export function compartmentFromRow(row: CompartmentRow) {
  const doc = parseDoc<CompartmentDoc>(row.doc);
  return {
    id: row.id,
    compartmentId: row.parent_id ?? row.tenancy_id,
    name: row.name,
    description: row.description,
    timeCreated: row.time_created,
    lifecycleState: row.lifecycle_state,
    // Caisson has no policies: every compartment of the caller's tenancy is accessible to every user in it.
    isAccessible: true,
    freeformTags: doc.freeformTags ?? {},
    definedTags: doc.definedTags ?? {},
  };
}

/** A compartment of the caller's tenancy in any state; another tenancy's is as missing as a nonexistent one. */
export async function findCompartment(repos: Repositories, tenancyId: string, id: string): Promise<CompartmentRow> {
  const row = await repos.identity.getCompartment(tenancyId, id);
  if (!row) throw notFound("compartment", id);
  return row;
}
