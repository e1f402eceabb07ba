import type { Container, ContainerInstance, ContainerSummary } from "@caisson/api";
import type { ContainerInstanceRow, ContainerRow } from "../store/schema.js";
import {
  containerDocOf,
  instanceDocOf,
  type StoredContainer,
  type StoredInstance,
  storedContainer,
} from "../store/stored-instance.js";

/** The ContainerInstance of a typed stored instance (the private spec is never part of it). */
export function instanceFromStored(instance: Pick<StoredInstance, "columns" | "doc">): ContainerInstance {
  const { columns: row, doc } = instance;
  return {
    ...doc,
    id: row.id,
    displayName: row.display_name,
    compartmentId: row.compartment_id,
    availabilityDomain: row.availability_domain,
    lifecycleState: row.lifecycle_state as ContainerInstance["lifecycleState"],
    timeCreated: row.time_created,
    timeUpdated: row.time_updated,
  };
}

export function instanceFromRow(row: Omit<ContainerInstanceRow, "spec">): ContainerInstance {
  return instanceFromStored({ columns: row, doc: instanceDocOf(row) });
}

/** The keys of a ContainerInstance that live in columns, written after the document's own (as the spread above). */
const INSTANCE_COLUMN_KEYS = new Set([
  "id",
  "displayName",
  "compartmentId",
  "availabilityDomain",
  "lifecycleState",
  "timeCreated",
  "timeUpdated",
]);

/**
 * `JSON.stringify(instanceFromRow(row))` without parsing and re-serialising the stored document: the document is
 * serialised JSON already, so the columns are appended to it. When the document itself has one of the column
 * keys at its top level (no writer puts one there), the spread would put the column at the document's position,
 * so that case takes the general path.
 */
export function instanceJson(row: Omit<ContainerInstanceRow, "spec">): string {
  const doc = row.doc;
  if (!doc.startsWith("{") || !doc.endsWith("}") || hasTopLevelKey(doc, INSTANCE_COLUMN_KEYS)) {
    return JSON.stringify(instanceFromRow(row));
  }
  const q = JSON.stringify;
  const head = doc.length > 2 ? `${doc.slice(0, -1)},` : "{";
  return (
    `${head}"id":${q(row.id)},"displayName":${q(row.display_name)},"compartmentId":${q(row.compartment_id)},` +
    `"availabilityDomain":${q(row.availability_domain)},"lifecycleState":${q(row.lifecycle_state)},` +
    `"timeCreated":${q(row.time_created)},"timeUpdated":${q(row.time_updated)}}`
  );
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether compact JSON text (JSON.stringify's output: no whitespace) of an object has one of `keys` at its top
 * level: one pass over the characters, following strings and nesting, reading only the keys at depth 1.
 */
export function hasTopLevelKey(json: string, keys: ReadonlySet<string>): boolean {
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      let escaped = false;
      for (i = start; i < json.length; i++) {
        const d = json.charCodeAt(i);
        if (d === BACKSLASH) {
          escaped = true;
          i++;
        } else if (d === QUOTE) break;
      }
      const prev = json.charCodeAt(start - 2);
      // A key at depth 1 follows the opening brace or a comma, and is followed by a colon.
      if (depth === 1 && (prev === 0x7b || prev === 0x2c) && json.charCodeAt(i + 1) === 0x3a) {
        if (escaped || keys.has(json.slice(start, i))) return true;
      }
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export function containerFromRow(row: ContainerRow): Container {
  return containerFromStored(storedContainer(row));
}

/** The Container of a typed stored container: its declared health checks carry their current results. */
export function containerFromStored(container: StoredContainer): Container {
  const { columns: row, doc, health } = container;
  const withHealth =
    health && doc.healthChecks
      ? { ...doc, healthChecks: doc.healthChecks.map((check, i) => (health[i] ? { ...check, ...health[i] } : check)) }
      : doc;
  return {
    ...withHealth,
    id: row.id,
    displayName: row.display_name,
    compartmentId: row.compartment_id,
    availabilityDomain: row.availability_domain,
    lifecycleState: row.lifecycle_state as Container["lifecycleState"],
    timeCreated: row.time_created,
    timeUpdated: row.time_updated,
    containerInstanceId: row.container_instance_id,
  };
}

/** A summary carries no health checks, so the row's health results are never read for it. */
export function containerSummaryFromRow(row: ContainerRow): ContainerSummary {
  const { doc, health: _unread, ...columns } = row;
  return pick(containerFromStored({ columns, doc: containerDocOf({ doc }) }), [
    "id",
    "displayName",
    "compartmentId",
    "freeformTags",
    "definedTags",
    "systemTags",
    "availabilityDomain",
    "faultDomain",
    "lifecycleState",
    "lifecycleDetails",
    "timeCreated",
    "timeUpdated",
    "containerInstanceId",
    "resourceConfig",
    "imageUrl",
    "isResourcePrincipalDisabled",
    "securityContext",
  ]) as ContainerSummary;
}

function pick<T extends object>(source: T, keys: Array<keyof T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
