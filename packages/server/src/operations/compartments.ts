import { ApiError } from "../errors.js";
import type { Repositories } from "../store/store.js";

/**
 * The compartment must exist in the caller's tenancy and be ACTIVE. A compartment of another tenancy is
 * indistinguishable from a missing one.
 */
export async function requireActiveCompartment(
  repos: Repositories,
  tenancyId: string,
  compartmentId: string,
  field: string,
): Promise<void> {
  const compartment = await repos.identity.getCompartment(tenancyId, compartmentId);
  if (!compartment || compartment.lifecycle_state !== "ACTIVE") {
    throw new ApiError(
      "NotAuthorizedOrNotFound",
      `${field}: compartment ${compartmentId} does not exist or is not authorized.`,
    );
  }
}
