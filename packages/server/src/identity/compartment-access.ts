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
  if (compartment?.lifecycle_state !== "ACTIVE") {
    throw new ApiError(
      "NotAuthorizedOrNotFound",
      `${field}: compartment ${compartmentId} does not exist or is not authorized.`,
    );
  }
}

/**
 * Lists may look into any compartment of the caller's tenancy, deleted ones included (their deleted resources
 * stay listable); a compartment of another tenancy, or none, answers 404 as real OCI does.
 */
export async function requireVisibleCompartment(
  repos: Repositories,
  tenancyId: string,
  compartmentId: string,
): Promise<void> {
  if (!(await repos.identity.getCompartment(tenancyId, compartmentId))) {
    throw new ApiError(
      "NotAuthorizedOrNotFound",
      `compartmentId: compartment ${compartmentId} does not exist or is not authorized.`,
    );
  }
}
