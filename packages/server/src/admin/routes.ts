import type { OperationDeps } from "../deps.js";
import type { Route } from "../http/route.js";
import { route, routeGroup } from "../http/route-declaration.js";
import { listTenancyLimits, setTenancyLimit } from "../limits/admin-limits.js";
import { requireOperator } from "./operator.js";
import { createTenancyForTeam, getTenancy, listTenancies } from "./tenancies.js";
import { createTenancyUser, deleteUserApiKey, listTenancyUsers, listUserApiKeys, uploadUserApiKey } from "./users.js";
import { ADMIN_OPERATIONS as OP } from "./wire-contract.js";

export { ADMIN_PREFIX } from "./wire-contract.js";

/**
 * Caisson's own admin API: tenancies, their users, API keys and service limits, for operators handing a tenancy
 * to a team. Requests are signed like every other call; the group's guard lets only users of the operator
 * tenancy (marked in the store at bootstrap) through, everyone else gets 404 NotAuthorizedOrNotFound.
 */
export function adminRoutes(deps: OperationDeps): Route[] {
  return routeGroup({ guard: async (ctx, declared) => void (await requireOperator(deps.store, ctx, declared.path)) }, [
    route(OP.AdminListTenancies, () => listTenancies(deps)),
    route(OP.AdminCreateTenancy, (ctx, input) => createTenancyForTeam(deps, ctx, input)),
    route(OP.AdminGetTenancy, (_ctx, input) => getTenancy(deps, input)),
    route(OP.AdminListUsers, (_ctx, input) => listTenancyUsers(deps, input)),
    route(OP.AdminCreateUser, (ctx, input) => createTenancyUser(deps, ctx, input)),
    route(OP.AdminListServiceLimits, (_ctx, input) => listTenancyLimits(deps, input)),
    route(OP.AdminSetServiceLimit, (ctx, input) => setTenancyLimit(deps, ctx, input)),
    route(OP.AdminListApiKeys, (_ctx, input) => listUserApiKeys(deps, input)),
    route(OP.AdminUploadApiKey, (ctx, input) => uploadUserApiKey(deps, ctx, input)),
    route(OP.AdminDeleteApiKey, (ctx, input) => deleteUserApiKey(deps, ctx, input)),
  ]);
}
