import { verify } from "node:crypto";
import type { Clock } from "../clock.js";
import { ApiError } from "../errors.js";
import type { Principal } from "../http/route.js";
import type { Store } from "../store/store.js";
import { csrfTokenFor, looksLikeToken, newToken, tokenHash } from "./tokens.js";

export interface ConsoleSessionOptions {
  /** How long a session lasts after sign-in. */
  sessionTtlMs: number;
  /** How long the operator's printed sign-in link works (once). */
  signInLinkTtlMs?: number;
  /** How long a challenge may wait for its signature. */
  challengeTtlMs?: number;
  /** Challenges that may be outstanding at once, across all callers (they are handed out unauthenticated). */
  maxChallenges?: number;
}

export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A session as the console's JavaScript sees it. */
export interface ConsoleSessionView {
  tenancyId: string;
  userId: string;
  fingerprint: string;
  csrfToken: string;
  expiresAt: string;
}

/** Looks up a registered API key's public key (through the cache that key deletions reach). */
export type PublicKeyLookup = (principal: Principal) => Promise<string | undefined>;

const refused = () =>
  new ApiError(
    "NotAuthenticated",
    "Sign-in refused: no API key with that tenancy, user and fingerprint signed this challenge, or the challenge expired.",
  );

/**
 * The console's sign-in: a challenge signed in the browser with the user's API key (RSASSA-PKCS1-v1_5 SHA-256,
 * as OCI request signatures), or the operator's one-time link; either opens a session stored by the hash of its
 * token. A session lives until it expires, its user signs out, or its API key is deleted.
 */
export class ConsoleSessions {
  private readonly challengeTtlMs: number;
  private readonly maxChallenges: number;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly publicKey: PublicKeyLookup,
    private readonly options: ConsoleSessionOptions,
  ) {
    this.challengeTtlMs = options.challengeTtlMs ?? 2 * 60 * 1000;
    this.maxChallenges = options.maxChallenges ?? 1_000;
  }

  get sessionTtlMs(): number {
    return this.options.sessionTtlMs;
  }

  async newChallenge(): Promise<{ challenge: string; expiresAt: string }> {
    const now = this.clock.now();
    await this.store.consoleSessions.purgeExpired(now.toISOString());
    if ((await this.store.consoleSessions.count("challenge", now.toISOString())) >= this.maxChallenges) {
      throw new ApiError("TooManyRequests", "Too many console sign-ins are in progress; try again in a minute.");
    }
    const challenge = newToken();
    const expiresAt = new Date(now.getTime() + this.challengeTtlMs).toISOString();
    await this.store.consoleSessions.insert({
      token_hash: tokenHash(challenge),
      kind: "challenge",
      tenancy_id: null,
      user_id: null,
      fingerprint: null,
      time_created: now.toISOString(),
      expires_at: expiresAt,
    });
    return { challenge, expiresAt };
  }

  /** Opens a session when `signature` (base64) is the key's signature over the challenge's UTF-8 bytes. */
  async signInWithKey(principal: Principal, challenge: string, signature: string): Promise<string> {
    const now = this.clock.now().toISOString();
    if (!looksLikeToken(challenge)) throw refused();
    // Taken first: a challenge is good for one attempt, right or wrong, so it cannot be used to guess.
    const taken = await this.store.consoleSessions.take("challenge", tokenHash(challenge), now);
    if (!taken) throw refused();
    const pem = await this.publicKey(principal);
    if (!pem) throw refused();
    let valid = false;
    try {
      valid = verify("RSA-SHA256", Buffer.from(challenge, "utf8"), pem, Buffer.from(signature, "base64"));
    } catch {
      valid = false;
    }
    if (!valid) throw refused();
    return this.open(principal);
  }

  /** The operator's one-time sign-in link: its token, printed by `caisson serve`, good once for 24 hours. */
  async newSignInLink(principal: Principal): Promise<string> {
    const token = newToken();
    const now = this.clock.now();
    await this.store.consoleSessions.insert({
      token_hash: tokenHash(token),
      kind: "sign-in-link",
      tenancy_id: principal.tenancyId,
      user_id: principal.userId,
      fingerprint: principal.fingerprint,
      time_created: now.toISOString(),
      expires_at: new Date(now.getTime() + (this.options.signInLinkTtlMs ?? DAY_MS)).toISOString(),
    });
    return token;
  }

  async signInWithLink(token: string): Promise<string> {
    if (!looksLikeToken(token)) throw linkRefused();
    const row = await this.store.consoleSessions.take("sign-in-link", tokenHash(token), this.clock.now().toISOString());
    const principal = row && principalOf(row);
    if (!principal || !(await this.publicKey(principal))) throw linkRefused();
    return this.open(principal);
  }

  /** The session's user, while the session lives and its API key exists; undefined otherwise. */
  async resolve(token: string | undefined): Promise<(Principal & { expiresAt: string }) | undefined> {
    if (!looksLikeToken(token)) return undefined;
    const row = await this.store.consoleSessions.find("session", tokenHash(token), this.clock.now().toISOString());
    const principal = row && principalOf(row);
    if (!row || !principal) return undefined;
    if (!(await this.publicKey(principal))) {
      await this.store.consoleSessions.delete(row.token_hash);
      return undefined;
    }
    return { ...principal, expiresAt: row.expires_at };
  }

  async view(token: string | undefined): Promise<ConsoleSessionView | undefined> {
    const session = await this.resolve(token);
    return session && token ? { ...session, csrfToken: csrfTokenFor(token) } : undefined;
  }

  async signOut(token: string | undefined): Promise<void> {
    if (looksLikeToken(token)) await this.store.consoleSessions.delete(tokenHash(token));
  }

  private async open(principal: Principal): Promise<string> {
    const token = newToken();
    const now = this.clock.now();
    await this.store.consoleSessions.insert({
      token_hash: tokenHash(token),
      kind: "session",
      tenancy_id: principal.tenancyId,
      user_id: principal.userId,
      fingerprint: principal.fingerprint,
      time_created: now.toISOString(),
      expires_at: new Date(now.getTime() + this.options.sessionTtlMs).toISOString(),
    });
    return token;
  }
}

const linkRefused = () =>
  new ApiError(
    "NotAuthenticated",
    "This sign-in link was already used or has expired; restart caisson serve for a new one, or sign in with your API key.",
  );

function principalOf(row: {
  tenancy_id: string | null;
  user_id: string | null;
  fingerprint: string | null;
}): Principal | undefined {
  return row.tenancy_id && row.user_id && row.fingerprint
    ? { tenancyId: row.tenancy_id, userId: row.user_id, fingerprint: row.fingerprint }
    : undefined;
}
