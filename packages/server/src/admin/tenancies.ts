import { generateApiKey } from "../auth/api-key.js";
import type { OperationDeps } from "../deps.js";
import { ApiError, notFound } from "../errors.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { createTenancy } from "../identity/tenancy-setup.js";
import { subnetRow, vcnRow } from "../network/network-setup.js";
import type { Repositories } from "../store/store.js";
import { operatorTenancyId } from "./operator.js";
import { SECRET_HEADERS, tenancyView, userView } from "./representation.js";
import type { ADMIN_OPERATIONS } from "./wire-contract.js";

/**
 * A new tenancy ready for `caisson run`: root compartment, one user with an API key, and the same VCN
 * 10.0.0.0/16 and subnet 10.0.0.0/24 a first start creates, so the team needs no networking before its first
 * container. All in one transaction; the private key is in the answer and nowhere else.
 */
export async function createTenancyForTeam(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof ADMIN_OPERATIONS.AdminCreateTenancy>,
): Promise<RouteResult> {
  const body = input.body;
  // RSA generation takes up to a few hundred ms: do it before the transaction, not inside it.
  const apiKey = await generateApiKey();
  const created = await deps.store.transaction(async (repos) => {
    await requireUniqueTenancyName(repos, body.name);
    const tenancy = await createTenancy(repos, {
      name: body.name,
      region: deps.region,
      userName: body.userName ?? "admin",
      now: ctx.now,
      apiKey,
    });
    const network = await createDefaultNetwork(repos, tenancy.tenancyId, deps.region, ctx.now);
    return { ...tenancy, ...network };
  });
  const [tenancy, user] = await Promise.all([
    deps.store.identity.getTenancy(created.tenancyId),
    deps.store.identity.getUser(created.tenancyId, created.userId),
  ]);
  return {
    status: 200,
    headers: SECRET_HEADERS,
    body: {
      tenancy: tenancyView(tenancy!, await operatorTenancyId(deps.store)),
      user: userView(user!),
      compartmentId: created.tenancyId,
      vcnId: created.vcnId,
      subnetId: created.subnetId,
      region: deps.region,
      apiKey: {
        fingerprint: apiKey.fingerprint,
        publicKeyPem: apiKey.publicKeyPem,
        privateKeyPem: apiKey.privateKeyPem,
      },
    },
  };
}

export async function listTenancies(deps: OperationDeps): Promise<RouteResult> {
  const rows = await deps.store.identity.listTenancies();
  const operator = await operatorTenancyId(deps.store);
  return { status: 200, body: { items: rows.map((row) => tenancyView(row, operator)) } };
}

export async function getTenancy(
  deps: OperationDeps,
  input: InputOf<typeof ADMIN_OPERATIONS.AdminGetTenancy>,
): Promise<RouteResult> {
  const id = input.path.tenancyId;
  const row = await deps.store.identity.getTenancy(id);
  if (!row) throw notFound("tenancy", id);
  return { status: 200, body: tenancyView(row, await operatorTenancyId(deps.store)) };
}

async function requireUniqueTenancyName(repos: Repositories, name: string): Promise<void> {
  const taken = (await repos.identity.listTenancies()).some((t) => t.name === name);
  if (taken) throw new ApiError("Conflict", `name: a tenancy named "${name}" already exists.`);
}

async function createDefaultNetwork(repos: Repositories, tenancyId: string, region: string, now: Date) {
  const vcn = vcnRow({
    tenancyId,
    compartmentId: tenancyId,
    region,
    cidrBlock: "10.0.0.0/16",
    displayName: "caisson-vcn",
    dnsLabel: "caisson",
    now,
  });
  await repos.network.insertVcn(vcn);
  const subnet = subnetRow({
    tenancyId,
    compartmentId: tenancyId,
    vcn,
    region,
    cidrBlock: "10.0.0.0/24",
    displayName: "caisson-subnet",
    dnsLabel: "default",
    now,
  });
  await repos.network.insertSubnet(subnet);
  return { vcnId: vcn.id, subnetId: subnet.id };
}
