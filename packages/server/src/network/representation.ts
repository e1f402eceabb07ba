import { parseDoc } from "../store/json.js";
import type { SubnetRow, VcnRow } from "../store/schema.js";

export const VCN_STATES = ["PROVISIONING", "AVAILABLE", "TERMINATING", "TERMINATED", "UPDATING"] as const;
export const SUBNET_STATES = VCN_STATES;

/** The Core Vcn model: the row's `doc` (see network-setup.ts) overlaid with its columns. */
export function vcnFromRow(row: VcnRow): Record<string, unknown> & { cidrBlocks: string[]; dnsLabel?: string } {
  const doc = parseDoc<Record<string, unknown> & { cidrBlocks: string[]; dnsLabel?: string }>(row.doc);
  return {
    ...doc,
    id: row.id,
    compartmentId: row.compartment_id,
    displayName: row.display_name,
    lifecycleState: row.lifecycle_state,
    timeCreated: row.time_created,
  };
}

/** The Core Subnet model; `ipv4CidrBlocks` mirrors `cidrBlock`, as OCI answers for single-CIDR subnets. */
export function subnetFromRow(row: SubnetRow): Record<string, unknown> & { cidrBlock: string; dnsLabel?: string } {
  const doc = parseDoc<Record<string, unknown> & { cidrBlock: string; dnsLabel?: string }>(row.doc);
  return {
    ...doc,
    ipv4CidrBlocks: [doc.cidrBlock],
    id: row.id,
    compartmentId: row.compartment_id,
    vcnId: row.vcn_id,
    displayName: row.display_name,
    lifecycleState: row.lifecycle_state,
    timeCreated: row.time_created,
  };
}
