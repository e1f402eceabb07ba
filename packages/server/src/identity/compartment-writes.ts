import { type IDENTITY_OPERATIONS, makeOcid, toRfc3339 } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { ApiError, incorrectState } from "../errors.js";
import { oncePerRetryToken } from "../http/retry-token.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { parseDoc, stringifyDoc } from "../store/json.js";
import type { CompartmentRow } from "../store/schema.js";
import type { Repositories } from "../store/store.js";
import { requireActiveCompartment } from "./compartment-access.js";
import { type CompartmentDoc, compartmentFromRow, findCompartment } from "./compartments.js";
import { requireEtagMatch, resourceEtag } from "./resource-etag.js";
import { compartmentRow } from "./tenancy-setup.js";

/** OCI allows six levels of compartments below the root. */
export const MAX_COMPARTMENT_DEPTH = 6;

export async function createCompartment(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof IDENTITY_OPERATIONS.CreateCompartment>,
): Promise<RouteResult> {
  const details = input.body;
  const tenancyId = ctx.principal.tenancyId;
  const call = {
    tenancyId,
    token: input.headers["opc-retry-token"],
    operation: "CreateCompartment",
    request: input.rawBody,
    now: ctx.now,
  };
  return oncePerRetryToken(deps.store, call, async (repos) => {
    await requireActiveCompartment(repos, tenancyId, details.compartmentId, "compartmentId");
    if ((await depthOf(repos, tenancyId, details.compartmentId)) >= MAX_COMPARTMENT_DEPTH) {
      throw new ApiError(
        "LimitExceeded",
        `compartmentId: compartments nest at most ${MAX_COMPARTMENT_DEPTH} levels below the root.`,
      );
    }
    await requireUniqueName(repos, tenancyId, details.compartmentId, details.name);
    const row = compartmentRow({
      id: makeOcid("compartment", deps.region),
      tenancyId,
      parentId: details.compartmentId,
      name: details.name,
      description: details.description,
      now: toRfc3339(ctx.now),
      ...(details.freeformTags && { freeformTags: details.freeformTags }),
      ...(details.definedTags && { definedTags: details.definedTags }),
    });
    await repos.identity.insertCompartment(row);
    return { status: 200, body: compartmentFromRow(row), headers: { etag: resourceEtag(row) } };
  });
}

export async function updateCompartment(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof IDENTITY_OPERATIONS.UpdateCompartment>,
): Promise<RouteResult> {
  const details = input.body;
  const tenancyId = ctx.principal.tenancyId;
  return deps.store.transaction(async (repos) => {
    const row = await findCompartment(repos, tenancyId, input.path.compartmentId);
    requireEtagMatch("compartment", row, input.headers["if-match"]);
    if (row.lifecycle_state !== "ACTIVE") throw incorrectState("compartment", row.id, row.lifecycle_state, "update");
    if (details.name !== undefined && details.name !== row.name) {
      // The root compartment's name is the tenancy's name, which this API does not change.
      if (row.parent_id === null)
        throw new ApiError("InvalidParameter", "name: the root compartment cannot be renamed.");
      await requireUniqueName(repos, tenancyId, row.parent_id, details.name);
    }
    const doc = parseDoc<CompartmentDoc>(row.doc);
    const changes = {
      name: details.name ?? row.name,
      description: details.description ?? row.description,
      doc: stringifyDoc({
        ...doc,
        freeformTags: details.freeformTags ?? doc.freeformTags,
        definedTags: details.definedTags ?? doc.definedTags,
      }),
    };
    await repos.identity.updateCompartment(tenancyId, row.id, changes);
    const updated: CompartmentRow = { ...row, ...changes };
    return { status: 200, body: compartmentFromRow(updated), headers: { etag: resourceEtag(updated) } };
  });
}

/**
 * DeleteCompartment answers 202 with an opc-work-request-id as OCI does, but finishes at once: the compartment
 * is DELETED (and stays readable) when the answer arrives. Deleting a DELETED compartment again is accepted
 * and changes nothing, so retried deletes converge. Only an empty compartment can be deleted.
 */
export async function deleteCompartment(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof IDENTITY_OPERATIONS.DeleteCompartment>,
): Promise<RouteResult> {
  const tenancyId = ctx.principal.tenancyId;
  return deps.store.transaction(async (repos) => {
    const row = await findCompartment(repos, tenancyId, input.path.compartmentId);
    requireEtagMatch("compartment", row, input.headers["if-match"]);
    if (row.parent_id === null)
      throw new ApiError(
        "InvalidParameter",
        `compartmentId: ${row.id} is the root compartment (the tenancy), which cannot be deleted.`,
      );
    if (row.lifecycle_state !== "DELETED") {
      await requireEmpty(repos, tenancyId, row.id);
      await repos.identity.updateCompartment(tenancyId, row.id, { lifecycle_state: "DELETED" });
    }
    return { status: 202, headers: { "opc-work-request-id": makeOcid("identityworkrequest", deps.region) } };
  });
}

async function requireUniqueName(
  repos: Repositories,
  tenancyId: string,
  parentId: string,
  name: string,
): Promise<void> {
  if (await repos.identity.findLiveChildByName(tenancyId, parentId, name)) {
    // OCI answers 409 CompartmentAlreadyExists; Caisson's error catalog spells that conflict `Conflict`.
    throw new ApiError("Conflict", `name: a compartment named "${name}" already exists in compartment ${parentId}.`);
  }
}

async function requireEmpty(repos: Repositories, tenancyId: string, id: string): Promise<void> {
  const left = await repos.identity.countCompartmentDependents(tenancyId, id);
  const named = [
    [left.compartments, "compartment"],
    [left.containerInstances, "container instance"],
    [left.vcns, "VCN"],
    [left.subnets, "subnet"],
  ] as const;
  const remaining = named.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}${n === 1 ? "" : "s"}`);
  if (remaining.length > 0) {
    throw new ApiError("Conflict", `compartment ${id} still contains ${remaining.join(", ")}; delete them first.`);
  }
}

/** Levels below the root: the root is 0, its children 1. */
async function depthOf(repos: Repositories, tenancyId: string, id: string): Promise<number> {
  let depth = 0;
  let row = await repos.identity.getCompartment(tenancyId, id);
  while (row?.parent_id) {
    depth += 1;
    row = await repos.identity.getCompartment(tenancyId, row.parent_id);
  }
  return depth;
}
