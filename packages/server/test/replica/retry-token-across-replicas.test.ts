import { afterAll, expect, test } from "vitest";
import { oncePerRetryToken } from "../../src/operations/retry-token.js";
import type { Store } from "../../src/store/store.js";
import { DIALECTS, stopPostgres } from "../support/dialects.js";

/**
 * Two replicas receive the same create with the same opc-retry-token (a load balancer retried it): the later one's
 * transaction began before the earlier one committed. PostgreSQL only: SQLite serialises writers in one process.
 */
const postgres = DIALECTS.find((d) => d.name === "postgres")!;
afterAll(() => stopPostgres());

test("a request whose transaction began before another with the same token committed answers as that one did", async () => {
  const store: Store = await postgres.open();
  try {
    const call = {
      tenancyId: "t1",
      token: "token-1",
      operation: "Create",
      request: Buffer.from("{}"),
      now: new Date(),
    };
    let firstDone!: () => void;
    const first = new Promise<void>((resolve) => {
      firstDone = resolve;
    });
    let ran = 0;
    // The later request: inside its transaction, past its own look for the token, it waits for the first to commit.
    const late = oncePerRetryToken(store, call, async () => {
      ran++;
      await first;
      return { status: 200, body: { id: "second" } } as never;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const early = await oncePerRetryToken(store, call, async () => {
      ran++;
      return { status: 200, body: { id: "first" } } as never;
    });
    firstDone();
    expect(early).toMatchObject({ body: { id: "first" } });
    expect(await late).toMatchObject({ body: { id: "first" } });
    expect(ran).toBe(2);
    // The saved answer is still the first one: the late request neither replaced it nor committed its own.
    const saved = await store.retryTokens.find("t1", "token-1", new Date(0).toISOString());
    expect(JSON.parse(saved!.response)).toMatchObject({ body: { id: "first" } });
  } finally {
    await store.close();
  }
});
