import { createHash } from "node:crypto";
import { toRfc3339 } from "@caisson/api";
import { ApiError } from "../errors.js";
import type { Repositories, Store } from "../store/store.js";
import type { RouteResult } from "./route.js";

const RETRY_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Runs a mutating operation at most once per `opc-retry-token` (per tenancy, for 24 hours). A repeat with
 * the same request gets the first answer again and changes nothing; a repeat with a different request is a
 * 409 Conflict. The answer is saved in the operation's own transaction, so a crash cannot separate them.
 */
export async function oncePerRetryToken(
  store: Store,
  call: { tenancyId: string; token: string | undefined; operation: string; request: Buffer; now: Date },
  operation: (repos: Repositories) => Promise<RouteResult>,
): Promise<RouteResult> {
  const { token } = call;
  if (!token) return store.transaction(operation);
  const hash = createHash("sha256").update(call.operation).update("\n").update(call.request).digest("hex");
  const now = toRfc3339(call.now);

  const replay = async (repos: Repositories = store): Promise<RouteResult | undefined> => {
    const saved = await repos.retryTokens.find(call.tenancyId, token, now);
    if (!saved) return undefined;
    if (saved.operation !== call.operation || saved.request_hash !== hash) {
      throw new ApiError(
        "Conflict",
        `opc-retry-token ${token} was already used with a different request in the last 24 hours; use a new token.`,
      );
    }
    return JSON.parse(saved.response) as RouteResult;
  };

  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return await store.transaction(async (repos) => {
      // Look again inside the transaction: a request with the same token may have committed since the look
      // above, and running the operation again would create a second resource (and overwrite its answer).
      const raced = await replay(repos);
      if (raced) return raced;
      const result = await operation(repos);
      await repos.retryTokens.save(
        {
          tenancy_id: call.tenancyId,
          token,
          operation: call.operation,
          request_hash: hash,
          response: JSON.stringify(result),
          expires_at: toRfc3339(new Date(call.now.getTime() + RETRY_TOKEN_LIFETIME_MS)),
        },
        now,
      );
      return result;
    });
  } catch (error) {
    // A concurrent request with the same token committed first: answer as it did.
    const raced = await replay().catch(() => undefined);
    if (raced) return raced;
    throw error;
  }
}
