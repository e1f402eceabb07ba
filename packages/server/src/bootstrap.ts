import type { ApiKey } from "./auth/api-key.js";
import { createTenancy } from "./identity/tenancy-setup.js";
import { subnetRow, vcnRow } from "./network/network-setup.js";
import type { Store } from "./store/store.js";

export interface BootstrapResult {
  tenancyId: string;
  userId: string;
  apiKey: ApiKey;
  /** The tenancy's root compartment (same OCID as the tenancy). */
  compartmentId: string;
  vcnId: string;
  subnetId: string;
}

/**
 * What a first start creates so any OCI client can be used at once: a tenancy (root compartment), a user
 * with an API key, a VCN 10.0.0.0/16 and a regional subnet 10.0.0.0/24 — all in one transaction. The tenancy
 * is marked as the operator's when the store has no operator yet: the mark, not creation order or time, is what
 * the admin API checks.
 */
export async function bootstrapTenancy(
  store: Store,
  options: { region: string; now: Date; name?: string; apiKey?: ApiKey },
): Promise<BootstrapResult> {
  return store.transaction(async (repos) => {
    const operatorExists = (await repos.identity.getOperatorTenancy()) !== undefined;
    const tenancy = await createTenancy(repos, {
      name: options.name ?? "caisson",
      region: options.region,
      userName: "admin",
      now: options.now,
      ...(options.apiKey && { apiKey: options.apiKey }),
    });
    if (!operatorExists) await repos.identity.markOperator(tenancy.tenancyId);
    const vcn = vcnRow({
      tenancyId: tenancy.tenancyId,
      compartmentId: tenancy.tenancyId,
      region: options.region,
      cidrBlock: "10.0.0.0/16",
      displayName: "caisson-vcn",
      dnsLabel: "caisson",
      now: options.now,
    });
    await repos.network.insertVcn(vcn);
    const subnet = subnetRow({
      tenancyId: tenancy.tenancyId,
      compartmentId: tenancy.tenancyId,
      vcn,
      region: options.region,
      cidrBlock: "10.0.0.0/24",
      displayName: "caisson-subnet",
      dnsLabel: "default",
      now: options.now,
    });
    await repos.network.insertSubnet(subnet);
    return { ...tenancy, compartmentId: tenancy.tenancyId, vcnId: vcn.id, subnetId: subnet.id };
  });
}
