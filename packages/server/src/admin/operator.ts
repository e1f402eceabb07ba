import { ApiError } from "../errors.js";
import type { CallContext } from "../http/route.js";
import type { Store } from "../store/store.js";

/**
 * The operator tenancy is the oldest one: the tenancy `caisson serve` created on its first start. Only its users
 * may manage tenancies, users and keys. Anyone else gets the same 404 as a missing resource, so the admin API
 * does not even reveal that it exists to other tenants (the OCI convention for things you may not see).
 */
export async function requireOperator(store: Store, ctx: CallContext, path: string): Promise<string> {
  const [operator] = await store.identity.listTenancies();
  if (!operator || operator.id !== ctx.principal.tenancyId) {
    throw new ApiError("NotAuthorizedOrNotFound", `Authorization failed or requested resource not found: ${path}.`);
  }
  return operator.id;
}

export async function operatorTenancyId(store: Store): Promise<string | undefined> {
  return (await store.identity.listTenancies())[0]?.id;
}
