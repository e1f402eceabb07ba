import { ApiError } from "../errors.js";
import type { CallContext } from "../http/route.js";
import type { Store } from "../store/store.js";

/**
 * The operator tenancy is the one marked as such in the store when `caisson serve` bootstrapped it; creation
 * order and timestamps play no part, so a clock set back at some start cannot hand the admin API to another
 * tenancy. Only its users may manage tenancies, users, keys and limits. Anyone else gets the same 404 as a
 * missing resource, so the admin API does not even reveal that it exists to other tenants (the OCI convention
 * for things you may not see).
 */
export async function requireOperator(store: Store, ctx: CallContext, path: string): Promise<string> {
  const operator = await operatorTenancyId(store);
  if (!operator || operator !== ctx.principal.tenancyId) {
    throw new ApiError("NotAuthorizedOrNotFound", `Authorization failed or requested resource not found: ${path}.`);
  }
  return operator;
}

export async function operatorTenancyId(store: Store): Promise<string | undefined> {
  return (await store.identity.getOperatorTenancy())?.id;
}
