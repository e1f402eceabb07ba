import { type Kysely, sql } from "kysely";
import type { NewEventRow } from "../events/derive.js";
import type { EventWakeup } from "../events/wakeup.js";
import type { Dialect } from "./dialect.js";
import { EventRepository } from "./event-repository.js";
import type { Database } from "./schema.js";

/** What a change did: its result, and the events that describe it. */
export interface RecordedChange<T> {
  result: T;
  events: NewEventRow[];
}

/**
 * Writes a change together with its events: both commit, or neither. Repositories hold one; which one depends
 * on whether they run inside a caller's transaction or on their own.
 */
export interface EventJournal {
  record<T>(change: (db: Kysely<Database>) => Promise<RecordedChange<T>>): Promise<T>;
}

/**
 * Inside a caller's transaction: the change joins it, and its events wait in `pending` until the transaction has
 * done everything else; the transaction then appends them last (see `appendInCommitOrder`) and wakes the streams
 * once it has committed.
 */
export class TransactionJournal implements EventJournal {
  readonly pending: NewEventRow[] = [];

  constructor(private readonly trx: Kysely<Database>) {}

  async record<T>(change: (db: Kysely<Database>) => Promise<RecordedChange<T>>): Promise<T> {
    const { result, events } = await change(this.trx);
    this.pending.push(...events);
    return result;
  }
}

/** Outside any transaction: each change gets one of its own, and the streams are woken after it commits. */
export class RootJournal implements EventJournal {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly wakeup: EventWakeup,
  ) {}

  async record<T>(change: (db: Kysely<Database>) => Promise<RecordedChange<T>>): Promise<T> {
    const { result, events } = await this.db.transaction().execute(async (trx) => {
      const recorded = await change(trx);
      await appendInCommitOrder(trx, this.dialect, recorded.events);
      return recorded;
    });
    if (events.length > 0) this.wakeup.notify();
    return result;
  }
}

/** pg_advisory_xact_lock key: "cais" in ASCII. */
export const EVENT_ORDER_LOCK = 0x63616973;

/**
 * Appends a transaction's events as the last thing it does before committing, in an order that makes event ids
 * increase in commit order: what lets a stream resume "after id N" without ever skipping an event.
 *
 * PostgreSQL hands out sequence values at insert time: without a lock, a transaction that took id 5 could commit
 * after one that took id 6, and a stream that had already sent 6 would never send 5. So the inserts run under a
 * transaction-scoped advisory lock, held until commit. Only transactions that append events take it, and only
 * at their end: nothing but the insert and the commit runs while it is held, so no transaction holding it ever
 * waits for a row another holds (taken earlier, two transactions could each wait for the other). SQLite has one
 * writer at a time, so its order is already that.
 */
export async function appendInCommitOrder(trx: Kysely<Database>, dialect: Dialect, events: NewEventRow[]) {
  if (events.length === 0) return;
  if (dialect === "postgres") await sql`select pg_advisory_xact_lock(${EVENT_ORDER_LOCK})`.execute(trx);
  await new EventRepository(trx).append(events);
}
