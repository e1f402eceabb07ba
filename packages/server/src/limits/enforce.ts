import { ApiError } from "../errors.js";
import type { AdUsage } from "../store/service-limit-repository.js";
import type { Repositories } from "../store/store.js";
import { limitExceededMessage, SERVICE_LIMITS, type ServiceLimitName } from "./catalog.js";

export type EffectiveLimits = Record<ServiceLimitName, number>;

/** The tenancy's limits: the operator's overrides, else the documented defaults. */
export async function effectiveLimits(repos: Repositories, tenancyId: string): Promise<EffectiveLimits> {
  const overrides = new Map((await repos.limits.listOverrides(tenancyId)).map((row) => [row.name, Number(row.value)]));
  return Object.fromEntries(
    SERVICE_LIMITS.map((limit) => [limit.name, overrides.get(limit.name) ?? limit.defaultValue]),
  ) as EffectiveLimits;
}

/** How much of each limit a usage consumes. */
export function usedOf(usage: AdUsage | undefined): EffectiveLimits {
  return {
    "container-instance-count": usage?.instances ?? 0,
    "ocpu-count": usage?.ocpus ?? 0,
    "memory-gb": usage?.memoryGBs ?? 0,
  };
}

/**
 * Refuses a new instance that would take the tenancy past a limit in its availability domain: 400 LimitExceeded
 * naming every limit it would exceed, as OCI words it. Call inside the transaction that inserts the instance.
 */
export async function requireWithinLimits(
  repos: Repositories,
  tenancyId: string,
  request: { availabilityDomain: string; ocpus: number; memoryGBs: number },
): Promise<void> {
  await repos.limits.lockTenancy(tenancyId);
  const limits = await effectiveLimits(repos, tenancyId);
  const used = usedOf((await repos.limits.usage(tenancyId, request.availabilityDomain))[0]);
  const wanted: EffectiveLimits = {
    "container-instance-count": 1,
    "ocpu-count": request.ocpus,
    "memory-gb": request.memoryGBs,
  };
  const exceeded = SERVICE_LIMITS.map((l) => l.name).filter((name) => used[name] + wanted[name] > limits[name]);
  if (exceeded.length > 0) throw new ApiError("LimitExceeded", limitExceededMessage(exceeded));
}
