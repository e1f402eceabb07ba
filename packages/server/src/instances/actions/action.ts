import type { OperationName, WorkRequestResource } from "@caisson/api";
import type { Clock } from "../../clock.js";
import type { RuntimeDriver } from "../../runtime/driver.js";
import type { Repositories, Store } from "../../store/store.js";
import type { StoredInstance } from "../../store/stored-instance.js";

/** What a work request's payload always carries: the stored `kind` names its action, and the instance it acts on. */
export interface PayloadBase {
  kind: string;
  instanceId: string;
}

/** What executing an action needs; passed in, never global. */
export interface ExecutionDeps {
  store: Store;
  runtime: RuntimeDriver;
  clock: Clock;
  deletedRetentionMs: number;
}

/** What an execution decided: the outcome, and the changes to commit together with the work request's end. */
export interface ExecutionOutcome {
  status: "SUCCEEDED" | "FAILED";
  actionType: WorkRequestResource["actionType"];
  /** Applied in the same transaction that marks the work request finished. */
  commit(repos: Repositories, now: string): Promise<void>;
  error?: { code: string; message: string };
  log: string;
}

/**
 * The execution side of an asynchronous operation: what its work request does once claimed. `kind` is the
 * string stored in the work request's payload, so it never changes (work requests accepted by an earlier
 * version must still find their action). Every side effect is idempotent (create adopts, delete ignores
 * "not found", start/stop of what already runs or stopped is a no-op), so a work request resumed after a crash
 * never does anything twice.
 */
export interface WorkAction<P extends PayloadBase = PayloadBase> {
  /** The api operation; its work request's operationType comes from the api table. */
  operation: OperationName;
  kind: P["kind"];
  execute(deps: ExecutionDeps, instance: StoredInstance, payload: P): Promise<ExecutionOutcome>;
  /**
   * Leaves the resource of a work request that will never complete in a state a caller can act on. Without
   * it, the instance goes FAILED with the reason.
   */
  abandon?(repos: Repositories, payload: P, reason: string, now: string): Promise<void>;
}

/** What the acceptance side of an instance action is given from the request: its body, typed from the operation. */
export interface ActionRequest<Body = unknown> {
  tenancyId: string;
  body: Body;
}

/**
 * An asynchronous operation on one instance, both sides in one record: which states accept it, the state the
 * instance shows while its work runs, the payload its work request stores, and what that work does.
 */
export interface InstanceAction<P extends PayloadBase = PayloadBase, Body = unknown> extends WorkAction<P> {
  allowedStates: readonly string[];
  transitionalState: "UPDATING" | "DELETING";
  payload(instance: StoredInstance, request: ActionRequest<Body>): P;
  /** The compartment the instance moves to, which must be ACTIVE in the caller's tenancy. */
  targetCompartment?(request: ActionRequest<Body>): string;
}

/** States in which no operation is running on the instance. */
export const SETTLED_STATES = ["ACTIVE", "INACTIVE", "FAILED"] as const;
