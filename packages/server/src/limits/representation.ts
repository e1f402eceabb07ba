import { availabilityDomains } from "../identity/availability-domains.js";
import type { Repositories, Store } from "../store/store.js";
import { SCOPE, SERVICE_LIMITS, type ServiceLimitName } from "./catalog.js";
import { effectiveLimits, usedOf } from "./enforce.js";

/** One limit of one tenancy as the admin API and `GET /_caisson/limits` show it: value and use per domain. */
export interface ServiceLimitView {
  name: ServiceLimitName;
  description: string;
  scopeType: typeof SCOPE;
  value: number;
  isDefault: boolean;
  defaultValue: number;
  availabilityDomains: Array<{ availabilityDomain: string; used: number; available: number }>;
}

export async function serviceLimitViews(
  repos: Repositories | Store,
  tenancyId: string,
  region: string,
): Promise<ServiceLimitView[]> {
  const [limits, usage, overrides] = await Promise.all([
    effectiveLimits(repos, tenancyId),
    repos.limits.usage(tenancyId),
    repos.limits.listOverrides(tenancyId),
  ]);
  const overridden = new Set(overrides.map((row) => row.name));
  return SERVICE_LIMITS.map((limit) => ({
    name: limit.name,
    description: limit.description,
    scopeType: SCOPE,
    value: limits[limit.name],
    isDefault: !overridden.has(limit.name),
    defaultValue: limit.defaultValue,
    availabilityDomains: availabilityDomains(tenancyId, region).map((ad) => {
      const used = usedOf(usage.find((u) => u.availabilityDomain === ad))[limit.name];
      return { availabilityDomain: ad, used, available: Math.max(0, limits[limit.name] - used) };
    }),
  }));
}
