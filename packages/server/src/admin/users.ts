import { toRfc3339 } from "@caisson/api";
import { type ApiKey, fingerprintOf, generateApiKey } from "../auth/api-key.js";
import type { OperationDeps } from "../deps.js";
import { ApiError, notFound } from "../errors.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { addApiKey, createUser } from "../identity/tenancy-setup.js";
import type { UserRow } from "../store/schema.js";
import type { Repositories, Store } from "../store/store.js";
import { apiKeyView, SECRET_HEADERS, userView } from "./representation.js";
import type { ADMIN_OPERATIONS } from "./wire-contract.js";

/** OCI allows three API signing keys per user; Caisson keeps the same limit so scripts behave alike. */
export const MAX_API_KEYS_PER_USER = 3;

export async function createTenancyUser(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof ADMIN_OPERATIONS.AdminCreateUser>,
): Promise<RouteResult> {
  const tenancyId = input.path.tenancyId;
  const body = input.body;
  const generated = body.publicKey === undefined ? await generateApiKey() : undefined;
  const publicKeyPem = body.publicKey ?? generated!.publicKeyPem;
  // Parsing first turns a bad key into 400 InvalidParameter before anything is written.
  fingerprintOf(publicKeyPem);
  const user = await deps.store.transaction(async (repos) => {
    if (!(await repos.identity.getTenancy(tenancyId))) throw notFound("tenancy", tenancyId);
    const users = await repos.identity.listUsers(tenancyId);
    if (users.some((u) => u.name === body.name)) {
      throw new ApiError("Conflict", `name: tenancy ${tenancyId} already has a user named "${body.name}".`);
    }
    const userId = await createUser(repos, { tenancyId, region: deps.region, name: body.name, now: ctx.now });
    await addApiKey(repos, { tenancyId, userId, publicKeyPem, now: ctx.now });
    return (await repos.identity.getUser(tenancyId, userId))!;
  });
  const [key] = await deps.store.identity.listApiKeys(user.id);
  return {
    status: 200,
    ...(generated && { headers: SECRET_HEADERS }),
    body: { user: userView(user), apiKey: withPrivateKey(apiKeyView(key!), generated) },
  };
}

export async function listTenancyUsers(
  deps: OperationDeps,
  input: InputOf<typeof ADMIN_OPERATIONS.AdminListUsers>,
): Promise<RouteResult> {
  const tenancyId = input.path.tenancyId;
  if (!(await deps.store.identity.getTenancy(tenancyId))) throw notFound("tenancy", tenancyId);
  const users = await deps.store.identity.listUsers(tenancyId);
  return { status: 200, body: { items: users.map(userView) } };
}

export async function listUserApiKeys(
  deps: OperationDeps,
  input: InputOf<typeof ADMIN_OPERATIONS.AdminListApiKeys>,
): Promise<RouteResult> {
  const user = await findUserAnywhere(deps.store, input.path.userId);
  const keys = await deps.store.identity.listApiKeys(user.id);
  return { status: 200, body: { items: keys.map(apiKeyView) } };
}

export async function uploadUserApiKey(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof ADMIN_OPERATIONS.AdminUploadApiKey>,
): Promise<RouteResult> {
  const body = input.body;
  const generated = body.publicKey === undefined ? await generateApiKey() : undefined;
  const publicKeyPem = body.publicKey ?? generated!.publicKeyPem;
  const fingerprint = fingerprintOf(publicKeyPem);
  const row = await deps.store.transaction(async (repos) => {
    const user = await findUserAnywhere(repos, input.path.userId);
    const keys = await repos.identity.listApiKeys(user.id);
    if (keys.some((k) => k.fingerprint === fingerprint)) {
      throw new ApiError("Conflict", `publicKey: user ${user.id} already has the key ${fingerprint}.`);
    }
    if (keys.length >= MAX_API_KEYS_PER_USER) {
      throw new ApiError(
        "LimitExceeded",
        `user ${user.id} already has ${MAX_API_KEYS_PER_USER} API keys, the most a user may have; delete one first.`,
      );
    }
    await addApiKey(repos, { tenancyId: user.tenancy_id, userId: user.id, publicKeyPem, now: ctx.now });
    return {
      fingerprint,
      user_id: user.id,
      tenancy_id: user.tenancy_id,
      public_key_pem: publicKeyPem,
      time_created: toRfc3339(ctx.now),
    };
  });
  return {
    status: 200,
    ...(generated && { headers: SECRET_HEADERS }),
    body: withPrivateKey(apiKeyView(row), generated),
  };
}

/**
 * Refuses to delete the key that signed the request: that would lock the caller out in the middle of a key
 * rotation. Rotate by uploading the new key, switching the config file to it, then deleting the old one.
 */
export async function deleteUserApiKey(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof ADMIN_OPERATIONS.AdminDeleteApiKey>,
): Promise<RouteResult> {
  const fingerprint = input.path.fingerprint;
  const user = await findUserAnywhere(deps.store, input.path.userId);
  if (user.id === ctx.principal.userId && fingerprint === ctx.principal.fingerprint) {
    throw new ApiError(
      "Conflict",
      `fingerprint: ${fingerprint} signed this request; sign with another key of this user to delete it.`,
    );
  }
  if (!(await deps.store.identity.deleteApiKey(user.id, fingerprint))) throw notFound("API key", fingerprint);
  // Console sessions opened with the key end with it (their authenticator also checks the key on every request).
  await deps.store.consoleSessions.deleteForKey(user.id, fingerprint);
  deps.onApiKeyDeleted?.(user.id, fingerprint);
  return { status: 204 };
}

/** User OCIDs are unique across tenancies; the admin API addresses users without their tenancy. */
async function findUserAnywhere(repos: Repositories | Store, userId: string): Promise<UserRow> {
  for (const tenancy of await repos.identity.listTenancies()) {
    const user = await repos.identity.getUser(tenancy.id, userId);
    if (user) return user;
  }
  throw notFound("user", userId);
}

function withPrivateKey<T extends object>(view: T, generated: ApiKey | undefined) {
  return generated ? { ...view, privateKeyPem: generated.privateKeyPem } : view;
}
