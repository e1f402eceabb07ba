import type { NETWORK_OPERATIONS } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { ApiError, incorrectState, invalidParameter, missingParameter, notFound } from "../errors.js";
import { oncePerRetryToken } from "../http/retry-token.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { requireActiveCompartment } from "../identity/compartment-access.js";
import { requireEtagMatch, resourceEtag } from "../identity/resource-etag.js";
import { parseDoc, stringifyDoc } from "../store/json.js";
import type { VcnRow } from "../store/schema.js";
import { type Cidr, overlaps, parseCidr } from "./cidr.js";
import { vcnRow } from "./network-setup.js";
import { vcnFromRow } from "./representation.js";

/** CreateVcn: 200 with the Vcn, AVAILABLE at once (nothing needs provisioning), and its etag. */
export async function createVcn(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof NETWORK_OPERATIONS.CreateVcn>,
): Promise<RouteResult> {
  const details = input.body;
  const tenancyId = ctx.principal.tenancyId;
  if (details.isIpv6Enabled || details.ipv6PrivateCidrBlocks?.length || details.byoipv6CidrDetails?.length) {
    throw invalidParameter("isIpv6Enabled", "IPv6 is not supported by Caisson; create an IPv4-only VCN.");
  }
  const blocks = vcnCidrBlocks(details);
  const call = {
    tenancyId,
    token: input.headers["opc-retry-token"],
    operation: "CreateVcn",
    request: input.rawBody,
    now: ctx.now,
  };
  return oncePerRetryToken(deps.store, call, async (repos) => {
    await requireActiveCompartment(repos, tenancyId, details.compartmentId, "compartmentId");
    const base = vcnRow({
      tenancyId,
      compartmentId: details.compartmentId,
      region: deps.region,
      cidrBlock: blocks[0]!.text,
      now: ctx.now,
      ...(details.displayName && { displayName: details.displayName }),
      ...(details.dnsLabel && { dnsLabel: details.dnsLabel.toLowerCase() }),
      ...(details.freeformTags && { freeformTags: details.freeformTags }),
      ...(details.definedTags && { definedTags: details.definedTags }),
    });
    // vcnRow knows one block; a multi-CIDR VCN lists all of them, with the first as the legacy `cidrBlock`.
    const row: VcnRow = {
      ...base,
      doc: stringifyDoc({ ...parseDoc<object>(base.doc), cidrBlocks: blocks.map((b) => b.text) }),
    };
    await repos.network.insertVcn(row);
    return { status: 200, body: vcnFromRow(row), headers: { etag: resourceEtag(row) } };
  });
}

export async function updateVcn(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof NETWORK_OPERATIONS.UpdateVcn>,
): Promise<RouteResult> {
  const details = input.body;
  const tenancyId = ctx.principal.tenancyId;
  return deps.store.transaction(async (repos) => {
    const row = await repos.network.getVcn(tenancyId, input.path.vcnId);
    if (!row) throw notFound("VCN", input.path.vcnId);
    requireEtagMatch("VCN", row, input.headers["if-match"]);
    if (row.lifecycle_state !== "AVAILABLE") throw incorrectState("VCN", row.id, row.lifecycle_state, "update");
    const doc = parseDoc<Record<string, unknown>>(row.doc);
    const updated: VcnRow = {
      ...row,
      display_name: details.displayName ?? row.display_name,
      doc: stringifyDoc({
        ...doc,
        freeformTags: details.freeformTags ?? doc.freeformTags,
        definedTags: details.definedTags ?? doc.definedTags,
      }),
    };
    await repos.network.updateVcnDetails(tenancyId, row.id, { display_name: updated.display_name, doc: updated.doc });
    return { status: 200, body: vcnFromRow(updated), headers: { etag: resourceEtag(updated) } };
  });
}

/**
 * DeleteVcn: 204, and the VCN is TERMINATED (still readable by id). OCI refuses while subnets remain, with 409
 * Conflict. Deleting a TERMINATED VCN again succeeds without change, so retried deletes converge.
 */
export async function deleteVcn(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof NETWORK_OPERATIONS.DeleteVcn>,
): Promise<RouteResult> {
  const tenancyId = ctx.principal.tenancyId;
  return deps.store.transaction(async (repos) => {
    const row = await repos.network.getVcn(tenancyId, input.path.vcnId);
    if (!row) throw notFound("VCN", input.path.vcnId);
    requireEtagMatch("VCN", row, input.headers["if-match"]);
    if (row.lifecycle_state === "TERMINATED") return { status: 204 };
    const subnets = await repos.network.liveSubnetsOfVcn(row.id);
    if (subnets.length > 0) {
      throw new ApiError(
        "Conflict",
        `VCN ${row.id} still has ${subnets.length} subnet(s) (${subnets.map((s) => s.id).join(", ")}); delete them first.`,
      );
    }
    await repos.network.updateVcn(tenancyId, row.id, { lifecycle_state: "TERMINATED" });
    return { status: 204 };
  });
}

/** The VCN's blocks from `cidrBlocks` or the legacy `cidrBlock`; they must agree and must not overlap. */
function vcnCidrBlocks(details: InputOf<typeof NETWORK_OPERATIONS.CreateVcn>["body"]): Cidr[] {
  const texts = details.cidrBlocks ?? (details.cidrBlock ? [details.cidrBlock] : []);
  if (texts.length === 0) throw missingParameter("cidrBlocks");
  if (details.cidrBlock && details.cidrBlocks && details.cidrBlocks[0] !== details.cidrBlock) {
    throw invalidParameter("cidrBlock", "when cidrBlocks is also given, cidrBlock must equal its first element.");
  }
  const blocks = texts.map((text, i) => {
    const parsed = parseCidr(text);
    if (typeof parsed === "string") throw invalidParameter(`cidrBlocks[${i}]`, parsed);
    return parsed;
  });
  blocks.forEach((block, i) => {
    const clash = blocks.slice(0, i).find((other) => overlaps(block, other));
    if (clash) throw invalidParameter(`cidrBlocks[${i}]`, `${block.text} overlaps ${clash.text}.`);
  });
  return blocks;
}
