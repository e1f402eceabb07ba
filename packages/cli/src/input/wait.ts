import type { OperationStatus, Response, WorkRequest } from "@caisson/sdk";
import { optionalNumber, strings } from "../cli/parse.js";
import type { CommandContext, ParsedArgs } from "../cli/spec.js";
import type { Session } from "../client/session.js";
import { UsageError } from "../errors.js";
import { Progress } from "../format/progress.js";

const STATUSES: readonly OperationStatus[] = [
  "ACCEPTED",
  "IN_PROGRESS",
  "FAILED",
  "SUCCEEDED",
  "CANCELING",
  "CANCELED",
];

export interface WaitRequest {
  states: OperationStatus[];
  maxWaitSeconds: number;
  maxDelaySeconds: number;
}

/** The OCI CLI's wait flags; `undefined` when --wait-for-state was not given (answer at once). */
export function waitRequest(args: ParsedArgs, path: string): WaitRequest | undefined {
  const states = strings(args, "wait-for-state").map((s) => s.toUpperCase());
  const bad = states.find((s) => !(STATUSES as readonly string[]).includes(s));
  if (bad) throw new UsageError(`--wait-for-state must be one of ${STATUSES.join(", ")}, got "${bad}"`, path);
  const maxWaitSeconds = optionalNumber(args, "max-wait-seconds", path, { min: 0 }) ?? 1200;
  const maxDelaySeconds = optionalNumber(args, "wait-interval-seconds", path, { min: 1 }) ?? 30;
  if (states.length === 0) {
    if (args.values["max-wait-seconds"] !== undefined || args.values["wait-interval-seconds"] !== undefined) {
      throw new UsageError("--max-wait-seconds and --wait-interval-seconds need --wait-for-state", path);
    }
    return undefined;
  }
  return { states: states as OperationStatus[], maxWaitSeconds, maxDelaySeconds };
}

/** Polls the work request until it is in one of the states, with a spinner on a terminal. */
export function followWorkRequest(
  ctx: CommandContext,
  session: Session,
  workRequestId: string,
  wait: WaitRequest,
): Promise<Response<WorkRequest>> {
  return new Progress(ctx.out).while(
    `Waiting for work request ${workRequestId} to be ${wait.states.join(" or ")}`,
    () =>
      session.client.waiters.forWorkRequest(workRequestId, wait.states, {
        maxWaitSeconds: wait.maxWaitSeconds,
        maxDelaySeconds: wait.maxDelaySeconds,
      }),
  );
}
