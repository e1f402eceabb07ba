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
 * Inside a caller's transaction: the change and its events join it; `appended` tells the transaction to wake
 * the streams once it has committed.
 */
export class TransactionJournal implements EventJournal {
  constructor(
    private readonly trx: Kysely<Database>,
    private readonly appended: () => void,
  ) {}

  async record<T>(change: (db: Kysely<Database>) => Promise<RecordedChange<T>>): Promise<T> {
    const { result, events } = await change(this.trx);
    await new EventRepository(this.trx).append(events);
    if (events.length > 0) this.appended();
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
      await lockEventOrder(trx, this.dialect);
      const recorded = await change(trx);
      await new EventRepository(trx).append(recorded.events);
      return recorded;
    });
    if (events.length > 0) this.wakeup.notify();
    return result;
  }
}

/** pg_advisory_xact_lock key: "cais" in ASCII. */
const EVENT_ORDER_LOCK = 0x63616973;

/**
 * Makes event ids increase in commit order, which is what lets a stream resume "after id N" without ever
 * skipping an event. PostgreSQL hands out sequence values at insert time: without this, a transaction that took
 * id 5 could commit after one that took id 6, and a stream that had already sent 6 would never send 5. The
 * lock is taken first thing in every write transaction (taken later, two transactions could each hold a row
 * the other waits for) and released at commit. SQLite has one writer at a time, so its order is already that.
 */
export async function lockEventOrder(trx: Kysely<Database>, dialect: Dialect): Promise<void> {
  if (dialect === "postgres") await sql`select pg_advisory_xact_lock(${EVENT_ORDER_LOCK})`.execute(trx);
}
