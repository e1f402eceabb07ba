import type { Route } from "../http/route.js";
import type { OperationDeps } from "../operations/deps.js";

export function identityRoutes(_deps: OperationDeps): Route[] {
  return [];
}
