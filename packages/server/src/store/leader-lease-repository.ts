import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.js";

/** A held singleton role: the fencing token the holder's writes name. */
export interface HeldLease {
  token: number;
}

/**
 * Leases on singleton roles among replicas sharing one PostgreSQL database (see replica/leadership.ts). Times
 * come from the database's clock, so replicas on hosts whose clocks disagree still agree on who holds a lease.
 * Expiry times are RFC 3339 text, like every timestamp in the store, so they compare as text.
 */
export class LeaderLeaseRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Takes the role if nobody holds it or its holder's lease has run out; the token rises at every take-over. */
  async tryAcquire(name: string, holder: string, leaseMs: number): Promise<HeldLease | undefined> {
    const result = await sql<{ token: string | number }>`
      insert into leader_leases (name, holder, token, expires_at)
      values (${name}, ${holder}, 1, ${dbTime(leaseMs)})
      on conflict (name) do update
        set holder = excluded.holder, token = leader_leases.token + 1, expires_at = excluded.expires_at
        where leader_leases.expires_at < ${dbTime(0)}
      returning token`.execute(this.db);
    const row = result.rows[0];
    return row ? { token: Number(row.token) } : undefined;
  }

  /** Extends the holder's lease; false when the token moved on (someone else took the role). */
  async renew(name: string, holder: string, token: number, leaseMs: number): Promise<boolean> {
    const result = await sql`
      update leader_leases set expires_at = ${dbTime(leaseMs)}
      where name = ${name} and holder = ${holder} and token = ${token}`.execute(this.db);
    return (result.numAffectedRows ?? 0n) > 0n;
  }

  /** Gives the role up at once (a clean stop), so the next holder need not wait for the lease to run out. */
  async release(name: string, holder: string, token: number): Promise<void> {
    await sql`
      update leader_leases set expires_at = ${"1970-01-01T00:00:00.000Z"}
      where name = ${name} and holder = ${holder} and token = ${token}`.execute(this.db);
  }

  /** Whether `token` is still the role's current one and unexpired: checked before each singleton write. */
  async stillHeld(name: string, token: number): Promise<boolean> {
    const result = await sql<{ token: string }>`
      select token from leader_leases
      where name = ${name} and token = ${token} and expires_at >= ${dbTime(0)}`.execute(this.db);
    return result.rows.length > 0;
  }

  async current(name: string): Promise<{ holder: string; token: number; expiresAt: string } | undefined> {
    const row = await this.db.selectFrom("leader_leases").selectAll().where("name", "=", name).executeTakeFirst();
    return row && { holder: row.holder, token: Number(row.token), expiresAt: row.expires_at };
  }

  /**
   * The installation's id: created by the first start and read by every later one. Callers hold the bootstrap
   * lock (Store.exclusively), so two first starts cannot both create one.
   */
  async installationId(newId: string, now: string): Promise<string> {
    const existing = await this.db.selectFrom("installation").select("id").executeTakeFirst();
    if (existing) return existing.id;
    await this.db.insertInto("installation").values({ id: newId, time_created: now }).execute();
    return newId;
  }
}

/** The database's clock plus `ms`, as RFC 3339 UTC text with milliseconds (PostgreSQL). */
const dbTime = (ms: number) =>
  sql`to_char((clock_timestamp() + make_interval(secs => ${ms / 1000})) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
