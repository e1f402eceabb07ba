import type { RegisteredApiKey } from "../auth/signature-verifier.js";

/**
 * A short-lived cache of API-key lookups: every signed request needs one, and keys change rarely. Entries live
 * `ttlMs` (a deleted key stops working within that time) and the cache holds at most `capacity` keys.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { key: RegisteredApiKey | undefined; expiresAt: number }>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 5_000,
    private readonly capacity = 1_024,
  ) {}

  async get(id: string, load: () => Promise<RegisteredApiKey | undefined>): Promise<RegisteredApiKey | undefined> {
    const hit = this.entries.get(id);
    if (hit && hit.expiresAt > this.now()) return hit.key;
    const key = await load();
    // Misses are not cached: a key registered a moment ago must work at once.
    if (key) {
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(id, { key, expiresAt: this.now() + this.ttlMs });
    } else {
      this.entries.delete(id);
    }
    return key;
  }
}
