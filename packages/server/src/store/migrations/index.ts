import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";
import * as initial from "./0001-initial.js";
import * as stateIdIndex from "./0002-state-id-index.js";
import * as operatorAndLimits from "./0003-operator-and-limits.js";
import * as vnicUpdates from "./0004-vnic-updates.js";
import * as vnicId from "./0005-vnic-id.js";
import * as events from "./0006-events.js";
import * as replicas from "./0008-replicas.js";

/** Every migration, in order. A name, once released, never changes. */
export const MIGRATIONS: ReadonlyArray<{ name: string; up(db: Kysely<unknown>, dialect: Dialect): Promise<void> }> = [
  { name: "0001-initial", up: initial.up },
  { name: "0002-state-id-index", up: stateIdIndex.up },
  { name: "0003-operator-and-limits", up: operatorAndLimits.up },
  { name: "0004-vnic-updates", up: vnicUpdates.up },
  { name: "0005-vnic-id", up: vnicId.up },
  { name: "0006-events", up: events.up },
  { name: "0008-replicas", up: replicas.up },
];
