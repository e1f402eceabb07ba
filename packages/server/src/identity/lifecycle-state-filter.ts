import { ApiError } from "../errors.js";

/** `lifecycleState` is documented as case-insensitive; it is matched upper-cased against the known states. */
export function lifecycleStateFilter(raw: string | undefined, states: readonly string[]): string | undefined {
  if (raw === undefined) return undefined;
  const state = raw.toUpperCase();
  if (!states.includes(state)) {
    throw new ApiError("InvalidParameter", `lifecycleState: must be one of ${states.join(", ")} (got "${raw}").`);
  }
  return state;
}
