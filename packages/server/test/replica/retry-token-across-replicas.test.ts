import { afterAll, describe, expect, test } from "vitest";
import { DIALECTS, stopPostgres } from "../support/dialects.js";

/**
 * Two replicas receive the same create with the same opc-retry-token (a load balancer retried it). The later
 * one's look for the token may come before the earlier one commits; when it then saves its own answer, the
 * earlier one's fresh row must stay, and the save fail on the primary key — so oncePerRetryToken answers as the
 * first request did. Saving used to delete any row with the token ("an expired one may still be there"), which
 * let the later request commit a second instance.
 */
afterAll(() => stopPostgres());

describe.each(DIALECTS)("retry tokens on $name", (dialect) => {
  test("a save never replaces a live answer with the same token, and replaces an expired one", async () => {
    const store = await dialect.open();
    try {
      const now = "2026-01-02T00:00:00.000Z";
      const row = (response: string, expiresAt: string) => ({
        tenancy_id: "t1",
        token: "token-1",
        operation: "CreateContainerInstance",
        request_hash: "h",
        response,
        expires_at: expiresAt,
      });
      await store.retryTokens.save(row("first", "2026-01-03T00:00:00.000Z"), now);
      await expect(store.retryTokens.save(row("second", "2026-01-03T00:00:01.000Z"), now)).rejects.toThrow();
      expect((await store.retryTokens.find("t1", "token-1", now))?.response).toBe("first");

      // A day later the first answer has expired: a new request with the same token is a new request.
      const later = "2026-01-04T00:00:00.000Z";
      await store.retryTokens.save(row("third", "2026-01-05T00:00:00.000Z"), later);
      expect((await store.retryTokens.find("t1", "token-1", later))?.response).toBe("third");
    } finally {
      await store.close();
    }
  });
});
