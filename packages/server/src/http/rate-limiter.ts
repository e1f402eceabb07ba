import { ApiError } from "../errors.js";

export interface RateLimit {
  /** Sustained requests per second each user may make. */
  perSecond: number;
  /** Requests a user may make at once after being idle; defaults to twice `perSecond`. */
  burst?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per user: one tenant's flood is answered 429 TooManyRequests, cheaply and before its body is
 * read, instead of queueing ahead of everyone else's requests. Time comes from `now` (milliseconds).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly burst: number;

  constructor(
    limit: RateLimit,
    private readonly now: () => number,
  ) {
    if (!(limit.perSecond > 0)) throw new RangeError("a rate limit must be positive; leave it out to turn it off");
    this.perMs = limit.perSecond / 1000;
    this.burst = Math.max(1, limit.burst ?? limit.perSecond * 2);
  }

  /** Takes one request from the user's bucket, or throws 429 TooManyRequests with the seconds to wait. */
  take(userId: string): void {
    const now = this.now();
    const bucket = this.buckets.get(userId) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) * this.perMs);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) {
      this.buckets.set(userId, bucket);
      throw new TooManyRequestsError(Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)));
    }
    bucket.tokens -= 1;
    if (this.buckets.size > 10_000) this.forgetFullBuckets(now);
    this.buckets.set(userId, bucket);
  }

  /**
   * Throws 429 TooManyRequests if the user's bucket is empty, without taking from it or remembering the user: the
   * cheap refusal the signature check asks for before its RSA work (the request is not authenticated yet, so it
   * must neither spend the user's requests nor grow the map).
   */
  peek(userId: string): void {
    const bucket = this.buckets.get(userId);
    if (!bucket) return;
    const tokens = Math.min(this.burst, bucket.tokens + (this.now() - bucket.updatedAt) * this.perMs);
    if (tokens < 1) throw new TooManyRequestsError(Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)));
  }

  /** Full buckets carry no information; dropping them bounds the map by the users active in the last burst. */
  private forgetFullBuckets(now: number): void {
    for (const [user, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.perMs >= this.burst) this.buckets.delete(user);
    }
  }
}

/** 429 TooManyRequests; the pipeline answers `retry-after` with `retryAfterSeconds`. */
export class TooManyRequestsError extends ApiError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `Too many requests for this user; retry after ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`,
  ) {
    super("TooManyRequests", message);
  }
}
