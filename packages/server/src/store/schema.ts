import type { Generated } from "kysely";

/**
 * Table shapes. Timestamps are RFC 3339 strings with milliseconds (fixed width, so they sort as text on every
 * dialect); documents are JSON text. Columns that lists filter or sort on are denormalised out of the documents.
 */
export interface Database {
  /** `is_operator` is 1 on exactly one tenancy once a store is bootstrapped: the operator's (admin API). */
  tenancies: TenancyRow & { is_operator: Generated<number> };
  users: UserRow;
  api_keys: ApiKeyRow;
  compartments: CompartmentRow;
  vcns: VcnRow;
  subnets: SubnetRow;
  container_instances: ContainerInstanceRow;
  containers: ContainerRow;
  vnic_updates: VnicUpdateRow;
  /** `lease_token` rises at every claim: the fencing token a worker's writes must still match. */
  work_requests: WorkRequestRow & { lease_token: Generated<number | string> };
  work_request_entries: WorkRequestEntryRow;
  retry_tokens: RetryTokenRow;
  service_limits: ServiceLimitRow;
  leader_leases: LeaderLeaseRow;
  installation: InstallationRow;
  published_ports: PublishedPortRow;
  console_sessions: ConsoleSessionRow;
  events: EventRow;
}

/** A host port an instance holds (see ports/publish-spec.ts). */
export interface PublishedPortRow {
  host_address: string;
  host_port: number;
  protocol: string;
  container_port: number;
  instance_id: string;
  tenancy_id: string;
  time_created: string;
}

export interface TenancyRow {
  id: string;
  name: string;
  home_region: string;
  time_created: string;
}

export interface UserRow {
  id: string;
  tenancy_id: string;
  name: string;
  description: string;
  time_created: string;
}

export interface ApiKeyRow {
  tenancy_id: string;
  user_id: string;
  fingerprint: string;
  public_key_pem: string;
  time_created: string;
}

export interface CompartmentRow {
  id: string;
  tenancy_id: string;
  /** Parent compartment; null only for the tenancy's root compartment (whose id is the tenancy id). */
  parent_id: string | null;
  name: string;
  description: string;
  lifecycle_state: string;
  time_created: string;
  doc: string;
}

export interface VcnRow {
  id: string;
  tenancy_id: string;
  compartment_id: string;
  display_name: string;
  lifecycle_state: string;
  time_created: string;
  doc: string;
}

export interface SubnetRow {
  id: string;
  tenancy_id: string;
  compartment_id: string;
  vcn_id: string;
  display_name: string;
  lifecycle_state: string;
  time_created: string;
  doc: string;
}

export interface ContainerInstanceRow {
  id: string;
  tenancy_id: string;
  compartment_id: string;
  display_name: string;
  availability_domain: string;
  lifecycle_state: string;
  time_created: string;
  time_updated: string;
  etag: string;
  /** The ContainerInstance as the API returns it (state fields are overlaid from the columns). */
  doc: string;
  /** What the runtime needs that the API never returns: the create details, including pull-secret credentials. */
  spec: string;
  /** When a DELETED instance stops being visible. */
  purge_after: string | null;
  /** The instance's VNIC, out of `spec` so that GetVnic finds it by index; the repository fills it in. */
  vnic_id?: string | null;
  /**
   * Derived from the columns above by the repository on every write (see instance-read-columns.ts): the
   * ContainerInstanceSummary JSON a List page is made of, and the shape's OCPUs and memory that usage sums.
   */
  summary_doc?: string;
  ocpus?: number;
  memory_gbs?: number;
}

/** What UpdateVnic changed on an instance's VNIC (see migrations/0004-vnic-updates.ts). */
export interface VnicUpdateRow {
  vnic_id: string;
  tenancy_id: string;
  container_instance_id: string;
  /** JSON: the UpdateVnic fields that were set (displayName, hostnameLabel, skipSourceDestCheck, tags). */
  doc: string;
  etag: string;
  time_updated: string;
}

export interface ContainerRow {
  id: string;
  tenancy_id: string;
  compartment_id: string;
  container_instance_id: string;
  display_name: string;
  availability_domain: string;
  lifecycle_state: string;
  time_created: string;
  time_updated: string;
  etag: string;
  doc: string;
  purge_after: string | null;
  /**
   * The current result of each declared health check (ContainerHealth[] as JSON, in the order of the checks),
   * written by the reconciler; null until it first probes. The Container's healthChecks are the document's
   * declared checks with these overlaid (see migrations/0011-instance-health-columns.ts).
   */
  health?: string | null;
}

export interface WorkRequestRow {
  id: string;
  tenancy_id: string;
  compartment_id: string;
  operation_type: string;
  status: string;
  percent_complete: number;
  time_accepted: string;
  time_started: string | null;
  time_finished: string | null;
  /** WorkRequestResource[] as JSON. */
  resources: string;
  /** What the executor needs: operation-specific JSON. */
  payload: string;
  /** Comma-free list of resource ids, for the resourceId filter: ",id1,id2,". */
  resource_ids: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  attempts: number;
}

export interface WorkRequestEntryRow {
  seq: Generated<number>;
  work_request_id: string;
  kind: "log" | "error";
  timestamp: string;
  code: string | null;
  message: string;
}

export interface RetryTokenRow {
  tenancy_id: string;
  token: string;
  operation: string;
  request_hash: string;
  response: string;
  expires_at: string;
}

/** An operator's override of a service limit's default for one tenancy (applies in each availability domain). */
export interface ServiceLimitRow {
  tenancy_id: string;
  name: string;
  value: number;
  time_updated: string;
}

/** Who holds a singleton role (e.g. "leader") until when; `token` rises at every change of holder. */
export interface LeaderLeaseRow {
  name: string;
  holder: string;
  token: number | string;
  expires_at: string;
}

/** The one row naming this installation (every replica of it reports the same id). */
export interface InstallationRow {
  id: string;
  time_created: string;
}

/** A console secret, by the SHA-256 of its token (migration 0010). */
export interface ConsoleSessionRow {
  token_hash: string;
  kind: "challenge" | "sign-in-link" | "session";
  tenancy_id: string | null;
  user_id: string | null;
  fingerprint: string | null;
  time_created: string;
  expires_at: string;
}

/** One entry of the event log (see migrations/0006-events.ts); `body` is the event's JSON without its id. */
export interface EventRow {
  /** bigint on PostgreSQL: the driver returns it as a decimal string. */
  id: Generated<number | string>;
  tenancy_id: string;
  compartment_id: string;
  time: string;
  type: string;
  resource_type: string;
  resource_id: string;
  container_instance_id: string | null;
  body: string;
}
