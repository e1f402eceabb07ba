import type { ApiKeyId, RegisteredApiKey } from "../auth/signature-verifier.js";

/**
 * A short-lived cache of API-key lookups: every signed request needs one, and keys change rarely. Entries live
 * `ttlMs` and the cache holds at most `capacity` keys. A key deleted through this process is `forget`-ten at
 * once; the time to live only bounds how long a key deleted behind the process's back (another process sharing
 * the database) keeps working.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { key: RegisteredApiKey | undefined; expiresAt: number }>();
  /** Bumped by every `forget`, so a lookup that started before a deletion never caches what it read. */
  private generation = 0;

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 5_000,
    private readonly capacity = 1_024,
  ) {}

  async get(
    id: ApiKeyId | string,
    load: () => Promise<RegisteredApiKey | undefined>,
  ): Promise<RegisteredApiKey | undefined> {
    const cacheKey = typeof id === "string" ? id : entryKey(id.userId, id.fingerprint, id.tenancyId);
    const hit = this.entries.get(cacheKey);
    if (hit && hit.expiresAt > this.now()) return hit.key;
    const generation = this.generation;
    const key = await load();
    // Misses are not cached: a key registered a moment ago must work at once.
    if (key && generation === this.generation) {
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(cacheKey, { key, expiresAt: this.now() + this.ttlMs });
    } else {
      this.entries.delete(cacheKey);
    }
    return key;
  }

  /** Drops a user's key (in any tenancy): the next request signed with it is looked up again. */
  forget(userId: string, fingerprint: string): void {
    this.generation++;
    const suffix = entryKey(userId, fingerprint, "");
    for (const cacheKey of this.entries.keys()) if (cacheKey.endsWith(suffix)) this.entries.delete(cacheKey);
  }
}

const entryKey = (userId: string, fingerprint: string, tenancyId: string) => `${tenancyId}/${userId}/${fingerprint}`;
