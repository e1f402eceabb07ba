import type { NETWORK_OPERATIONS } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { notFound } from "../errors.js";
import { listRequest, nextPageHeader } from "../http/list-request.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { findCompartment } from "../identity/compartments.js";
import { lifecycleStateFilter } from "../identity/lifecycle-state-filter.js";
import { resourceEtag } from "../identity/resource-etag.js";
import type { NetworkListFilter } from "../store/network-repository.js";
import { SUBNET_STATES, subnetFromRow, VCN_STATES, vcnFromRow } from "./representation.js";

/** GetVcn: TERMINATED VCNs stay readable, so waiters polling for TERMINATED see it. */
export async function getVcn(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof NETWORK_OPERATIONS.GetVcn>,
): Promise<RouteResult> {
  const id = input.path.vcnId;
  const row = await deps.store.network.getVcn(ctx.principal.tenancyId, id);
  if (!row) throw notFound("VCN", id);
  return { status: 200, body: vcnFromRow(row), headers: { etag: resourceEtag(row) } };
}

export async function getSubnet(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof NETWORK_OPERATIONS.GetSubnet>,
): Promise<RouteResult> {
  const id = input.path.subnetId;
  const row = await deps.store.network.getSubnet(ctx.principal.tenancyId, id);
  if (!row) throw notFound("subnet", id);
  return { status: 200, body: subnetFromRow(row), headers: { etag: resourceEtag(row) } };
}

/**
 * ListVcns and ListSubnets: bare JSON arrays with opc-next-page, sorted by TIMECREATED (newest first) unless
 * told otherwise. TERMINATED resources are listed only when `lifecycleState=TERMINATED` asks for them.
 */
export async function listVcns(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof NETWORK_OPERATIONS.ListVcns>,
): Promise<RouteResult> {
  const filter = await listFilter(deps, ctx, input.query, VCN_STATES);
  const page = await deps.store.network.listVcnsPage(
    filter,
    listRequest<"TIMECREATED" | "DISPLAYNAME">(input.query, "TIMECREATED", ["DISPLAYNAME"]),
  );
  return { status: 200, body: page.items.map(vcnFromRow), headers: nextPageHeader(page.nextPage) };
}

export async function listSubnets(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof NETWORK_OPERATIONS.ListSubnets>,
): Promise<RouteResult> {
  const filter = await listFilter(deps, ctx, input.query, SUBNET_STATES);
  if (input.query.vcnId !== undefined) filter.vcnId = input.query.vcnId;
  const page = await deps.store.network.listSubnetsPage(
    filter,
    listRequest<"TIMECREATED" | "DISPLAYNAME">(input.query, "TIMECREATED", ["DISPLAYNAME"]),
  );
  return { status: 200, body: page.items.map(subnetFromRow), headers: nextPageHeader(page.nextPage) };
}

async function listFilter(
  deps: OperationDeps,
  ctx: CallContext,
  query: { compartmentId: string; lifecycleState?: string; displayName?: string },
  states: readonly string[],
): Promise<NetworkListFilter> {
  const tenancyId = ctx.principal.tenancyId;
  // Listing in another tenancy's compartment must fail exactly like listing in a missing one.
  const compartment = await findCompartment(deps.store, tenancyId, query.compartmentId);
  const filter: NetworkListFilter = { tenancyId, compartmentId: compartment.id };
  const lifecycleState = lifecycleStateFilter(query.lifecycleState, states);
  if (lifecycleState) filter.lifecycleState = lifecycleState;
  if (query.displayName !== undefined) filter.displayName = query.displayName;
  return filter;
}
