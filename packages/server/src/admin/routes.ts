import type { ParameterSpec } from "@caisson/api";
import type { Route } from "../http/route.js";
import { pathParameter } from "../identity/wire-parameters.js";
import { listTenancyLimits, SetServiceLimitDetails, setTenancyLimit } from "../limits/routes.js";
import type { OperationDeps } from "../operations/deps.js";
import { requireOperator } from "./operator.js";
import { CreateTenancyDetails, CreateUserDetails, UploadApiKeyDetails } from "./schemas.js";
import { createTenancyForTeam, getTenancy, listTenancies } from "./tenancies.js";
import { createTenancyUser, deleteUserApiKey, listTenancyUsers, listUserApiKeys, uploadUserApiKey } from "./users.js";

export const ADMIN_PREFIX = "/_caisson/admin";

/**
 * Caisson's own admin API: tenancies, their users, API keys and service limits, for operators handing a tenancy to a team.
 * Not part of OCI, hence the `/_caisson` prefix. Requests are signed like every other call; only users of
 * the operator tenancy (marked in the store at bootstrap) pass `requireOperator`, everyone else gets 404 NotAuthorizedOrNotFound.
 */
export function adminRoutes(deps: OperationDeps): Route[] {
  const route = (
    name: string,
    method: Route["method"],
    path: string,
    parameters: ParameterSpec[],
    handle: Route["handle"],
    requestBody?: Route["requestBody"],
  ): Route => ({
    name,
    method,
    path: `${ADMIN_PREFIX}${path}`,
    parameters,
    ...(requestBody && { requestBody }),
    handle: async (ctx, input) => {
      await requireOperator(deps.store, ctx, `${ADMIN_PREFIX}${path}`);
      return handle(ctx, input);
    },
  });
  const tenancy = pathParameter("tenancyId");
  const user = pathParameter("userId");
  return [
    route("AdminListTenancies", "GET", "/tenancies", [], () => listTenancies(deps)),
    route("AdminCreateTenancy", "POST", "/tenancies", [], (ctx, input) => createTenancyForTeam(deps, ctx, input), {
      schema: CreateTenancyDetails,
      required: true,
    }),
    route("AdminGetTenancy", "GET", "/tenancies/{tenancyId}", [tenancy], (_ctx, input) => getTenancy(deps, input)),
    route("AdminListUsers", "GET", "/tenancies/{tenancyId}/users", [tenancy], (_ctx, input) =>
      listTenancyUsers(deps, input),
    ),
    route(
      "AdminCreateUser",
      "POST",
      "/tenancies/{tenancyId}/users",
      [tenancy],
      (ctx, input) => createTenancyUser(deps, ctx, input),
      { schema: CreateUserDetails, required: true },
    ),
    route("AdminListServiceLimits", "GET", "/tenancies/{tenancyId}/limits", [tenancy], (_ctx, input) =>
      listTenancyLimits(deps, input),
    ),
    route(
      "AdminSetServiceLimit",
      "PUT",
      "/tenancies/{tenancyId}/limits/{limitName}",
      [tenancy, pathParameter("limitName")],
      (ctx, input) => setTenancyLimit(deps, ctx, input),
      { schema: SetServiceLimitDetails, required: true },
    ),
    route("AdminListApiKeys", "GET", "/users/{userId}/apiKeys", [user], (_ctx, input) => listUserApiKeys(deps, input)),
    route(
      "AdminUploadApiKey",
      "POST",
      "/users/{userId}/apiKeys",
      [user],
      (ctx, input) => uploadUserApiKey(deps, ctx, input),
      { schema: UploadApiKeyDetails, required: false },
    ),
    route(
      "AdminDeleteApiKey",
      "DELETE",
      "/users/{userId}/apiKeys/{fingerprint}",
      [user, pathParameter("fingerprint")],
      (ctx, input) => deleteUserApiKey(deps, ctx, input),
    ),
  ];
}
