import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";
import * as initial from "./0001-initial.js";
import * as stateIdIndex from "./0002-state-id-index.js";
import * as operatorAndLimits from "./0003-operator-and-limits.js";
import * as vnicUpdates from "./0004-vnic-updates.js";
import * as vnicId from "./0005-vnic-id.js";
import * as events from "./0006-events.js";
import * as publishedPorts from "./0007-published-ports.js";
import * as replicas from "./0008-replicas.js";
import * as instanceReadColumns from "./0009-instance-read-columns.js";
import * as consoleSessions from "./0010-console-sessions.js";
import * as instanceHealthColumns from "./0011-instance-health-columns.js";

/** Every migration, in order. A name, once released, never changes. */
export const MIGRATIONS: ReadonlyArray<{ name: string; up(db: Kysely<unknown>, dialect: Dialect): Promise<void> }> = [
  { name: "0001-initial", up: initial.up },
  { name: "0002-state-id-index", up: stateIdIndex.up },
  { name: "0003-operator-and-limits", up: operatorAndLimits.up },
  { name: "0004-vnic-updates", up: vnicUpdates.up },
  { name: "0005-vnic-id", up: vnicId.up },
  { name: "0006-events", up: events.up },
  { name: "0007-published-ports", up: publishedPorts.up },
  { name: "0008-replicas", up: replicas.up },
  { name: "0009-instance-read-columns", up: instanceReadColumns.up },
  { name: "0010-console-sessions", up: consoleSessions.up },
  { name: "0011-instance-health-columns", up: instanceHealthColumns.up },
];
